// The notes typed on a page, kept in the browser (localStorage) per page, notes portlet and
// selection: a reload, a sidebar link or a drill-down and back finds them again, and ◀ ▶ shows
// each shift's own draft. Cleared once the shift is handed over. No DOM: `node --test frontend/tests/`.
import { stateToSearch } from "./state.js";

const PREFIX = "pixelws.notes:";

// pixelws.notes:shift_report/13?shift=2018-10-09%2Fevening, for the selection as the server
// resolved it (in URL order; the live mode is not part of it).
export function draftKey(pageId, index, selection) {
  return `${PREFIX}${pageId}/${index}${stateToSearch(selection)}`;
}

export class Drafts {
  // storage: window.localStorage, or anything with getItem / setItem / removeItem.
  constructor(storage) {
    this.storage = storage;
  }

  read(key) {
    try {
      return this.storage.getItem(key) ?? "";
    } catch {
      return ""; // storage refused (private mode, quota): the text box still works
    }
  }

  // An empty draft is no draft: nothing is kept.
  write(key, text) {
    try {
      if (text) this.storage.setItem(key, text);
      else this.storage.removeItem(key);
      return true;
    } catch {
      return false;
    }
  }

  clear(key) {
    this.write(key, "");
  }
}
