// A plot portlet draws the plotly figure a probe serves (GET /api/v1/plots/<probe>).
import { fetchDocument } from "../api.js";
import { figureRows } from "../format.js";
import { MissingVariable, probeUrl } from "../query.js";
import { Portlet } from "./portlet.js";

const PLOTLY_CONFIG = { responsive: true, displaylogo: false };
const NARROW_PX = 500;

// plotly.js loads asynchronously (see templates/workspace.html), in parallel with the data.
function plotly() {
  if (window.Plotly) return Promise.resolve(window.Plotly);
  const script = document.querySelector("#plotly-js");
  return new Promise((resolve, reject) => {
    script.addEventListener("load", () => resolve(window.Plotly));
    script.addEventListener("error", () => reject(new Error(`plotly.js could not be loaded from ${script.src}`)));
  });
}

// The attributes of the plot a portlet's probe (and params) makes for the controller's view:
// the probe takes the controller values the portlet listens to (the portal's "in" selectors).
export async function fetchPlot(portlet, view, signal, fields) {
  const { config } = portlet;
  // A value the probe needs and the controller has not got yet (e.g. a ROC): say what to choose.
  const missing = portlet.needs.find((name) => view.selection[name] === undefined);
  if (missing) throw new MissingVariable(missing);
  // Most plots need only the selection, known at once; $fill etc. wait for the run's details.
  const given = [...Object.values(config.params || {}), ...Object.values(config.filters || {})];
  const needsVariables = given.some((v) => String(v).startsWith("$"));
  const query = {
    // Values its filters refer to ($run) go in the filters (the series probe), not as parameters.
    parameters: portlet.takes.filter((name) => !Object.values(config.filters || {}).includes(`$${name}`)),
    selection: view.selection,
    variables: needsVariables ? await view.variables : {},
    params: config.params,
    filters: config.filters,
  };
  return (await sharedRequest(view, config.probe, query, fields, signal)).data.attributes;
}

// Portlets that show the same probe for the same view (a plot and the table beside it) share one
// request, so the server computes it once: the first to ask sends it a microtask later, with the
// fields of all that asked meanwhile. One that comes after it was sent wanting more asks alone.
const FIELDS = ["title", "empty", "figure", "table", "sources"];
const requests = new WeakMap(); // a view's selection (one object per load of the page) → Map(probe URL without fields → {fields, sent, promise})

function sharedRequest(view, probe, query, fields, signal) {
  const key = probeUrl(probe, query);
  const byUrl = requests.get(view.selection) || requests.set(view.selection, new Map()).get(view.selection);
  let request = byUrl.get(key);
  if (request && (!request.sent || fields.every((f) => request.fields.has(f)))) {
    for (const field of fields) request.fields.add(field);
    return request.promise;
  }
  if (request) return fetchDocument(probeUrl(probe, { ...query, fields }), { signal });
  request = { fields: new Set(fields), sent: false };
  // Not cut off by one portlet's newer request: the others may still want the answer.
  request.promise = Promise.resolve().then(() => {
    request.sent = true;
    return fetchDocument(probeUrl(probe, { ...query, fields: FIELDS.filter((f) => request.fields.has(f)) }));
  });
  byUrl.set(key, request);
  return request.promise;
}

export class PlotPortlet extends Portlet {
  constructor(definition, host) {
    super(definition, host);
    this.graph = document.createElement("div");
    this.graph.className = "plot";
    this.body.append(this.graph);
  }

  fetch(view, signal) {
    return fetchPlot(this, view, signal, ["title", "empty", "figure", "sources"]);
  }

  async render(plot, view) {
    if (plot.empty) return this.noData(view);
    const { data, layout } = plot.figure;
    this.body.hidden = false; // plotly measures the container: it must be visible
    const Plotly = await plotly();
    // A narrow plot (a phone) keeps its width for the data: the legend goes below it.
    const narrow = this.graph.clientWidth < NARROW_PX ? { legend: { orientation: "h", x: 0, y: -0.3, yanchor: "top" } } : {};
    await Plotly.react(this.graph, data, { ...layout, ...narrow, autosize: true }, PLOTLY_CONFIG);
    if (this.config.drilldown && !this.graph.dataset.drilldown) {
      // A click on a cell whose customdata names something (a ROC) opens the page about it.
      const { page, variable } = this.config.drilldown;
      this.graph.on("plotly_click", (event) => {
        const value = event.points?.[0]?.customdata;
        if (value) this.host.open(page, { run: this.view?.selection.run, [variable]: value });
      });
      this.graph.dataset.drilldown = page;
    }
    this.view = view;
    this.showData(figureRows(plot.figure), plot.sources);
    if (!performance.getEntriesByName("pixelws:first-plot").length) performance.mark("pixelws:first-plot");
  }

  clear() {
    window.Plotly?.purge(this.graph);
  }
}
