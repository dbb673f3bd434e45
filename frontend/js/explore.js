// The Explore page (/explore): plot any resource with the series probe. Choose a resource, then
// x, y and grouping from its /meta, add filters with the dialect's operators; the plot and the
// matching rows are ordinary plot and table portlets. The URL holds every choice (a permalink);
// "Copy as page" asks the server for the page file (and its OMS portal form) that shows this plot.
import { fetchDocument, fetchOnce } from "./api.js";
import { choices, complete, defaultOf, exploreSearch, parseExplore } from "./explore-state.js";
import { escapeHtml } from "./format.js";
import { PlotPortlet } from "./portlets/plot.js";
import { TablePortlet } from "./portlets/table.js";
import { API } from "./query.js";
import { fromInputTime, toInputTime } from "./time-input.js";

const option = (value, label, selected) =>
  `<option value="${escapeHtml(value)}"${selected ? " selected" : ""}>${escapeHtml(label ?? value)}</option>`;
const PROBE = "series"; // Explore's plots: the probe of any resource

// A portlet property as the portal API serves it, for a portlet of this page only: its content
// is Explore's n-th portlet for the query (GET /api/workspace/explore/portlets/<n>?<query>).
function placement(title, type, configuration, posY, sizeY, index, search) {
  const portlet = { attributes: { title, configuration, portlet_component: { attributes: { type } }, selectors: { in: [], out: [] } } };
  return { attributes: { pos_x: 0, pos_y: posY, size_x: 12, size_y: sizeY, portlet }, contentPath: `/api/workspace/explore/portlets/${index}${search}` };
}

// A filter's value input, fitting the attribute's type; `label` names it for a screen reader.
function valueInput(type, value = "", label = "Value") {
  const named = `name="f_value" aria-label="${escapeHtml(label)}"`;
  if (type === "boolean") {
    return `<select ${named}>${["", "true", "false", "null"].map((v) => option(v, v || "…", v === value)).join("")}</select>`;
  }
  if (type === "datetime") return `<input ${named} type="datetime-local" step="1" title="UTC" value="${escapeHtml(toInputTime(value))}"> UTC`;
  const kind = { integer: "number", float: "number", date: "date" }[type] || "text";
  const step = type === "float" ? ' step="any"' : type === "integer" ? ' step="1"' : "";
  return `<input ${named} type="${kind}"${step} value="${escapeHtml(value)}">`;
}

export class Explore {
  constructor(host) {
    this.host = host;
  }

  // Draw the page for the URL's state.
  async show(main) {
    this.main = main;
    document.title = "Explore · Pixel";
    let resources, fields = {};
    try {
      // The probe's description: its parameters and what each kind takes.
      this.probe = (await fetchOnce(`${API}plots`)).data.find((p) => p.id === PROBE).attributes;
      resources = (await fetchOnce(API)).data.map((r) => r.id);
      const resource = new URLSearchParams(location.search).get("resource");
      if (resource) fields = (await fetchOnce(`${API}${encodeURIComponent(resource)}/meta`)).meta.fields;
    } catch (error) {
      main.innerHTML = `<p class="problem">${escapeHtml(error.message)}</p>`;
      return;
    }
    const state = parseExplore(location.search, this.probe);
    state.kind = state.kind || defaultOf(this.probe, "kind");
    this.state = state;
    this.fields = fields;
    main.innerHTML = `<header class="page-header"><h1>Explore</h1>
      <p class="description">Plot any resource: choose it, then x, y and a grouping; filters select its rows. The URL keeps every choice.</p></header>
      <form class="controller explore" aria-label="Explore"></form><div class="grid"></div>
      <section class="copied" hidden><h2>Page file</h2>
        <p>Paste it into <code>apps/workspace/pages/&lt;name&gt;.yaml</code> (see docs/add-a-page.md).</p>
        <textarea class="page-yaml" aria-label="Page file" readonly rows="16" spellcheck="false"></textarea>
        <h2>OMS portal form of its portlet</h2><textarea class="portal-json" aria-label="OMS portal form" readonly rows="10" spellcheck="false"></textarea></section>`;
    const form = main.querySelector("form");
    form.innerHTML = this.formHtml(resources, fields, state);
    form.addEventListener("submit", (event) => event.preventDefault());
    form.addEventListener("change", (event) => this.changed(event));
    form.addEventListener("click", (event) => this.clicked(event));
    const grid = main.querySelector(".grid");
    if (!complete(state, this.probe)) {
      grid.innerHTML = `<p class="description">${state.resource ? "Choose x and y (a histogram needs only x)." : "Choose a resource."}</p>`;
      return;
    }
    // The server makes both of the query (apps/workspace/explore.py portlets).
    const search = exploreSearch(state, this.probe);
    this.portlets = [new PlotPortlet(placement("Plot", "plot", {}, 0, 5, 0, search), this.host),
      new TablePortlet(placement(`Matching ${state.resource} rows`, "table", {}, 5, 4, 1, search), this.host)];
    grid.append(...this.portlets.map((p) => p.element));
    for (const portlet of this.portlets) portlet.load({ selection: {} });
  }

  formHtml(resources, fields, state) {
    const fit = choices(fields, state.kind, this.probe);
    const kinds = this.probe.rules.kinds;
    const select = (name, names, value, empty) =>
      `<select name="${name}">${empty !== undefined ? option("", empty, !value) : ""}${names.map((n) => option(n, n, n === value)).join("")}</select>`;
    const ys = (state.y || "").split(",");
    const filters = state.filters.map((f) => this.filterHtml(f)).join("");
    const size = kinds[state.kind].size;
    return `<label class="selector">Resource ${select("resource", resources, state.resource, "…")}</label>
      <label class="selector">Plot ${select("kind", Object.keys(kinds), state.kind)}</label>
      ${state.resource ? `<label class="selector">x ${select("x", fit.x, state.x, "…")}</label>
      ${kinds[state.kind].y ? `<label class="selector">y <select name="y" multiple size="3">${
        fit.y.map((n) => option(n, n, ys.includes(n))).join("")}</select></label>` : ""}
      <label class="selector">Group by ${select("group", fit.group, state.group, "none")}</label>
      <label class="selector">${size} <input name="${size}" type="number" min="1" step="1" value="${escapeHtml(state[size] || "")}"
        placeholder="${escapeHtml(defaultOf(this.probe, size))}"></label>
      <fieldset class="filters"><legend>Filters</legend>${filters}
        <button type="button" data-add-filter>Add filter</button></fieldset>
      <button type="button" data-copy${complete(state, this.probe) ? "" : " disabled"}>Copy as page</button>` : ""}
      <p class="context" role="status"></p>`;
  }

  filterHtml({ attribute, operator = "EQ", value = "" }) {
    const type = this.fields[attribute]?.type || "string";
    const operators = this.fields[attribute]?.operators || ["EQ"]; // /meta: what the dialect takes
    return `<span class="filter" data-filter>
      <select name="f_attribute" aria-label="Filter on">${Object.keys(this.fields).map((n) => option(n, n, n === attribute)).join("")}</select>
      <select name="f_operator" aria-label="Operator of the ${escapeHtml(attribute)} filter">${operators.map((o) => option(o, o, o === operator)).join("")}</select>
      ${valueInput(type, value, `Value of the ${attribute} filter`)}<button type="button" data-remove-filter title="Remove this filter">×</button></span>`;
  }

  // The form's choices as a state.
  read() {
    const form = this.main.querySelector("form");
    const value = (name) => form.elements[name]?.value || undefined;
    const state = { resource: value("resource"), kind: value("kind"), x: value("x"), group: value("group"), filters: [] };
    const y = form.elements.y;
    if (y) state.y = [...y.selectedOptions].map((o) => o.value).join(",") || undefined;
    const size = this.probe.rules.kinds[state.kind].size;
    state[size] = value(size);
    for (const row of form.querySelectorAll("[data-filter]")) {
      const input = row.querySelector("[name=f_value]");
      const raw = input.type === "datetime-local" ? fromInputTime(input.value) : input.value;
      state.filters.push({ attribute: row.querySelector("[name=f_attribute]").value, operator: row.querySelector("[name=f_operator]").value, value: raw });
    }
    if (state.kind === defaultOf(this.probe, "kind")) delete state.kind; // the default: one URL for one choice
    return state;
  }

  changed(event) {
    const target = event.target;
    const row = target.closest("[data-filter]");
    if (row && target.name === "f_attribute") {
      // Another attribute: operators and a value input fitting its type, empty until filled.
      row.outerHTML = this.filterHtml({ attribute: target.value, operator: row.querySelector("[name=f_operator]").value });
      return;
    }
    if (row && !row.querySelector("[name=f_value]").value) return; // nothing to filter by yet
    const state = this.read();
    if (target.name === "resource") for (const key of ["x", "y", "group", "filters"]) delete state[key];
    this.go(state);
  }

  clicked(event) {
    if (event.target.closest("[data-add-filter]")) {
      const first = Object.keys(this.fields)[0];
      event.target.insertAdjacentHTML("beforebegin", this.filterHtml({ attribute: first }));
    } else if (event.target.closest("[data-remove-filter]")) {
      event.target.closest("[data-filter]").remove();
      this.go(this.read());
    } else if (event.target.closest("[data-copy]")) {
      this.copy();
    }
  }

  go(state) {
    history.pushState(null, "", `/explore${exploreSearch(state, this.probe)}`);
    this.show(this.main);
  }

  // The page file with this plot, and its portlet in OMS's portal form (GET /api/workspace/explore_page).
  async copy() {
    const status = this.main.querySelector(".context");
    try {
      const { yaml, portal } = (await fetchDocument(`/api/workspace/explore_page${location.search}`)).data.attributes;
      const section = this.main.querySelector(".copied");
      section.querySelector(".page-yaml").value = yaml;
      section.querySelector(".portal-json").value = JSON.stringify(portal, null, 2);
      section.hidden = false;
      try {
        await navigator.clipboard.writeText(yaml);
        status.textContent = "The page file is on the clipboard, and below.";
      } catch {
        status.textContent = "The page file is below: copy it from there.";
      }
      section.scrollIntoView();
    } catch (error) {
      status.textContent = error.message;
      status.classList.add("problem");
    }
  }
}
