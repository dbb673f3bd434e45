// The PDF button: the page as shown, with its notes, from /pages/<id>.pdf?<the page's query>.
// The notes are posted (this PDF is made and sent back, not stored: handing a shift over stores
// one, handover.js); the answer is saved as a download, so the page and its notes stay as they
// are, and a refusal is shown, not navigated to.
import { ApiError } from "./api.js";

export class PdfButton {
  constructor(pageId, notesPortlets, say) {
    this.pageId = pageId;
    this.notesPortlets = notesPortlets;
    this.say = say;
    this.element = document.createElement("button");
    this.element.type = "button";
    this.element.className = "pdf";
    this.element.textContent = "PDF";
    this.element.title = "This page as an A4 PDF, with the notes typed on it";
    this.element.addEventListener("click", () => this.download());
  }

  async download() {
    const body = new URLSearchParams();
    for (const portlet of this.notesPortlets()) body.append(portlet.field.name, portlet.field.value);
    this.element.disabled = true;
    this.element.textContent = "Making the PDF…";
    try {
      const response = await fetch(`/pages/${encodeURIComponent(this.pageId)}.pdf${location.search}`, {
        method: "POST", body, headers: { "X-CSRFToken": document.querySelector('meta[name="csrf-token"]').content } });
      if (!response.ok) {
        const document = await response.json().catch(() => ({}));
        throw new ApiError(response.status, document.errors || []);
      }
      const name = /filename="([^"]+)"/.exec(response.headers.get("Content-Disposition") || "")?.[1] || `pixel-${this.pageId}.pdf`;
      const link = Object.assign(document.createElement("a"), { href: URL.createObjectURL(await response.blob()), download: name });
      link.click();
      setTimeout(() => URL.revokeObjectURL(link.href), 1000);
    } catch (error) {
      this.say(`No PDF: ${error.message}`, true);
    } finally {
      this.element.disabled = false;
      this.element.textContent = "PDF";
    }
  }
}
