// A timeline portlet lists the events its content carries (the events_timeline probe's, in its
// order: alarms first, then by minute), each marked by its severity in a word, a symbol and colour
// and linking the page and selection that show it; a routine kind's events are one line with
// their count, which opens to list them. Its HTML is the server's (templates/portlets/timeline.html,
// as the page's first screen shows it); here the shifter narrows the lines by source and least
// severity (in the page, on the rows already fetched), and the CSV follows what is shown.
import { Portlet } from "./portlet.js";

export class TimelinePortlet extends Portlet {
  constructor(definition, host) {
    super(definition, host);
    this.hiddenSources = new Set();
    this.least = undefined; // the least severity shown; the first (all) until chosen
    this.body.addEventListener("change", (event) => this.onFilter(event));
  }

  render(content) {
    this.severities = content.severities; // least first
    this.least ??= this.severities[0];
    // Each line's CSV: the events it stands for (a routine kind's line: all of them).
    this.events = content.table.rows.map((row) => row.events.map((i) => content.csv.rows[i]));
    this.csvHeader = content.csv.header;
    this.body.innerHTML = content.html;
    // The shifter's choices stand when the content is drawn again (live, a new selection).
    for (const box of this.body.querySelectorAll("input[name=source]")) box.checked = !this.hiddenSources.has(box.value);
    this.body.querySelector("select[name=severity]").value = this.least;
    content.csv = this.draw();
  }

  onFilter(event) {
    const { name, value, checked } = event.target;
    if (!this.events) return; // the first screen's lines, drawn before this portlet's content came
    if (name === "source") checked ? this.hiddenSources.delete(value) : this.hiddenSources.add(value);
    else if (name === "severity") this.least = value;
    else return;
    this.csv = this.draw();
  }

  // The lines of the chosen sources and severities shown; the CSV of those shown.
  draw() {
    const least = this.severities.indexOf(this.least);
    const lines = [...this.body.querySelectorAll("ol.timeline > li[data-source]")];
    const shown = lines.map((line) => !this.hiddenSources.has(line.dataset.source) && this.severities.indexOf(line.dataset.severity) >= least);
    lines.forEach((line, i) => (line.hidden = !shown[i]));
    this.body.querySelector("ol.timeline > li.none").hidden = shown.some(Boolean);
    return { header: this.csvHeader, rows: this.events.filter((_, i) => shown[i]).flat() };
  }
}
