// OMS-dialect URLs the browser still builds itself: the controller's look-ups of the newest run
// or fill (shell.js) and the Explore page's filters (explore-state.js); a portlet's queries are
// built by the server (apps/workspace/portlets/). Pure functions: no DOM, tested by
// `node --test frontend/tests/`.

export const API = "/api/v1/";

// Brackets stay readable (filter[fill_number][GE]); values are encoded.
function param(key, value) {
  return `${key}=${encodeURIComponent(String(value))}`;
}

// A filter's key, as a page writes it (attribute or attribute[OP]) or as the API does
// (filter[attribute] or filter[attribute][OP]) → {attribute, operator (upper case; none when
// bare, which means EQ)}, or null. The one parser of both here, as pixelws/dialect/query.py's.
const FILTER_KEYS = {
  page: /^([A-Za-z0-9_.]+)(?:\[([A-Za-z]+)\])?$/,
  api: /^filter\[([^[\]]+)\](?:\[([A-Za-z]+)\])?$/,
};
export function parseFilterKey(key, spelling = "page") {
  const match = FILTER_KEYS[spelling].exec(key);
  return match ? { attribute: match[1], operator: match[2]?.toUpperCase() } : null;
}

// {attribute, operator} → the API's parameter: filter[attribute] or filter[attribute][OP].
export function filterParameter({ attribute, operator }) {
  return operator ? `filter[${attribute}][${operator}]` : `filter[${attribute}]`;
}

// Filters as a page writes them, {"fill_number": 7269, "lumisection_number[GE]": 10}, as OMS
// filter parameters: filter[fill_number]=7269&filter[lumisection_number][GE]=10.
export function filterParams(filters = {}) {
  return Object.entries(filters).map(([key, value]) => {
    const parsed = parseFilterKey(key);
    if (!parsed) throw new Error(`malformed filter key '${key}'`);
    return param(filterParameter(parsed), value);
  });
}

// GET /api/v1/<resource>?filter…&fields=…&sort=…&page[limit]=…
export function resourceUrl(resource, { filters, fields, sort, limit } = {}) {
  const params = filterParams(filters);
  if (fields && fields.length) params.push(param("fields", fields.join(",")));
  if (sort) params.push(param("sort", sort));
  if (limit !== undefined) params.push(param("page[limit]", limit));
  return `${API}${resource}${params.length ? "?" + params.join("&") : ""}`;
}
