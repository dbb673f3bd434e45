// The Shift report's handover: a Shifter box and a Hand over button under the notes. Handing
// over posts the shift, the name and the notes (POST /api/workspace/handovers, with the page's
// CSRF token); the server stores them with the report's PDF. Below: what was handed over last (its
// notes and PDF, once the draft is cleared) and this shift's handovers, each with its stored PDF
// and its time as the server writes it (GET /api/workspace/shift_handovers?shift=…). With CERN
// SSO on, the shifter is the person signed in (the shell's <meta name="person">), shown and not
// typed: the server hands over under that name whatever is posted (apps/handovers/views.py,
// pixelws/auth.py).
import { ApiError, fetchDocument } from "./api.js";
import { escapeHtml } from "./format.js";

const SHIFTER_KEY = "pixelws.shifter";

export class HandoverPanel {
  // notes: the NotesPortlet whose text is handed over; key: the controller value it is handed over
  // for (the vocabulary's hands_over), which is also the handovers' attribute naming it.
  constructor(notes, key) {
    this.notes = notes;
    this.key = key;
    this.chosen = null;
    this.element = document.createElement("div");
    this.element.className = "handover";
    this.person = document.querySelector('meta[name="person"]')?.content ?? null;
    const shifter = this.person === null
      ? `<label>Shifter <input name="shifter" autocomplete="name" maxlength="200" required></label>`
      : `<span class="shifter">Shifter <strong>${escapeHtml(this.person)}</strong></span>`;
    this.element.innerHTML = `<form class="handover-form">
        ${shifter}
        <button type="submit">Hand over</button>
        <span class="handover-status" role="status"></span>
      </form>
      <p class="handed-over" hidden></p>
      <ul class="handovers"></ul>`;
    this.form = this.element.querySelector("form");
    this.name = this.form.elements.shifter ?? null; // none with SSO on
    this.button = this.form.querySelector("button");
    this.status = this.element.querySelector(".handover-status");
    if (this.name) {
      this.name.value = localStorage.getItem(SHIFTER_KEY) ?? "";
      this.name.addEventListener("change", () => localStorage.setItem(SHIFTER_KEY, this.name.value.trim()));
    }
    this.form.addEventListener("submit", (event) => {
      event.preventDefault();
      this.handOver();
    });
    notes.handover = this;
    notes.body.append(this.element);
  }

  // The one shown: its handovers.
  async show(selection) {
    if ((selection[this.key] ?? null) === this.chosen) return;
    this.chosen = selection[this.key] ?? null;
    this.status.textContent = "";
    await this.list();
  }

  async list() {
    const chosen = this.chosen;
    const list = this.element.querySelector(".handovers");
    const latest = this.element.querySelector(".handed-over");
    if (!chosen) {
      list.innerHTML = "";
      latest.hidden = true;
      return;
    }
    const url = `/api/workspace/shift_handovers?${new URLSearchParams({ [this.key]: chosen })}`;
    let rows;
    try {
      rows = (await fetchDocument(url)).data;
    } catch (error) {
      list.innerHTML = `<li class="problem">${escapeHtml(error.message)}</li>`;
      return;
    }
    if (chosen !== this.chosen) return; // another was chosen meanwhile
    list.innerHTML = rows
      .map(({ attributes: a, relationships: r }) => `<li>Version ${a.version} · ${escapeHtml(a.shifter)} · ${escapeHtml(a.time_text)}
        · <a href="${escapeHtml(r.pdf.links.related)}" target="_blank" rel="noopener">PDF</a></li>`)
      .join("");
    latest.hidden = rows.length === 0;
    if (rows.length) { // what was handed over last: its notes stay in sight once the draft is cleared
      const { attributes: a, relationships: r } = rows[0];
      latest.innerHTML = `Handed over by ${escapeHtml(a.shifter)} at ${escapeHtml(a.time_text)} (version ${a.version})
        · <a href="${escapeHtml(r.pdf.links.related)}" target="_blank" rel="noopener">PDF ↗</a>
        <span class="handed-over-notes">${a.notes ? `Notes: ${escapeHtml(a.notes)}` : "No notes."}</span>`;
    }
  }

  async handOver() {
    const chosen = this.chosen;
    if (!chosen) return;
    const body = { data: { type: "handovers", attributes: { [this.key]: chosen, shifter: this.person ?? this.name.value, notes: this.notes.textarea.value } } };
    this.button.disabled = true;
    this.status.textContent = "Making the PDF and storing the handover…";
    try {
      const response = await fetch("/api/workspace/handovers", {
        method: "POST",
        headers: { "Content-Type": "application/vnd.api+json", Accept: "application/vnd.api+json",
          "X-CSRFToken": document.querySelector('meta[name="csrf-token"]').content },
        body: JSON.stringify(body),
      });
      const document_ = await response.json().catch(() => ({}));
      if (!response.ok) throw new ApiError(response.status, document_.errors || []);
      if (chosen === this.chosen) this.notes.clearDraft();
      this.status.textContent = "";
      await this.list();
    } catch (error) {
      this.status.textContent = `Not handed over: ${error.message}`;
      this.status.classList.add("problem");
      return;
    } finally {
      this.button.disabled = false;
    }
    this.status.classList.remove("problem");
  }
}
