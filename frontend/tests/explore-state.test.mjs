import assert from "node:assert/strict";
import test from "node:test";

import { choices, complete, exploreSearch, parseExplore } from "../js/explore-state.js";

const SEARCH = "?resource=lumisections&x=lumisection_number&y=delivered_lumi%2Crecorded_lumi&buckets=3000"
  + "&filter[run_number][EQ]=324245&filter[lumisection_number][LE]=100";

test("the URL is the series probe's query, and back", () => {
  const state = parseExplore(SEARCH);
  assert.deepEqual(state, {
    resource: "lumisections", x: "lumisection_number", y: "delivered_lumi,recorded_lumi", buckets: "3000",
    filters: [{ attribute: "run_number", operator: "EQ", value: "324245" }, { attribute: "lumisection_number", operator: "LE", value: "100" }],
  });
  assert.equal(exploreSearch(state), SEARCH);
});

test("a bare filter means EQ, operators in any case; filters without a value stay out of the URL", () => {
  const state = parseExplore("?resource=runs&filter[fill_number]=7269&filter[era][like]=Run%25");
  assert.deepEqual(state.filters.map((f) => f.operator), ["EQ", "LIKE"]);
  state.filters.push({ attribute: "run_number", operator: "GE", value: "" });
  assert.equal(exploreSearch(state), "?resource=runs&filter[fill_number][EQ]=7269&filter[era][LIKE]=Run%25");
});

test("x, y and group offer the attributes that fit them", () => {
  const fields = {
    run_number: { type: "integer" }, start_time: { type: "datetime" }, day: { type: "date" }, pileup: { type: "float" },
    era: { type: "string" }, stable: { type: "boolean" }, dead: { type: "object", components: ["percent", "counter"] },
  };
  assert.deepEqual(choices(fields), {
    x: ["run_number", "start_time", "pileup"], y: ["run_number", "pileup", "dead.percent", "dead.counter"],
    group: ["run_number", "era", "stable"], filter: Object.keys(fields),
  });
  assert.deepEqual(choices(fields, "scatter").x, ["run_number", "start_time", "day", "pileup"]);
});

test("a histogram needs no y", () => {
  assert.equal(complete({ resource: "lumisections", x: "pileup" }), false);
  assert.equal(complete({ resource: "lumisections", x: "pileup", kind: "histogram" }), true);
});
