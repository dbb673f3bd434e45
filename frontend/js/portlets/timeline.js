// A timeline portlet lists the events its content carries (the events_timeline probe's, in its
// order: alarms first, then by minute), each marked by its severity in a word, a symbol and colour
// and linking the page and selection that show it; a routine kind's events are one line with
// their count, which opens to list them (apps/workspace/portlets/timeline.py). The shifter narrows
// them by source and least severity (in the page, on the rows already fetched).
import { escapeHtml } from "../format.js";
import { Portlet } from "./portlet.js";

export class TimelinePortlet extends Portlet {
  constructor(definition, host) {
    super(definition, host);
    this.hiddenSources = new Set();
    this.least = undefined; // the least severity shown; the first (all) until chosen
    this.body.addEventListener("change", (event) => this.onFilter(event));
  }

  render(content) {
    const { header, rows } = content.table;
    const at = Object.fromEntries(header.map((column, i) => [column.name, i]));
    this.severities = content.severities; // least first
    this.least ??= this.severities[0];
    // Each line's CSV: the events it stands for (a routine kind's row: all of them).
    this.events = rows.map((row) => ({ row, csv: row.events.map((i) => content.csv.rows[i]) }));
    const line = (row) => {
      const cell = (name) => row.cells[at[name]];
      const subject = cell("subject");
      const until = row.end ? ` <span class="ends">until ${escapeHtml(row.end)} (${escapeHtml(row.duration)})</span>` : "";
      const what = `<time datetime="${escapeHtml(cell("start_time").title ?? "")}">${escapeHtml(row.start)}</time>
        <span class="severity">${escapeHtml(cell("severity").text)}</span> <span class="source">${escapeHtml(row.source)}</span>
        ${row.members // a routine kind's count: "16 ROCs automasked (15 modules)"
          ? `<span class="text">${escapeHtml(cell("text").text)}</span> (<span class="subject">${escapeHtml(subject.text)}</span>)`
          : `<a href="${escapeHtml(subject.link)}">${escapeHtml(subject.text)}</a> <span class="text">${escapeHtml(cell("text").text)}</span>`}${until}`;
      return row.members
        ? `<li class="severity-${escapeHtml(row.severity)} group" data-source="${escapeHtml(row.source)}"><details><summary>${what}</summary>
          <ol>${row.members.map(line).join("")}</ol></details></li>`
        : `<li class="severity-${escapeHtml(row.severity)}" data-source="${escapeHtml(row.source)}">${what}</li>`;
    };
    this.lines = rows.map(line);
    this.csvHeader = content.csv.header;
    const present = [...new Set(rows.map((row) => row.source))];
    const boxes = present
      .map((s) => `<label><input type="checkbox" name="source" value="${escapeHtml(s)}"${this.hiddenSources.has(s) ? "" : " checked"}> ${escapeHtml(s)}</label>`)
      .join(" ");
    const options = this.severities.map((s, i) => `<option value="${escapeHtml(s)}"${s === this.least ? " selected" : ""}>${i === 0 ? "all" : `${s} and worse`}</option>`).join("");
    this.body.innerHTML = `<form class="timeline-filters" aria-label="Filter the events">
      <fieldset><legend>Sources</legend>${boxes}</fieldset>
      <label>Severity <select name="severity">${options}</select></label></form><ol class="timeline"></ol>`;
    content.csv = this.draw();
  }

  onFilter(event) {
    const { name, value, checked } = event.target;
    if (name === "source") checked ? this.hiddenSources.delete(value) : this.hiddenSources.add(value);
    else if (name === "severity") this.least = value;
    else return;
    this.csv = this.draw();
  }

  // The events of the chosen sources and severities; the CSV of those shown.
  draw() {
    const least = this.severities.indexOf(this.least);
    const shown = this.events.map((e, i) => i).filter((i) => {
      const { row } = this.events[i];
      return !this.hiddenSources.has(row.source) && this.severities.indexOf(row.severity) >= least;
    });
    this.body.querySelector(".timeline").innerHTML = shown.map((i) => this.lines[i]).join("")
      || `<li class="none">No event of these sources and severity.</li>`;
    return { header: this.csvHeader, rows: shown.flatMap((i) => this.events[i].csv) };
  }
}
