// A plot portlet draws the plotly figure its content carries (a probe's, GET /api/v1/plots/<probe>).
// On a page's first screen, before plotly.js has run, it shows the server's drawing of the same
// figure: in the page's HTML (apps/workspace/first_screen.py), or, when that is not at this plot's
// size (another screen) or not there, asked for at its size (GET …/portlets/<n>/svg:
// apps/workspace/first_paint.py); plotly.js then takes the plot over in place, for hover, zoom and
// the toolbar. Its CSV and its drilldown link come with its content.
import { Portlet } from "./portlet.js";

const PLOTLY_CONFIG = { responsive: true, displaylogo: false };
const NARROW_PX = 500; // first_paint.NARROW_PX draws a narrow plot's SVG the same way
// Plots starting within this many screen heights are drawn by the server first: the first screen
// and what the first scroll shows (a Shift report's plots start below its notes and tables).
const FIRST_SCREENS = 2;

// plotly.js is downloaded from the start (<link rel=preload>, templates/workspace.html) and run
// when the first plot's content arrives.
let loading;
function plotly() {
  if (window.Plotly) return Promise.resolve(window.Plotly);
  loading ??= new Promise((resolve, reject) => {
    const script = document.createElement("script");
    script.src = document.querySelector("#plotly-js").href;
    script.addEventListener("load", () => resolve(window.Plotly));
    script.addEventListener("error", () => reject(new Error(`plotly.js could not be loaded from ${script.src}`)));
    document.head.append(script);
  });
  return loading;
}

function markFirstPaint() {
  if (!performance.getEntriesByName("pixelws:first-paint").length) performance.mark("pixelws:first-paint");
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
    this.picture = this.body.querySelector(".first-paint"); // drawn in the page's HTML (portlet.js adopted it)
  }

  load(view) {
    // A page's own plot (not Explore's) near the top, while plotly.js has not run yet.
    const top = this.element.getBoundingClientRect().top;
    if (!window.Plotly && !this.contentPath && top < FIRST_SCREENS * window.innerHeight && !this.drawnAtSize()) {
      this.paint(view, this.generation + 1);
    }
    return super.load(view);
  }

  // Whether the drawing in the page's HTML is at the size plotly will draw the plot.
  drawnAtSize() {
    const { width, height } = this.picture?.dataset ?? {};
    return Number(width) === this.graph.clientWidth && Number(height) === this.graph.clientHeight;
  }

  // The server's SVG of the figure at the size plotly will draw it, shown over the plot until
  // plotly has drawn it. Any failure leaves the plot to plotly.js.
  async paint(view, generation) {
    const { clientWidth: width, clientHeight: height } = this.graph;
    if (!width || !height) return;
    try {
      const response = await fetch(this.contentUrl(view, { width, height }, "/svg"));
      if (!response.ok || response.status === 204) return; // 204: nothing to draw, the content says why
      const svg = await response.text();
      if (generation !== this.generation || this.graph.classList.contains("js-plotly-plot")) return;
      this.removePicture(); // an earlier selection's
      this.picture = document.createElement("div");
      this.picture.className = "first-paint";
      this.picture.innerHTML = svg;
      this.body.append(this.picture); // beside the graph, not in it: plotly.js owns the graph's children
      this.body.classList.add("painted");
      markFirstPaint();
    } catch {
      // plotly.js draws it
    }
  }

  async render(content) {
    const { data, layout } = content.figure;
    this.body.hidden = false; // plotly measures the container: it must be visible
    this.showSources(content.sources); // beside the server's drawing already: plotly's takeover changes nothing around it
    let Plotly;
    try {
      Plotly = await plotly();
    } catch (error) {
      if (!this.picture) throw error;
      // The server's drawing stays: the plot, without hover and zoom.
      this.picture.title = `${error.message}: the plot is shown as the server drew it`;
      return;
    }
    // A narrow plot (a phone) keeps its width for the data: the legend goes below it, at the
    // figure's foot (plotly moves the axes up for it), and the portlet grows by the legend's rows.
    // apps/workspace/first_paint.py LEGEND_BELOW draws the server's SVG the same way.
    // uirevision: a refresh with grown data keeps what the user changed (zoom, hidden traces).
    const narrow = this.graph.clientWidth < NARROW_PX;
    const legend = { orientation: "h", x: 0, xanchor: "left", y: 0, yref: "container", yanchor: "bottom" };
    this.element.style.setProperty("--legend-height", `${narrow ? legendHeight(data, layout, this.graph.clientWidth) : 0}px`);
    await Plotly.react(this.graph, data, { ...layout, ...(narrow ? { legend } : {}), autosize: true, uirevision: this.uirevision }, PLOTLY_CONFIG);
    this.removePicture();
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
    markFirstPaint();
  }

  removePicture() {
    this.picture?.remove();
    this.picture = null;
    this.body.classList.remove("painted");
  }

  clear() {
    this.removePicture();
    window.Plotly?.purge(this.graph);
  }
}
