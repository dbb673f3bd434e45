// HTML escaping and CSV. Pure functions: no DOM, tested by `node --test frontend/tests/`.

// Cells, values, units and headers are formatted once, by the server, for the browser and the
// PDF alike (apps/workspace/portlets/formatting.py): a portlet's content carries them as text.

export function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
}

// "1 row", "2 rows": a count with its noun in the right number (formatting.py count_of's twin).
export function countOf(count, thing, things = `${thing}s`) {
  return `${count} ${count === 1 ? thing : things}`;
}

// A text a spreadsheet would run as a formula (=, +, -, @, tab, CR first), unless it is a number.
const FORMULA = /^[=+\-@\t\r]/;
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

// RFC 4180 CSV: a header row, then one row per record; full precision, no formatting. A cell that
// would be a formula gets a leading ' (spreadsheets show the text as it is); numbers stay numbers.
export function toCsv(header, rows) {
  const cell = (v) => {
    if (v === null || v === undefined) return "";
    let text = Array.isArray(v) ? v.join(",") : String(v);
    if (FORMULA.test(text) && !NUMBER.test(text)) text = `'${text}`;
    return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
  };
  return [header, ...rows].map((row) => row.map(cell).join(",")).join("\r\n") + "\r\n";
}

// The rows a plot shows: one per point, (series, x, y), or (series, x, y, z) for heatmaps.
const EVENTS = "Events"; // the legend group of the event markers (pixelws/plots.py MARKERS)

export function figureRows(figure) {
  const rows = [];
  for (const trace of figure.data) {
    if (trace.legendgroup === EVENTS) continue; // the events marked across a time plot are not its data
    if (trace.type === "heatmap") {
      trace.z.forEach((row, i) => row.forEach((z, j) => rows.push([trace.name, trace.x[j], trace.y[i], z])));
    } else {
      trace.x.forEach((x, i) => rows.push([trace.name, x, trace.y[i]]));
    }
  }
  const heatmap = figure.data.some((t) => t.type === "heatmap");
  return { header: heatmap ? ["series", "x", "y", "z"] : ["series", "x", "y"], rows };
}
