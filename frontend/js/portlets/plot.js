// A plot portlet draws the plotly figure its content carries (a probe's, GET /api/v1/plots/<probe>).
import { figureRows } from "../format.js";
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

export class PlotPortlet extends Portlet {
  constructor(definition, host) {
    super(definition, host);
    this.graph = document.createElement("div");
    this.graph.className = "plot";
    this.body.append(this.graph);
  }

  async render(content) {
    const { data, layout } = content.figure;
    this.body.hidden = false; // plotly measures the container: it must be visible
    const Plotly = await plotly();
    // A narrow plot (a phone) keeps its width for the data: the legend goes below it.
    const narrow = this.graph.clientWidth < NARROW_PX ? { legend: { orientation: "h", x: 0, y: -0.3, yanchor: "top" } } : {};
    // uirevision: a refresh with grown data keeps what the user changed (zoom, hidden traces).
    await Plotly.react(this.graph, data, { ...layout, ...narrow, autosize: true, uirevision: this.uirevision }, PLOTLY_CONFIG);
    if (this.config.drilldown && !this.graph.dataset.drilldown) {
      // A click on a cell whose customdata names something (a ROC) opens the page about it.
      const { page, variable } = this.config.drilldown;
      this.graph.on("plotly_click", (event) => {
        const value = event.points?.[0]?.customdata;
        if (value) this.host.open(page, { run: this.view?.selection.run, [variable]: value });
      });
      this.graph.dataset.drilldown = page;
    }
    content.csv = figureRows(content.figure);
    if (!performance.getEntriesByName("pixelws:first-plot").length) performance.mark("pixelws:first-plot");
  }

  clear() {
    window.Plotly?.purge(this.graph);
  }
}
