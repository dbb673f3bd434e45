// OMS-dialect URLs the browser still builds itself: the Explore page's filters (explore-state.js)
// and the handovers of a shift (handover.js); a portlet's queries are built by the server
// (apps/workspace/portlets/), which reads the filters of page files, and so are the controller's
// steps (◀ ▶, GET /api/workspace/selection). Pure
// functions: no DOM, tested by `node --test frontend/tests/`.

export const API = "/api/v1/";

// Brackets stay readable (filter[fill_number][GE]); values are encoded.
function param(key, value) {
  return `${key}=${encodeURIComponent(String(value))}`;
}

// A filter parameter as the API writes it (filter[attribute] or filter[attribute][OP]) →
// {attribute, operator (upper case; none when bare, which means EQ)}, or null: as
// pixelws/dialect/query.py parses it.
const FILTER_KEY = /^filter\[([^[\]]+)\](?:\[([A-Za-z]+)\])?$/;
export function parseFilterKey(key) {
  const match = FILTER_KEY.exec(key);
  return match ? { attribute: match[1], operator: match[2]?.toUpperCase() } : null;
}

// {attribute, operator} → the API's parameter: filter[attribute] or filter[attribute][OP].
export function filterParameter({ attribute, operator }) {
  return operator ? `filter[${attribute}][${operator}]` : `filter[${attribute}]`;
}

// GET /api/v1/<resource>?filter…&fields=…&sort=…&page[limit]=…; filters: [{attribute, operator, value}].
export function resourceUrl(resource, { filters = [], fields, sort, limit } = {}) {
  const params = filters.map((filter) => param(filterParameter(filter), filter.value));
  if (fields && fields.length) params.push(param("fields", fields.join(",")));
  if (sort) params.push(param("sort", sort));
  if (limit !== undefined) params.push(param("page[limit]", limit));
  return `${API}${resource}${params.length ? "?" + params.join("&") : ""}`;
}
