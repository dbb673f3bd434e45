// What every portlet does: its frame (title, CSV download, message), loading with only the
// newest answer shown, and a clear message instead of a blank for errors and missing data.
import { ApiError } from "../api.js";
import { escapeHtml, toCsv } from "../format.js";
import { MissingVariable } from "../query.js";

export class Portlet {
  // placement: a portlet property of the portal API, {attributes: {pos_x, …, portlet}}.
  constructor(placement, host) {
    const { pos_x: x, pos_y: y, size_x: width, size_y: height, portlet } = placement.attributes;
    const definition = portlet.attributes;
    this.definition = definition;
    this.config = definition.configuration;
    // The controller values it takes, and those without which it shows nothing.
    this.takes = definition.selectors.in.map((s) => s.attributes.name);
    this.needs = definition.selectors.in.filter((s) => s.meta?.required).map((s) => s.attributes.name);
    this.host = host;
    this.generation = 0;
    this.csv = null; // {header, rows} of what is shown
    this.element = document.createElement("section");
    this.element.className = `portlet portlet-${definition.portlet_component.attributes.type}`;
    this.element.dataset.title = definition.title;
    this.element.style.gridColumn = `${x + 1} / span ${width}`;
    this.element.style.gridRow = `${y + 1} / span ${height}`;
    this.element.innerHTML = `<header><h2></h2><span class="sources"></span>
      <button type="button" class="csv" title="Download the data shown as CSV" disabled>CSV</button></header>
      <p class="portlet-message" role="status" hidden></p><div class="portlet-body"></div>`;
    this.element.querySelector("h2").textContent = definition.title;
    this.body = this.element.querySelector(".portlet-body");
    this.message = this.element.querySelector(".portlet-message");
    this.csvButton = this.element.querySelector(".csv");
    this.sources = this.element.querySelector(".sources");
    this.csvButton.addEventListener("click", () => this.download());
  }

  // view: {selection, variables} from the controller. Only the newest call's answer is drawn.
  async load(view) {
    const generation = ++this.generation;
    this.abort?.abort();
    this.abort = new AbortController();
    this.setState("loading");
    try {
      const result = await this.fetch(view, this.abort.signal);
      if (generation !== this.generation) return;
      await this.render(result, view);
    } catch (error) {
      if (generation !== this.generation || error.name === "AbortError") return;
      this.clear();
      if (error instanceof MissingVariable) this.showMessage("waiting", error.message);
      else if (error instanceof ApiError) this.showMessage("error", `The API refused: ${error.message}`);
      else this.showMessage("error", `Could not show this portlet: ${error.message}`);
    }
  }

  setState(state) {
    this.element.dataset.state = state;
  }

  // csv: {header, rows} of what is shown; sources: the API queries whose rows it shows (probes
  // name them), linked so that every figure can be traced to the API's rows.
  showData(csv, sources = []) {
    this.sources.innerHTML = sources
      .map((s) => `<a href="${escapeHtml(s.href)}" target="_blank" rel="noopener" title="The API's rows: ${escapeHtml(s.title)}">${escapeHtml(s.resource)}</a>`)
      .join(" ");
    this.csv = csv;
    this.csvButton.disabled = false;
    this.message.hidden = true;
    this.body.hidden = false;
    this.setState("ready");
  }

  showMessage(state, text) {
    this.sources.innerHTML = "";
    this.csv = null;
    this.csvButton.disabled = true;
    this.message.textContent = text;
    this.message.hidden = false;
    this.body.hidden = true;
    this.setState(state); // waiting | empty | error
  }

  // No rows: what that means when the page says so (a table's `empty`: "Nothing left its limits"),
  // during what the server calls the selection ("during the morning shift 2018-10-16").
  async noData(view) {
    this.clear();
    const generation = this.generation;
    const during = this.config.empty ? (await view.context)?.during : undefined;
    if (generation !== this.generation) return;
    if (during) return this.showMessage("empty", `${this.config.empty} ${during}.`);
    const what = Object.entries(view.selection).map(([k, v]) => `${k.replace("_", " ")} ${v}`).join(", ");
    this.showMessage("empty", `No data${what ? ` for ${what}` : ""}.`);
  }

  clear() {}

  download() {
    if (!this.csv) return;
    const blob = new Blob([toCsv(this.csv.header, this.csv.rows)], { type: "text/csv" });
    const link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = `${this.definition.title.toLowerCase().replace(/[^a-z0-9]+/g, "_").replace(/^_|_$/g, "")}.csv`;
    link.click();
    setTimeout(() => URL.revokeObjectURL(link.href), 1000);
  }
}
