import assert from "node:assert/strict";
import { test } from "node:test";

import {
  MissingVariable, columnValue, filterParameter, filterParams, parseFilterKey, probeUrl, resourceUrl, substitute,
} from "../js/query.js";

test("controller values replace $names; literals stay", () => {
  assert.equal(substitute("$run", { run: 324245 }), 324245);
  assert.equal(substitute("Run2018D", {}), "Run2018D");
  assert.throws(() => substitute("$fill", {}), MissingVariable);
  assert.throws(() => substitute("$roc", {}), { message: "Choose a ROC above." });
  assert.throws(() => substitute("$reference_run", {}), { message: "Choose a reference run above." });
});

test("filters in the OMS dialect, EQ bare, operators upper-cased", () => {
  assert.deepEqual(filterParams({ fill_number: "$fill", "lumisection_number[ge]": 10 }, { fill: 7269 }), [
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

test("a table query as the OMS GUI sends it", () => {
  const url = resourceUrl("deadtimes", {
    filters: { run_number: "$run" },
    variables: { run: 324245 },
    fields: ["run_number", "beamactive_total_deadtime.percent"],
    sort: "-run_number",
    offset: 20,
    limit: 10,
    group: "run",
    include: ["meta", "presentation_timestamp"],
  });
  assert.equal(
    url,
    "/api/v1/deadtimes?filter[run_number]=324245&group[granularity]=run&fields=run_number%2Cbeamactive_total_deadtime" +
      "&sort=-run_number&page[offset]=20&page[limit]=10&include=meta%2Cpresentation_timestamp",
  );
});

test("values are encoded", () => {
  assert.equal(resourceUrl("fills", { filters: { "era[LIKE]": "Run2018%" } }), "/api/v1/fills?filter[era][LIKE]=Run2018%25");
});

test("a probe gets the selection for the parameters it declares, then its own", () => {
  const url = probeUrl("deadtime_by_source", {
    parameters: ["run", "fill", "ls_min"],
    selection: { run: 324245, ls_min: 5, since: "2018-10-10T00:00:00Z" },
    variables: { run: 324245, fill: 7269 },
    params: { scope: "overall" },
    fields: ["title", "figure"],
  });
  assert.equal(url, "/api/v1/plots/deadtime_by_source?run=324245&ls_min=5&scope=overall&fields[plots]=title%2Cfigure");
});

test("the series probe's filters become the dialect's filter parameters, controller values substituted", () => {
  const url = probeUrl("series", {
    params: { resource: "lumisections", x: "lumisection_number", y: "delivered_lumi,recorded_lumi" },
    filters: { run_number: "$run", "lumisection_number[le]": 100 },
    variables: { run: 324245 },
  });
  assert.equal(url, "/api/v1/plots/series?resource=lumisections&x=lumisection_number&y=delivered_lumi%2Crecorded_lumi"
    + "&filter[run_number]=324245&filter[lumisection_number][LE]=100");
  assert.throws(() => probeUrl("series", { params: { resource: "runs" }, filters: { fill_number: "$fill" } }), MissingVariable);
});

test("a value-object component is read inside its attribute", () => {
  const attributes = { run_number: 1, dead: { percent: 2.5, counter: 7 }, none: null };
  assert.equal(columnValue(attributes, "dead.percent"), 2.5);
  assert.equal(columnValue(attributes, "run_number"), 1);
  assert.equal(columnValue(attributes, "none.percent"), null);
});
