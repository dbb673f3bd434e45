import assert from "node:assert/strict";
import { test } from "node:test";

import { statusText } from "../js/live.js";

const STATUS = {
  run: 324362, run_ongoing: true, shift: "2026-12-07/evening", stale: false, alarms: [],
  lumisection: { run: 324362, number: 812, time: "2026-12-07T14:02:31Z" }, last_change: "2026-12-07T14:02:35Z",
};

test("live, the line says the newest lumisection and its time, not a ticking clock", () => {
  assert.equal(statusText(STATUS), "Live · newest LS 812, 14:02:31 UTC (run 324362, going on)");
  assert.equal(statusText({ ...STATUS, run_ongoing: false }), "Live · newest LS 812, 14:02:31 UTC (run 324362)");
  assert.equal(statusText({ ...STATUS, lumisection: null }), "Live · last change 14:02:35 UTC");
});

test("when data stop arriving, the line says since when", () => {
  assert.equal(statusText({ ...STATUS, stale: true, last_change: "2018-10-16T13:26:00Z" }), "No new data since 2018-10-16 13:26:00 UTC");
  assert.equal(statusText({ ...STATUS, last_change: null, lumisection: null }), "Live · no data yet");
});
