import assert from "node:assert/strict";
import { test } from "node:test";

import { ApiError, fetchDocument, fetchOnce, preload } from "../js/api.js";

// A fetch whose body fails to parse, as when a request is cut off while its body is read.
function fetchWithBrokenBody(failure) {
  return async () => ({ status: 200, ok: true, json: async () => { throw failure(); } });
}

test("a request aborted while its body is read stays an abort, not an API error", async (t) => {
  t.mock.method(globalThis, "fetch", fetchWithBrokenBody(() => new DOMException("aborted", "AbortError")));
  const controller = new AbortController();
  controller.abort();
  await assert.rejects(fetchDocument("/api/v1/runs", { signal: controller.signal }), { name: "AbortError" });
});

test("a body that is not JSON is an API error naming the URL", async (t) => {
  t.mock.method(globalThis, "fetch", fetchWithBrokenBody(() => new SyntaxError("Unexpected token <")));
  await assert.rejects(fetchDocument("/api/v1/runs"), (error) => {
    assert.ok(error instanceof ApiError);
    assert.equal(error.message, "HTTP 200: /api/v1/runs did not answer with JSON");
    return true;
  });
});

test("JSON:API errors become an ApiError with the offending parameter", async (t) => {
  const errors = [{ title: "Invalid filter", detail: "unknown attribute", source: { parameter: "filter[x]" } }];
  t.mock.method(globalThis, "fetch", async () => ({ status: 400, ok: false, json: async () => ({ errors }) }));
  await assert.rejects(fetchDocument("/api/v1/runs?filter[x]=1"), {
    message: "Invalid filter: unknown attribute (filter[x])",
  });
});

test("a 401 (an expired sign-in) says how to sign in again", async (t) => {
  const errors = [{ status: "401", title: "Unauthorized", detail: "Authentication credentials were not provided." }];
  t.mock.method(globalThis, "fetch", async () => ({ status: 401, ok: false, json: async () => ({ errors }) }));
  await assert.rejects(fetchDocument("/api/v1/runs"), {
    message: "Unauthorized: Authentication credentials were not provided. Reload the page to sign in again.",
  });
});

test("a document the page came with is answered without a request; others are fetched once", async (t) => {
  const page = { data: { id: "lumi_deadtime", type: "pages", attributes: { path: "lumi_deadtime" } } };
  const fetched = [];
  t.mock.method(globalThis, "fetch", async (url) => {
    fetched.push(url);
    return { status: 200, ok: true, json: async () => ({ data: [] }) };
  });
  preload({ "/api/portal/pages/lumi_deadtime": page });
  assert.equal(await fetchOnce("/api/portal/pages/lumi_deadtime"), page);
  await Promise.all([fetchOnce("/api/portal/workspaces"), fetchOnce("/api/portal/workspaces")]);
  assert.deepEqual(fetched, ["/api/portal/workspaces"]);
});
