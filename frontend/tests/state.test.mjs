import assert from "node:assert/strict";
import { test } from "node:test";

import { changeState, parseState, stateToSearch } from "../js/state.js";

test("the URL's state round-trips in a fixed order", () => {
  const search = "?run=324245&ls_min=10&ls_max=20&since=2018-10-10T00:00:00Z&live=1";
  const { state, problems } = parseState(search);
  assert.deepEqual(problems, []);
  assert.deepEqual(state, { run: 324245, ls_min: 10, ls_max: 20, since: "2018-10-10T00:00:00Z", live: true });
  assert.equal(stateToSearch(state), "?run=324245&ls_min=10&ls_max=20&since=2018-10-10T00%3A00%3A00Z&live=1");
  assert.deepEqual(parseState(stateToSearch(state)).state, state);
});

test("values that do not parse are reported, not guessed", () => {
  const { state, problems } = parseState("?run=abc&fill=7269&since=yesterday&live=yes&other=1");
  assert.deepEqual(state, { fill: 7269 });
  assert.equal(problems.length, 4);
  assert.match(problems[0], /run=abc/);
  assert.match(problems[3], /^other= is not a value of this workspace/);
});

test("choosing a run forgets the fill and the LS range", () => {
  const state = { fill: 7269, live: true };
  assert.deepEqual(changeState(state, { run: 324245 }), { run: 324245 }); // a chosen run ends live
  assert.deepEqual(changeState({ run: 1, ls_min: 5 }, { run: 2 }), { run: 2 });
  assert.deepEqual(changeState({ run: 1, ls_min: 5 }, { ls_max: 9 }), { run: 1, ls_min: 5, ls_max: 9 });
});

test("choosing a fill forgets the run and its LS range", () => {
  assert.deepEqual(changeState({ run: 1, ls_min: 5, since: "2018-10-10T00:00:00Z" }, { fill: 7269 }), {
    fill: 7269,
    since: "2018-10-10T00:00:00Z",
  });
});

test("clearing a selector removes it", () => {
  assert.deepEqual(changeState({ run: 1, live: true }, { live: false }), { run: 1 });
  assert.equal(stateToSearch({}), "");
});

test("a shift is a choice of its own: it replaces a run, fill or window, and they replace it", () => {
  const { state, problems } = parseState("?shift=2018-10-09%2Fevening");
  assert.deepEqual(problems, []);
  assert.deepEqual(state, { shift: "2018-10-09/evening" });
  assert.equal(stateToSearch(state), "?shift=2018-10-09%2Fevening");
  assert.deepEqual(changeState({ run: 1, ls: 5, since: "2018-10-10T00:00:00Z", live: true }, { shift: "2018-10-09/night" }),
    { shift: "2018-10-09/night" });
  assert.deepEqual(changeState({ shift: "2018-10-09/night" }, { run: 324245 }), { run: 324245 });
  const bad = parseState("?shift=2018-10-09%3Cb%3E");
  assert.deepEqual(bad.state, {});
  assert.match(bad.problems[0], /^shift=2018-10-09<b> is not a shift such as 2018-10-09\/evening/);
});

test("the masking pages' values: one LS, a reference run and a ROC name", () => {
  const search = "?run=324245&ls=700&reference_run=324243&roc=BPix_BmO_SEC1_LYR1_LDR1F_MOD1_ROC0";
  const { state, problems } = parseState(search);
  assert.deepEqual(problems, []);
  assert.deepEqual(state, { run: 324245, ls: 700, reference_run: 324243, roc: "BPix_BmO_SEC1_LYR1_LDR1F_MOD1_ROC0" });
  assert.equal(stateToSearch(state), search);
  const bad = parseState("?roc=BPix%20x%3Cscript%3E&ls=-1");
  assert.deepEqual(bad.state, {});
  assert.equal(bad.problems.length, 2);
  assert.match(bad.problems[1], /roc=BPix x<script>/);
});

test("a FED channel is FED/channel, kept in the URL with the run", () => {
  const { state, problems } = parseState("?run=324245&fed_channel=1300%2F46");
  assert.deepEqual(problems, []);
  assert.deepEqual(state, { run: 324245, fed_channel: "1300/46" });
  assert.equal(stateToSearch(state), "?run=324245&fed_channel=1300%2F46");
  const bad = parseState("?fed_channel=1300-46");
  assert.deepEqual(bad.state, {});
  assert.match(bad.problems[0], /^fed_channel=1300-46 is not a FED channel such as 1212\/17/);
});

test("another run forgets what belonged to the last one: its LS and reference run", () => {
  assert.deepEqual(changeState({ run: 1, ls: 5, reference_run: 0, roc: "X" }, { run: 2 }), { run: 2, roc: "X" });
  assert.deepEqual(changeState({ run: 1, ls: 5 }, { run: 2, ls: 7 }), { run: 2, ls: 7 });
});

test("live follows the newest run or shift: it replaces a chosen one, and choosing one ends it", () => {
  assert.deepEqual(changeState({ run: 1, ls_min: 5, roc: "X" }, { live: true }), { live: true, roc: "X" });
  assert.deepEqual(changeState({ shift: "2018-10-09/evening" }, { live: true }), { live: true });
  assert.deepEqual(changeState({ live: true }, { run: 2 }), { run: 2 });
  assert.deepEqual(changeState({ live: true }, { shift: "2018-10-09/evening" }), { shift: "2018-10-09/evening" });
  assert.deepEqual(changeState({ live: true, run: 3 }, { live: false }), { run: 3 });
});
