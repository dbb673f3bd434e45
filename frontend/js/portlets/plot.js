// A plot portlet draws the plotly figure its content carries (a probe's, GET /api/v1/plots/<probe>).
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
    await Plotly.react(this.graph, data, { ...layout, ...narrow, autosize: true }, PLOTLY_CONFIG);
    this.drilldown = content.drilldown;
    if (this.drilldown && !this.graph.dataset.drilldown) {
      // A click on a cell whose customdata names something (a ROC) opens the page about it: the
      // link the server made for this plot, the value in its slot.
      this.graph.on("plotly_click", (event) => {
        const value = event.points?.[0]?.customdata;
        if (value) this.host.navigate(this.drilldown.link.replace(this.drilldown.slot, encodeURIComponent(value)));
      });
      this.graph.dataset.drilldown = "on";
    }
    if (!performance.getEntriesByName("pixelws:first-plot").length) performance.mark("pixelws:first-plot");
  }

  clear() {
    window.Plotly?.purge(this.graph);
  }
}
