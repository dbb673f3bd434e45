// HTML escaping and CSV files. Pure functions: no DOM, tested by `node --test frontend/tests/`.

// Cells, values, units and headers are formatted once, by the server, for the browser and the
// PDF alike (apps/workspace/portlets/formatting.py): a portlet's content carries them as text,
// and the rows of its CSV (a plot's points too).

export function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
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
