// What every portlet does: its frame (title, CSV download, message), loading the content the
// server makes of it (GET /api/workspace/pages/<page>/portlets/<n>: cells, figure or value,
// formatted, as the page's PDF shows them) with only the newest answer shown, and a clear message
// instead of a blank for errors and missing data.
import { ApiError, fetchChanged } from "../api.js";
import { escapeHtml, toCsv } from "../format.js";
import { stateToSearch } from "../state.js";

export class Portlet {
  // placement: a portlet property of the portal API, {attributes: {pos_x, …, portlet}}.
  constructor(placement, host) {
    const { pos_x: x, pos_y: y, size_x: width, size_y: height, portlet } = placement.attributes;
    const definition = portlet.attributes;
    this.definition = definition;
    this.config = definition.configuration;
    // Where its content is served: its page's portlet, or the page's own (Explore's) endpoint.
    this.index = placement.index;
    this.contentPath = placement.contentPath;
    this.host = host;
    this.generation = 0;
    this.csv = null; // {header, rows} of what is shown
    this.element = document.createElement("section");
    this.element.className = `portlet portlet-${definition.portlet_component.attributes.type}`;
    this.element.dataset.title = definition.title;
    this.element.style.gridColumn = `${x + 1} / span ${width}`;
    this.element.style.gridRow = `${y + 1} / span ${height}`;
    // On a narrow screen (portlets stacked): those the page file puts first, then the rest.
    if (placement.meta?.narrow_order) this.element.style.setProperty("--narrow-order", placement.meta.narrow_order);
    this.element.innerHTML = `<header><h2></h2><span class="sources"></span>
      <button type="button" class="csv" title="Download the data shown as CSV" disabled>CSV</button></header>
      <p class="portlet-message" role="status" hidden></p><div class="portlet-body"></div>`;
    this.element.querySelector("h2").textContent = definition.title;
    this.body = this.element.querySelector(".portlet-body");
    if (this.constructor.scrolls) {
      // Rows that overflow scroll in the body: the keyboard reaches them by focusing it.
      Object.assign(this.body, { tabIndex: 0, role: "region" });
      this.body.setAttribute("aria-label", definition.title);
    }
    this.message = this.element.querySelector(".portlet-message");
    this.csvButton = this.element.querySelector(".csv");
    this.sources = this.element.querySelector(".sources");
    this.csvButton.addEventListener("click", () => this.download());
    // What the server drew of it in the page's HTML (templates/first_screen.html), shown until its content arrives.
    const drawn = this.contentPath ? null : document.getElementById(`first-screen-${this.index}`);
    if (drawn) {
      this.sources.innerHTML = drawn.querySelector(".sources").innerHTML;
      const body = drawn.querySelector(".portlet-body");
      this.body.append(...body.childNodes);
      this.body.classList.toggle("painted", body.classList.contains("painted"));
    }
  }

  // view: {selection} from the controller. Only the newest call's answer is drawn.
  async load(view) {
    const generation = ++this.generation;
    this.abort?.abort();
    this.abort = new AbortController();
    this.setState("loading");
    this.uirevision = generation; // a new view: a plot's zoom starts afresh; a refresh keeps it
    try {
      const content = await this.fetch(view, this.abort.signal);
      if (generation !== this.generation) return;
      this.view = view;
      if (content.state !== "ready") {
        this.clear();
        return this.showMessage(content.state, content.message); // waiting | empty | error
      }
      // The links first: on a phone they wrap the header, and a plot measures what is left.
      this.showSources(content.sources);
      await this.render(content);
      if (generation === this.generation) this.showData(content.csv);
    } catch (error) {
      if (generation !== this.generation || error.name === "AbortError") return;
      this.clear();
      if (error instanceof ApiError) this.showMessage("error", `The API refused: ${error.message}`);
      else this.showMessage("error", `Could not show this portlet: ${error.message}`);
    }
  }

  // Live, the data grew: the content asked again with the ETag of what is shown, and redrawn in
  // place only if it changed (a 304 costs the server one hash): a plot keeps its zoom and hidden
  // traces, a table its scroll. A load started since wins; an error leaves what is shown.
  async refresh() {
    if (!this.view || this.element.dataset.state === "loading") return;
    const generation = this.generation;
    try {
      const content = await this.fetch({ ...this.view, ifChanged: true });
      if (content === null || generation !== this.generation) return;
      if (content.state !== "ready") {
        this.clear();
        return this.showMessage(content.state, content.message);
      }
      const { scrollTop, scrollLeft } = this.body;
      await this.render(content);
      if (generation !== this.generation) return;
      this.showSources(content.sources);
      this.showData(content.csv);
      Object.assign(this.body, { scrollTop, scrollLeft });
    } catch (error) {
      if (generation === this.generation) console.warn(`${this.definition.title}: not refreshed: ${error.message}`);
    }
  }

  // The portlet's content for the view: the selection as the page's URL writes it, and `extra`
  // parameters (a table's page and sort). view.ifChanged: null if it is what is shown.
  async fetch(view, signal, extra = {}) {
    const answer = await fetchChanged(this.contentUrl(view, extra), { signal, etag: view.ifChanged ? this.etag : undefined });
    if (answer === null) return null;
    this.etag = answer.etag;
    return answer.document.data.attributes;
  }

  // The URL of the portlet's content for the view (`suffix`: of another form of it, a plot's /svg).
  contentUrl(view, extra = {}, suffix = "") {
    const path = this.contentPath ?? `/api/workspace/pages/${encodeURIComponent(this.host.page.path)}/portlets/${this.index}`;
    const [base, query = ""] = path.split("?");
    const params = new URLSearchParams(query);
    for (const [key, value] of new URLSearchParams(stateToSearch(view.selection, this.host.vocabulary))) params.set(key, value);
    for (const [key, value] of Object.entries(extra)) if (value !== undefined && value !== null) params.set(key, value);
    const search = params.toString().replaceAll("%5B", "[").replaceAll("%5D", "]").replaceAll("%2C", ",");
    return `${base}${suffix}${search ? `?${search}` : ""}`;
  }

  setState(state) {
    this.element.dataset.state = state;
  }

  // sources: the API queries whose rows it shows, linked so that every figure can be traced to
  // the API's rows, each by its label (its resource, unless a plot has several of one: "DCS,
  // power lasting"), as in the PDF.
  showSources(sources = []) {
    this.sources.innerHTML = sources
      .map((s) => `<a href="${escapeHtml(s.href)}" target="_blank" rel="noopener" title="The API's rows: ${escapeHtml(s.title)}">${escapeHtml(s.label)}</a>`)
      .join(" ");
  }

  // csv: {header, rows} of what is shown (full precision).
  showData(csv) {
    this.csv = csv ?? null;
    this.csvButton.disabled = !this.csv;
    this.body.classList.remove("painted"); // its own content shown now, not the server's first screen
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
