import assert from "node:assert/strict";
import { test } from "node:test";

import { changeState, pageVariables, parseState, stateToSearch } from "../js/state.js";

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
  assert.equal(problems.length, 3);
  assert.match(problems[0], /run=abc/);
});

test("choosing a run forgets the fill and the LS range", () => {
  const state = { fill: 7269, live: true };
  assert.deepEqual(changeState(state, { run: 324245 }), { run: 324245, live: true });
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

test("page variables add the fill implied by the run", () => {
  assert.deepEqual(pageVariables({ run: 324245, live: true }, { fill: 7269 }), { run: 324245, fill: 7269 });
  assert.deepEqual(pageVariables({ fill: 7270 }, { fill: 7270 }), { fill: 7270 });
});
