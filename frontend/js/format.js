// How values and CSV look. Pure functions: no DOM, tested by `node --test frontend/tests/`.

// Units are formatted once, by the server (pixelws/units.py): meta.fields.<attr>.units_html.

export function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
}

// A table cell: whole numbers as they are, other numbers with `decimals` decimals, no value as "–".
// `fixed`: every number with `decimals` decimals (a column of fractions shows 0 as 0.000).
export function formatValue(value, decimals = 3, fixed = false) {
  if (value === null || value === undefined) return "–";
  if (typeof value === "number") return Number.isInteger(value) && !fixed ? String(value) : value.toFixed(decimals);
  if (typeof value === "boolean") return value ? "yes" : "no";
  if (Array.isArray(value)) return value.join(", ");
  return String(value);
}

// How each column of a table looks: text (any value is text) reads from the left, numbers from
// the right; a column with any fraction shows all its numbers with the same decimals.
// A column of date-times (time) shows them compactly: the date once, in the header, when all
// are on one day; seconds only where two times of the column share a minute.
export function columnStyles(rows, count) {
  return Array.from({ length: count }, (_, i) => {
    const values = rows.map((row) => row[i]).filter((v) => v !== null && v !== undefined);
    return {
      text: values.some((v) => typeof v !== "number"),
      fixed: values.some((v) => typeof v === "number" && !Number.isInteger(v)),
      time: timeStyle(values),
    };
  });
}

// The API's date-times (2018-10-16T03:37:13Z, or with a space, without Z or seconds).
const ISO_TIME = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})(:\d{2})?(?:\.\d+)?Z?$/;

function timeStyle(values) {
  const parts = values.map((v) => typeof v === "string" && ISO_TIME.exec(v));
  if (!parts.length || !parts.every(Boolean)) return null;
  const secondsByMinute = new Map();
  let seconds = false;
  for (const [, date, minute, second = ":00"] of parts) {
    const known = secondsByMinute.get(date + minute);
    if (known !== undefined && known !== second) seconds = true;
    secondsByMinute.set(date + minute, second);
  }
  const dates = new Set(parts.map((m) => m[1]));
  return { date: dates.size === 1 ? parts[0][1] : null, seconds };
}

// A cell's text as its column's style says (columnStyles).
export function formatCell(value, style) {
  const time = style.time && typeof value === "string" && ISO_TIME.exec(value);
  if (!time) return formatValue(value, 3, style.fixed);
  const clock = time[2] + (style.time.seconds ? time[3] || ":00" : "");
  return style.time.date ? clock : `${time[1]}\u00a0${clock}`; // a no-break space: one line
}

// A column's header: its label, with the one date of a column of times (columnStyles).
export function headerLabel(label, style) {
  return style?.time?.date ? `${label}, ${style.time.date}` : label;
}

// "run_number" → "Run number": a column header when the API gives no title.
export function humanize(name) {
  const text = name.replaceAll(".", " ").replaceAll("_", " ");
  return text.charAt(0).toUpperCase() + text.slice(1);
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
