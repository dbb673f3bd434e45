import assert from "node:assert/strict";
import { test } from "node:test";

import { filterParameter, filterParams, parseFilterKey, resourceUrl } from "../js/query.js";

test("filters in the OMS dialect, EQ bare, operators upper-cased", () => {
  assert.deepEqual(filterParams({ fill_number: 7269, "lumisection_number[ge]": 10 }), [
    "filter[fill_number]=7269",
    "filter[lumisection_number][GE]=10",
  ]);
});

test("one parser of a filter's key, as a page and as the API write it", () => {
  assert.deepEqual(parseFilterKey("lumisection_number[ge]"), { attribute: "lumisection_number", operator: "GE" });
  assert.deepEqual(parseFilterKey("fill_number"), { attribute: "fill_number", operator: undefined });
  assert.deepEqual(parseFilterKey("filter[fill_number][lt]", "api"), { attribute: "fill_number", operator: "LT" });
  assert.deepEqual(parseFilterKey("filter[fill_number]", "api"), { attribute: "fill_number", operator: undefined });
  assert.equal(parseFilterKey("filter[fill_number]"), null); // the API's spelling is not a page's
  assert.equal(parseFilterKey("fill_number[GE]", "api"), null);
  assert.equal(parseFilterKey("fill number"), null);
  assert.equal(filterParameter({ attribute: "fill_number", operator: "GE" }), "filter[fill_number][GE]");
  assert.equal(filterParameter({ attribute: "fill_number" }), "filter[fill_number]");
  assert.throws(() => filterParams({ "fill_number[GE": 1 }), { message: "malformed filter key 'fill_number[GE'" });
});

test("the controller's look-up of the newest run before one", () => {
  const url = resourceUrl("runs", { filters: { "run_number[LT]": 324245 }, fields: ["run_number"], sort: "-run_number", limit: 1 });
  assert.equal(url, "/api/v1/runs?filter[run_number][LT]=324245&fields=run_number&sort=-run_number&page[limit]=1");
});

test("values are encoded", () => {
  assert.equal(resourceUrl("fills", { filters: { "era[LIKE]": "Run2018%" } }), "/api/v1/fills?filter[era][LIKE]=Run2018%25");
});
