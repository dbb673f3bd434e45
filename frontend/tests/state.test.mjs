import assert from "node:assert/strict";
import { test } from "node:test";

import { changeState, parseState, stateToSearch } from "../js/state.js";

// A vocabulary of made-up values, shaped as the server serves it (pixelws/controller.py): the
// browser's state follows whatever it is given. tests/workspace/test_controller_vocabulary.py
// runs these functions with the served vocabulary.
const VOCABULARY = {
  values: [
    { name: "batch", clears: ["part", "crate"] },
    { name: "crate", clears: ["batch", "part"] },
    { name: "part", clears: [] },
    { name: "mode", clears: [] },
  ],
};

test("the URL's state round-trips, in the vocabulary's order, then any other", () => {
  const state = parseState("?part=3&other=x&batch=12&mode=1");
  assert.deepEqual(state, { part: "3", other: "x", batch: "12", mode: "1" });
  assert.equal(stateToSearch(state, VOCABULARY), "?batch=12&part=3&mode=1&other=x");
  assert.deepEqual(parseState(stateToSearch(state, VOCABULARY)), state);
  assert.equal(stateToSearch({ at: "2018-10-10T00:00:00Z", path: "a/b" }), "?at=2018-10-10T00%3A00%3A00Z&path=a%2Fb");
});

test("values are kept as written: the server checks them", () => {
  assert.deepEqual(parseState("?batch=abc&part=&crate=7"), { batch: "abc", crate: "7" });
});

test("a value chosen anew forgets what it clears, unless the change sets that too", () => {
  assert.deepEqual(changeState({ crate: "7", mode: "1" }, { batch: 12 }, VOCABULARY), { batch: "12", mode: "1" });
  assert.deepEqual(changeState({ batch: "1", part: "5" }, { batch: "2" }, VOCABULARY), { batch: "2" });
  assert.deepEqual(changeState({ batch: "1", part: "5" }, { batch: "2", part: "7" }, VOCABULARY), { batch: "2", part: "7" });
  assert.deepEqual(changeState({ batch: "1", part: "5" }, { batch: "1" }, VOCABULARY), { batch: "1", part: "5" }); // the same: nothing forgotten
  assert.deepEqual(changeState({ batch: "1", part: "5" }, { mode: "1" }, VOCABULARY), { batch: "1", part: "5", mode: "1" });
});

test("clearing a value removes it", () => {
  assert.deepEqual(changeState({ batch: "1", mode: "1" }, { mode: false }, VOCABULARY), { batch: "1" });
  assert.deepEqual(changeState({ batch: "1", mode: "1" }, { mode: undefined }, VOCABULARY), { batch: "1" });
  assert.equal(stateToSearch({}, VOCABULARY), "");
});
