// A notes portlet: a text box for the shifter's notes, which travel with the page's PDF (the
// PDF button posts them) and, on the Shift report, with the handover (handover.js). The text is
// kept in this browser as a draft per selection (drafts.js) until the shift is handed over.
import { Drafts, draftKey } from "../drafts.js";
import { Portlet } from "./portlet.js";

const drafts = new Drafts(window.localStorage);

export class NotesPortlet extends Portlet {
  // placement: its portlet property; index: its place in the page, which names its notes field.
  constructor(placement, host) {
    super(placement, host);
    this.index = placement.index;
    this.key = null; // the draft shown: page, portlet and selection
    this.element.querySelector(".csv").remove();
    // The most characters the server takes, from the component's config_schema (apps/workspace/portlets/notes.py).
    this.limit = this.definition.portlet_component.attributes.config_schema["x-text-limit"];
    this.body.innerHTML = `<textarea maxlength="${this.limit}" spellcheck="true"></textarea><p class="notes-count"></p>`;
    this.textarea = this.body.querySelector("textarea");
    this.textarea.name = `notes.${placement.index}`;
    this.textarea.placeholder = this.config?.placeholder || "Notes for the PDF";
    this.textarea.setAttribute("aria-label", this.definition.title);
    this.count = this.body.querySelector(".notes-count");
    this.textarea.addEventListener("input", () => {
      if (this.key) drafts.write(this.key, this.textarea.value);
      this.counted();
    });
    this.counted();
  }

  counted() {
    this.count.textContent = `${this.textarea.value.length} / ${this.limit} characters · kept in this browser until handed over`;
  }

  // Each selection (a shift) shows its own draft; the text typed for another stays with it.
  async load({ selection }) {
    const key = draftKey(this.host.page?.path ?? "", this.index, selection);
    if (key !== this.key) {
      this.key = key;
      this.textarea.value = drafts.read(key);
      this.counted();
    }
    this.handover?.show(selection);
    this.setState("ready");
  }

  // Handed over: the draft is done with.
  clearDraft() {
    if (this.key) drafts.clear(this.key);
    this.textarea.value = "";
    this.counted();
  }

  get unsaved() {
    return this.textarea.value.trim() !== "";
  }

  get field() {
    return { name: this.textarea.name, value: this.textarea.value };
  }
}
