// The PDF button: the page as shown, with its notes, from /pages/<id>.pdf?<the page's query>.
// A form posts the notes (never stored: the PDF is made and sent back as a download).

export class PdfButton {
  constructor(pageId, notesPortlets) {
    this.pageId = pageId;
    this.notesPortlets = notesPortlets;
    this.element = document.createElement("form");
    this.element.className = "pdf";
    this.element.method = "post";
    this.element.innerHTML = `<button type="submit" title="This page as an A4 PDF, with the notes typed on it">PDF</button>`;
    this.element.addEventListener("submit", () => this.fill());
    this.update(location.search);
  }

  update(search) {
    this.element.action = `/pages/${encodeURIComponent(this.pageId)}.pdf${search}`;
  }

  // The notes' current text as the form's fields, just before it is sent.
  fill() {
    for (const input of this.element.querySelectorAll("input[type=hidden]")) input.remove();
    for (const portlet of this.notesPortlets()) {
      const input = document.createElement("input");
      input.type = "hidden";
      Object.assign(input, portlet.field);
      this.element.append(input);
    }
  }
}
