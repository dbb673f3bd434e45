// The notes typed on a page, kept in the browser (localStorage) per page, notes portlet and
// selection: a reload, a sidebar link or a drill-down and back finds them again, and ◀ ▶ shows
// each shift's own draft. Cleared once the shift is handed over. No DOM: `node --test frontend/tests/`.
import { stateToSearch } from "./state.js";

const PREFIX = "pixelws.notes:";

// pixelws.notes:shift_report/13?shift=2018-10-09%2Fevening (live mode is not part of what the notes are about).
export function draftKey(pageId, index, selection) {
  const { live, ...chosen } = selection;
  return `${PREFIX}${pageId}/${index}${stateToSearch(chosen)}`;
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
