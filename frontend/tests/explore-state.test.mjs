import assert from "node:assert/strict";
import test from "node:test";

import { choices, complete, defaultOf, exploreSearch, parseExplore } from "../js/explore-state.js";

// A probe description shaped as GET /api/v1/plots serves the series probe's (its parameters and
// rules); tests/workspace/test_series_probe.py checks that the served rules are the ones it applies.
const PROBE = {
  parameters: [{ name: "resource" }, { name: "x" }, { name: "y" }, { name: "group" }, { name: "kind", default: "series" },
    { name: "buckets", default: 1000 }, { name: "bins", default: 50 }],
  rules: {
    kinds: { series: { size: "buckets", x: ["integer", "float", "datetime"], y: true }, histogram: { size: "bins", x: ["integer", "date"], y: false } },
    y: ["integer", "float", "object"],
    group: ["string", "boolean"],
  },
};
const SEARCH = "?resource=lumisections&x=lumisection_number&y=delivered_lumi%2Crecorded_lumi&buckets=3000"
  + "&filter[run_number][EQ]=324245&filter[lumisection_number][LE]=100";

test("the URL is the probe's query, in its parameters' order, and back", () => {
  const state = parseExplore(SEARCH, PROBE);
  assert.deepEqual(state, {
    resource: "lumisections", x: "lumisection_number", y: "delivered_lumi,recorded_lumi", buckets: "3000",
    filters: [{ attribute: "run_number", operator: "EQ", value: "324245" }, { attribute: "lumisection_number", operator: "LE", value: "100" }],
  });
  assert.equal(exploreSearch(state, PROBE), SEARCH);
  assert.equal(defaultOf(PROBE, "bins"), 50);
});

test("a bare filter means EQ, operators in any case; filters without a value stay out of the URL", () => {
  const state = parseExplore("?resource=runs&filter[fill_number]=7269&filter[era][like]=Run%25", PROBE);
  assert.deepEqual(state.filters.map((f) => f.operator), ["EQ", "LIKE"]);
  state.filters.push({ attribute: "run_number", operator: "GE", value: "" });
  assert.equal(exploreSearch(state, PROBE), "?resource=runs&filter[fill_number][EQ]=7269&filter[era][LIKE]=Run%25");
});

test("x, y and group offer the attributes of the types the rules name (a value object's components)", () => {
  const fields = {
    run_number: { type: "integer" }, start_time: { type: "datetime" }, day: { type: "date" }, pileup: { type: "float" },
    era: { type: "string" }, stable: { type: "boolean" }, dead: { type: "object", components: ["percent", "counter"] },
  };
  assert.deepEqual(choices(fields, "series", PROBE), {
    x: ["run_number", "start_time", "pileup"], y: ["run_number", "pileup", "dead.percent", "dead.counter"],
    group: ["era", "stable"], filter: Object.keys(fields),
  });
  assert.deepEqual(choices(fields, "histogram", PROBE).x, ["run_number", "day"]);
});

test("a kind that draws no y needs none", () => {
  assert.equal(complete({ resource: "lumisections", x: "pileup" }, PROBE), false);
  assert.equal(complete({ resource: "lumisections", x: "pileup", kind: "histogram" }, PROBE), true);
});
