// A timeline portlet lists the events its content carries (the events_timeline probe's, in its
// order: by minute, alarms first within a minute), each in its severity's colour and linking the
// page and selection that show it; the shifter narrows them by source and least severity (in the
// page, on the rows already fetched).
import { escapeHtml } from "../format.js";
import { Portlet } from "./portlet.js";

const SEVERITIES = ["info", "warning", "alarm"];

export class TimelinePortlet extends Portlet {
  constructor(definition, host) {
    super(definition, host);
    this.hiddenSources = new Set();
    this.least = "info";
    this.body.addEventListener("change", (event) => this.onFilter(event));
  }

  render(content) {
    const { header, rows } = content.table;
    const at = Object.fromEntries(header.map((column, i) => [column.name, i]));
    const date = (column) => header[at[column]].date; // the one day of a column of times, if one
    this.events = rows.map((row, i) => ({ row, csv: content.csv.rows[i] }));
    this.lines = rows.map((row) => {
      const cell = (name) => row.cells[at[name]];
      // In a line of text, a time may wrap between its date and its clock.
      const when = (name) => `${date(name) ? `${date(name)} ` : ""}${cell(name).text}`.replaceAll("\u00a0", " ");
      const subject = cell("subject");
      return `<li class="severity-${escapeHtml(row.severity)}" data-source="${escapeHtml(row.source)}">
        <time datetime="${escapeHtml(cell("start_time").title ?? "")}">${escapeHtml(when("start_time"))}</time>
        <span class="severity">${escapeHtml(row.severity)}</span> <span class="source">${escapeHtml(row.source)}</span>
        <a href="${escapeHtml(subject.link)}">${escapeHtml(subject.text)}</a> <span class="text">${escapeHtml(cell("text").text)}</span>
        ${cell("end_time").title ? `<span class="until">until ${escapeHtml(when("end_time"))}</span>` : ""}</li>`;
    });
    this.csvHeader = content.csv.header;
    const present = [...new Set(rows.map((row) => row.source))];
    const boxes = present
      .map((s) => `<label><input type="checkbox" name="source" value="${escapeHtml(s)}"${this.hiddenSources.has(s) ? "" : " checked"}> ${escapeHtml(s)}</label>`)
      .join(" ");
    const options = SEVERITIES.map((s) => `<option value="${s}"${s === this.least ? " selected" : ""}>${s === "info" ? "all" : `${s} and worse`}</option>`).join("");
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
    const least = SEVERITIES.indexOf(this.least);
    const shown = this.events.map((e, i) => i).filter((i) => {
      const { row } = this.events[i];
      return !this.hiddenSources.has(row.source) && SEVERITIES.indexOf(row.severity) >= least;
    });
    this.body.querySelector(".timeline").innerHTML = shown.map((i) => this.lines[i]).join("")
      || `<li class="none">No event of these sources and severity.</li>`;
    return { header: this.csvHeader, rows: shown.map((i) => this.events[i].csv) };
  }
}
