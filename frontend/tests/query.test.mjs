import assert from "node:assert/strict";
import { test } from "node:test";

import { filterParameter, parseFilterKey, resourceUrl } from "../js/query.js";

test("one parser of a filter parameter, as the API writes it", () => {
  assert.deepEqual(parseFilterKey("filter[fill_number][lt]"), { attribute: "fill_number", operator: "LT" });
  assert.deepEqual(parseFilterKey("filter[fill_number]"), { attribute: "fill_number", operator: undefined });
  assert.equal(parseFilterKey("fill_number[GE]"), null); // a page file's spelling is not the API's
  assert.equal(parseFilterKey("filter[fill_number][GE"), null);
  assert.equal(parseFilterKey("fill number"), null);
  assert.equal(filterParameter({ attribute: "fill_number", operator: "GE" }), "filter[fill_number][GE]");
  assert.equal(filterParameter({ attribute: "fill_number" }), "filter[fill_number]");
});

test("the controller's look-up of the newest run before one", () => {
  const filters = [{ attribute: "run_number", operator: "LT", value: 324245 }];
  const url = resourceUrl("runs", { filters, fields: ["run_number"], sort: "-run_number", limit: 1 });
  assert.equal(url, "/api/v1/runs?filter[run_number][LT]=324245&fields=run_number&sort=-run_number&page[limit]=1");
});

test("filters in the OMS dialect, EQ bare; values are encoded", () => {
  const filters = [{ attribute: "fill_number", value: 7269 }, { attribute: "era", operator: "LIKE", value: "Run2018%" }];
  assert.equal(resourceUrl("fills", { filters }), "/api/v1/fills?filter[fill_number]=7269&filter[era][LIKE]=Run2018%25");
});
