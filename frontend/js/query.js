// OMS-dialect URLs, built here and nowhere else: the resource queries of table and summary
// portlets (as the OMS GUI sends them) and the probe queries of plot portlets.
// Pure functions: no DOM, tested by `node --test frontend/tests/`.

export const API = "/api/v1/";

const NOUNS = { roc: "ROC", fed_channel: "FED channel", ls: "lumisection" }; // the rest read well as they are: "reference run"

// Raised when a configuration refers to a controller value ($run, …) that is not chosen yet.
export class MissingVariable extends Error {
  constructor(name) {
    // $shift_end_run etc. are missing only when a shift has no lumisections.
    super(name.startsWith("shift_") ? "No lumisections in this shift." : `Choose a ${NOUNS[name] || name.replaceAll("_", " ")} above.`);
    this.variable = name;
  }
}

// "$fill" → the controller's fill; anything else is literal.
export function substitute(value, variables) {
  if (typeof value === "string" && value.startsWith("$")) {
    const name = value.slice(1);
    if (variables[name] === undefined) throw new MissingVariable(name);
    return variables[name];
  }
  return value;
}

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

// A page configuration's filters, {"fill_number": "$fill", "lumisection_number[GE]": 10},
// as OMS filter parameters: filter[fill_number]=7269&filter[lumisection_number][GE]=10.
export function filterParams(filters = {}, variables = {}) {
  return Object.entries(filters).map(([key, value]) => {
    const parsed = parseFilterKey(key);
    if (!parsed) throw new Error(`malformed filter key '${key}'`);
    return param(filterParameter(parsed), substitute(value, variables));
  });
}

// Attribute names for fields=: a value-object component (beamactive_total_deadtime.percent)
// is served inside its attribute.
export function attributeNames(columns) {
  return [...new Set(columns.map((c) => c.split(".")[0]))];
}

// GET /api/v1/<resource>?filter…&fields=…&sort=…&page[offset]=…&page[limit]=…&group…&include=…
export function resourceUrl(resource, { filters, variables, fields, sort, offset, limit, group, include } = {}) {
  const params = filterParams(filters, variables);
  if (group) params.push(param("group[granularity]", group));
  if (fields && fields.length) params.push(param("fields", attributeNames(fields).join(",")));
  if (sort) params.push(param("sort", sort));
  if (offset !== undefined) params.push(param("page[offset]", offset));
  if (limit !== undefined) params.push(param("page[limit]", limit));
  if (include && include.length) params.push(param("include", include.join(",")));
  return `${API}${resource}${params.length ? "?" + params.join("&") : ""}`;
}

// GET /api/v1/plots/<probe>?…: the selection (what the user chose, not what it implies: a run,
// not also its fill) for every parameter the probe declares, then the portlet's own parameters,
// which may refer to controller values ($fill) too, then its filters (the series probe's).
export function probeUrl(probe, { parameters = [], selection = {}, variables = {}, params = {}, filters, fields } = {}) {
  const values = {};
  for (const name of parameters) if (selection[name] !== undefined) values[name] = selection[name];
  for (const [name, value] of Object.entries(params)) values[name] = substitute(value, variables);
  const query = Object.entries(values).map(([name, value]) => param(name, value));
  query.push(...filterParams(filters, variables));
  if (fields) query.push(param("fields[plots]", fields.join(",")));
  return `${API}plots/${probe}${query.length ? "?" + query.join("&") : ""}`;
}

// The value of a column in a JSON:API object: an attribute, or a component of a value object.
export function columnValue(attributes, column) {
  const [name, component] = column.split(".");
  const value = attributes[name];
  return component === undefined || value === null || value === undefined ? value : value[component];
}
