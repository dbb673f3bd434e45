// Fetching API documents; a JSON:API error becomes an ApiError carrying the server's words.

export class ApiError extends Error {
  constructor(status, errors) {
    const first = errors[0] || {};
    // The query parameter at fault, or the field of a posted document (/data/attributes/shifter → shifter).
    const where = first.source?.parameter ?? first.source?.pointer?.split("/").pop();
    const parameter = where ? ` (${where})` : "";
    // A 401 in the workspace: the CERN SSO session has expired (or was ended in another tab).
    const signIn = status === 401 ? " Reload the page to sign in again." : "";
    super(`${first.title || `HTTP ${status}`}: ${first.detail || "the server gave no detail"}${parameter}${signIn}`);
    this.status = status;
    this.errors = errors;
  }
}

export async function fetchDocument(url, { signal } = {}) {
  return (await fetchChanged(url, { signal })).document;
}

// {document, etag}; with `etag` (of the answer already shown): null when the server answers that
// nothing changed (304). A request that sets If-None-Match bypasses the browser's cache, which
// hands the 304 over as it is.
export async function fetchChanged(url, { signal, etag } = {}) {
  const headers = { Accept: "application/vnd.api+json", ...(etag ? { "If-None-Match": etag } : {}) };
  const response = await fetch(url, { headers, signal });
  if (etag && response.status === 304) return null;
  let document;
  try {
    document = await response.json();
  } catch (error) {
    if (signal?.aborted) throw error; // cut off by a newer request: not the server's fault
    throw new ApiError(response.status, [{ title: `HTTP ${response.status}`, detail: `${url} did not answer with JSON` }]);
  }
  if (!response.ok || document.errors) throw new ApiError(response.status, document.errors || []);
  return { document, etag: response.headers?.get("ETag") ?? null };
}

// One fetch for each URL, shared by everyone who asks (portal documents).
const cache = new Map();

// Documents the server sent with the page, {url: document}: fetchOnce answers them at once.
export function preload(documents) {
  for (const [url, document] of Object.entries(documents)) cache.set(url, Promise.resolve(document));
}
export function fetchOnce(url) {
  if (!cache.has(url)) {
    cache.set(url, fetchDocument(url).catch((error) => { cache.delete(url); throw error; }));
  }
  return cache.get(url);
}
