import assert from "node:assert/strict";
import { test } from "node:test";

import { Drafts, draftKey } from "../js/drafts.js";

class MemoryStorage {
  constructor() {
    this.items = new Map();
  }
  getItem(key) {
    return this.items.has(key) ? this.items.get(key) : null;
  }
  setItem(key, value) {
    this.items.set(key, String(value));
  }
  removeItem(key) {
    this.items.delete(key);
  }
}

test("each shift, page and notes portlet has a draft of its own", () => {
  assert.equal(draftKey("shift_report", 13, { shift: "2018-10-09/evening" }), "pixelws.notes:shift_report/13?shift=2018-10-09%2Fevening");
  assert.notEqual(draftKey("shift_report", 13, { shift: "2018-10-09/night" }), draftKey("shift_report", 13, { shift: "2018-10-09/evening" }));
});

test("drafts are kept as typed, markup included, and an empty one is removed", () => {
  const storage = new MemoryStorage();
  const drafts = new Drafts(storage);
  const evening = draftKey("shift_report", 13, { shift: "2018-10-09/evening" });
  const night = draftKey("shift_report", 13, { shift: "2018-10-09/night" });
  drafts.write(evening, "<b>HV</b> file:///etc/passwd");
  assert.equal(drafts.read(evening), "<b>HV</b> file:///etc/passwd");
  assert.equal(drafts.read(night), "");
  drafts.write(evening, "");
  assert.equal(storage.items.size, 0);
  drafts.write(night, "x");
  drafts.clear(night);
  assert.equal(drafts.read(night), "");
});

test("a storage that refuses is survived", () => {
  const drafts = new Drafts({ getItem() { throw new Error("denied"); }, setItem() { throw new Error("quota"); }, removeItem() {} });
  assert.equal(drafts.read("k"), "");
  assert.equal(drafts.write("k", "text"), false);
});
