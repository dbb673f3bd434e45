// A timeline portlet lists the events the events_timeline probe serves for the controller's
// view, in the probe's order (by minute, alarms first within a minute), each in its severity's
// colour and linking the page and selection that show it; the shifter narrows them by source
// and least severity (in the page, on the rows already fetched).
import { escapeHtml } from "../format.js";
import { fetchPlot } from "./plot.js";
import { Portlet } from "./portlet.js";

const SEVERITIES = ["info", "warning", "alarm"];

const time = (iso) => (iso ? `${iso.slice(0, 10)} ${iso.slice(11, 16)}` : "");

export class TimelinePortlet extends Portlet {
  constructor(definition, host) {
    super(definition, host);
    this.hiddenSources = new Set();
    this.least = "info";
    this.body.addEventListener("change", (event) => this.onFilter(event));
  }

  async fetch(view, signal) {
    return fetchPlot(this, view, signal, ["title", "table", "sources"]);
  }

  render({ table, sources }, view) {
    if (!table || !table.rows.length) return this.noData(view);
    this.events = table.rows;
    this.columns = table.columns;
    this.sourceLinks = sources;
    const present = [...new Set(this.events.map((e) => e.source))];
    const boxes = present
      .map((s) => `<label><input type="checkbox" name="source" value="${escapeHtml(s)}"${this.hiddenSources.has(s) ? "" : " checked"}> ${escapeHtml(s)}</label>`)
      .join(" ");
    const options = SEVERITIES.map((s) => `<option value="${s}"${s === this.least ? " selected" : ""}>${s === "info" ? "all" : `${s} and worse`}</option>`).join("");
    this.body.innerHTML = `<form class="timeline-filters" aria-label="Filter the events">
      <fieldset><legend>Sources</legend>${boxes}</fieldset>
      <label>Severity <select name="severity">${options}</select></label></form><ol class="timeline"></ol>`;
    this.draw();
  }

  onFilter(event) {
    const { name, value, checked } = event.target;
    if (name === "source") checked ? this.hiddenSources.delete(value) : this.hiddenSources.add(value);
    else if (name === "severity") this.least = value;
    else return;
    this.draw();
  }

  draw() {
    const least = SEVERITIES.indexOf(this.least);
    const shown = this.events.filter((e) => !this.hiddenSources.has(e.source) && SEVERITIES.indexOf(e.severity) >= least);
    this.body.querySelector(".timeline").innerHTML = shown
      .map((e) => `<li class="severity-${escapeHtml(e.severity)}" data-source="${escapeHtml(e.source)}">
        <time datetime="${escapeHtml(e.start_time)}">${escapeHtml(time(e.start_time))}</time>
        <span class="severity">${escapeHtml(e.severity)}</span> <span class="source">${escapeHtml(e.source)}</span>
        <a href="${escapeHtml(e.link)}">${escapeHtml(e.subject)}</a> <span class="text">${escapeHtml(e.text)}</span>
        ${e.end_time ? `<span class="until">until ${escapeHtml(time(e.end_time))}</span>` : ""}</li>`)
      .join("") || `<li class="none">No event of these sources and severity.</li>`;
    const names = this.columns.map((c) => c.name);
    this.showData({ header: names, rows: shown.map((e) => names.map((n) => e[n])) }, this.sourceLinks);
  }
}
