import assert from "node:assert/strict";
import { test } from "node:test";

import { columnStyles, figureRows, formatCell, formatValue, headerLabel, toCsv } from "../js/format.js";

test("cells: integers as they are, decimals fixed, missing values visible", () => {
  assert.equal(formatValue(324245), "324245");
  assert.equal(formatValue(2.15382), "2.154");
  assert.equal(formatValue(null), "–");
  assert.equal(formatValue(true), "yes");
});

test("CSV quotes what needs quoting", () => {
  assert.equal(toCsv(["a", "b"], [[1, 'say "hi", twice'], [null, ["x", "y"]]]), 'a,b\r\n1,"say ""hi"", twice"\r\n,"x,y"\r\n');
});

test("CSV: a cell a spreadsheet would run as a formula is text; numbers stay numbers", () => {
  const rows = [["=HYPERLINK(\"http://x\")", "+1+2", "-2+3", "@SUM(A1)", "\tx", -3.5, "-3.5", "+4", "1e-3", "a-b"]];
  assert.equal(
    toCsv(["c"], rows),
    'c\r\n"\'=HYPERLINK(""http://x"")",\'+1+2,\'-2+3,\'@SUM(A1),\'\tx,-3.5,-3.5,+4,1e-3,a-b\r\n',
  );
  assert.equal(toCsv(["c"], [[["=cmd", "x"]]]), 'c\r\n"\'=cmd,x"\r\n'); // a list, joined, is one cell
});

test("a figure's points as CSV rows", () => {
  const figure = { data: [{ type: "scatter", name: "Delivered", x: [1, 2], y: [10, 20] }] };
  assert.deepEqual(figureRows(figure), { header: ["series", "x", "y"], rows: [["Delivered", 1, 10], ["Delivered", 2, 20]] });
  const heatmap = { data: [{ type: "heatmap", name: "m", x: [0, 1], y: [5], z: [[7, 8]] }] };
  assert.deepEqual(figureRows(heatmap).rows, [["m", 0, 5, 7], ["m", 1, 5, 8]]);
  const marked = { data: [...figure.data, { type: "scatter", name: "Events", legendgroup: "Events", x: [1, 1, null], y: [0, 1, null] }] };
  assert.deepEqual(figureRows(marked).rows, figureRows(figure).rows); // event markers are not the plot's data
});

test("a column is text when any value is text; fractions fix every number's decimals", () => {
  const rows = [[324245, "BPix_BmI_SEC1_LYR1_LDR1F_MOD1_ROC0", null, "2018-10-09T16:45:49Z"], [324246, null, 1.5, null]];
  assert.deepEqual(columnStyles(rows, 4).map((s) => s.text), [false, true, false, true]);
  assert.deepEqual(columnStyles([[0, 3.32], [51, 0]], 2), [{ text: false, fixed: false, time: null }, { text: false, fixed: true, time: null }]);
  assert.equal(formatValue(0, 3, true), "0.000");
  assert.equal(formatValue(0), "0");
  assert.deepEqual(columnStyles([], 2).map((s) => s.time), [null, null]);
});

test("times: the date once in the header when one day, seconds only where two share a minute", () => {
  const oneDay = columnStyles([["2018-10-16T03:37:13Z"], ["2018-10-16T09:36:35Z"]], 1)[0];
  assert.deepEqual(oneDay.time, { date: "2018-10-16", seconds: false });
  assert.equal(formatCell("2018-10-16T03:37:13Z", oneDay), "03:37");
  assert.equal(headerLabel("Start (UTC)", oneDay), "Start (UTC), 2018-10-16");
  const days = columnStyles([["2018-10-15 23:59:00"], ["2018-10-16 00:09:39"], ["2018-10-16 00:09:50"]], 1)[0];
  assert.deepEqual(days.time, { date: null, seconds: true });
  assert.equal(formatCell("2018-10-15 23:59:00", days), "2018-10-15\u00a023:59:00");
  assert.equal(headerLabel("End time", days), "End time");
  const mixed = columnStyles([["2018-10-16T03:37:13Z"], ["n/a"]], 1)[0];
  assert.equal(mixed.time, null);
  assert.equal(formatCell(2.5, columnStyles([[2.5], [1]], 1)[0]), "2.500");
});
