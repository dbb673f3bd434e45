import assert from "node:assert/strict";
import { test } from "node:test";

import { escapeHtml, toCsv } from "../js/format.js";

test("HTML is escaped", () => {
  assert.equal(escapeHtml(`<a href="x">'&'</a>`), "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
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
