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

// The height of a horizontal legend's rows across `width` px: each entry's key and name (12 px
// text, ≈ 7 px a character) laid left to right, a new row when one is full; 0 without a legend.
export function legendHeight(data, layout, width) {
  if (layout.showlegend === false) return 0;
  const groups = new Set();
  const names = [];
  for (const t of data) {
    if (!(t.showlegend ?? t.type !== "heatmap") || t.visible === false) continue; // a heatmap has no entry unless asked
    if (t.legendgroup && groups.has(t.legendgroup)) continue; // one entry per group
    groups.add(t.legendgroup);
    names.push(t.name ?? "");
  }
  if (!names.length) return 0;
  let rows = 1, used = 0;
  for (const name of names) {
    const entry = 46 + 7 * name.length;
    if (used && used + entry > width - 10) [rows, used] = [rows + 1, 0];
    used += entry;
  }
  return rows * 19 + 12;
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
    // A narrow plot (a phone) keeps its width for the data: the legend goes below it, at the
    // figure's foot (plotly moves the axes up for it), and the portlet grows by the legend's rows.
    const narrow = this.graph.clientWidth < NARROW_PX;
    const legend = { orientation: "h", x: 0, xanchor: "left", y: 0, yref: "container", yanchor: "bottom" };
    this.element.style.setProperty("--legend-height", `${narrow ? legendHeight(data, layout, this.graph.clientWidth) : 0}px`);
    await Plotly.react(this.graph, data, { ...layout, ...(narrow ? { legend } : {}), autosize: true }, PLOTLY_CONFIG);
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
