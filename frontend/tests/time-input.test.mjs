import assert from "node:assert/strict";
import { test } from "node:test";

import { fromInputTime, toInputTime } from "../js/time-input.js";

test("a datetime-local input's time and the URL's UTC time, both ways; empty is no value", () => {
  assert.equal(toInputTime("2018-10-11T12:00:00Z"), "2018-10-11T12:00:00");
  assert.equal(fromInputTime("2018-10-11T12:00"), "2018-10-11T12:00:00Z");
  assert.equal(fromInputTime("2018-10-11T12:00:05"), "2018-10-11T12:00:05Z");
  assert.equal(fromInputTime(""), undefined);
  assert.equal(toInputTime(undefined), "");
});
