// A notes portlet: a text box for the shifter's notes, which travel with the page's PDF (the
// PDF button posts them). Never stored: the server is read-only, and the text is the page's only.
import { Portlet } from "./portlet.js";

export const NOTES_LIMIT = 10000; // characters; the server refuses more (apps/workspace/pages.py)

export class NotesPortlet extends Portlet {
  // placement: its portlet property; index: its place in the page, which names its notes field.
  constructor(placement, host) {
    super(placement, host);
    this.element.querySelector(".csv").remove();
    this.body.innerHTML = `<textarea maxlength="${NOTES_LIMIT}" spellcheck="true"></textarea><p class="notes-count"></p>`;
    this.textarea = this.body.querySelector("textarea");
    this.textarea.name = `notes.${placement.index}`;
    this.textarea.placeholder = this.config?.placeholder || "Notes for the PDF";
    this.textarea.setAttribute("aria-label", this.definition.title);
    this.count = this.body.querySelector(".notes-count");
    this.textarea.addEventListener("input", () => this.counted());
    this.counted();
  }

  counted() {
    this.count.textContent = `${this.textarea.value.length} / ${NOTES_LIMIT} characters · goes into the PDF, never stored`;
  }

  // The notes stay as they are when the selection changes: they are about the shift, not a query.
  async load() {
    this.setState("ready");
  }

  get field() {
    return { name: this.textarea.name, value: this.textarea.value };
  }
}
