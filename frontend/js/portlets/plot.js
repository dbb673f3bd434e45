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
  const url = probeUrl(config.probe, {
    // Values its filters refer to ($run) go in the filters (the series probe), not as parameters.
    parameters: portlet.takes.filter((name) => !Object.values(config.filters || {}).includes(`$${name}`)),
    selection: view.selection,
    variables: needsVariables ? await view.variables : {},
    params: config.params,
    filters: config.filters,
    fields,
  });
  return (await fetchDocument(url, { signal })).data.attributes;
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
