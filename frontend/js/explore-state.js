// The Explore page's state: its URL's query is the series probe's own query (resource, x, y,
// group, kind, buckets / bins / points, filter[…][OP]), so a permalink is also the plot's API URL.
// Pure functions: no DOM, tested by `node --test frontend/tests/`.

import { filterParameter, parseFilterKey } from "./query.js";

export const EXPLORE_KEYS = ["resource", "kind", "x", "y", "group", "buckets", "bins", "points"];
export const KINDS = { series: "buckets", histogram: "bins", scatter: "points" }; // and each one's size

// "?resource=runs&filter[fill_number][GE]=7000" → {resource: "runs", filters: [{attribute, operator, value}]}.
export function parseExplore(search) {
  const params = new URLSearchParams(search);
  const state = { filters: [] };
  for (const key of EXPLORE_KEYS) {
    const value = params.get(key);
    if (value) state[key] = value;
  }
  for (const [key, value] of params) {
    const filter = parseFilterKey(key);
    if (filter) state.filters.push({ attribute: filter.attribute, operator: filter.operator || "EQ", value });
  }
  return state;
}

// The inverse, keys in a fixed order so that one choice has one URL; filters without a value are left out.
export function exploreSearch(state) {
  const parts = EXPLORE_KEYS.filter((key) => state[key] !== undefined && state[key] !== "")
    .map((key) => `${key}=${encodeURIComponent(state[key])}`);
  for (const { attribute, operator, value } of state.filters || []) {
    if (attribute && value !== undefined && value !== "") parts.push(`${filterParameter({ attribute, operator })}=${encodeURIComponent(value)}`);
  }
  return parts.length ? `?${parts.join("&")}` : "";
}

// What fits each choice, from the resource's /meta fields: x a time or a number (a scatter also a
// date), y numbers (a value object's components too), group a name, a whole number or a flag.
export function choices(fields, kind = "series") {
  const names = (types) => Object.entries(fields).filter(([, f]) => types.includes(f.type)).map(([name]) => name);
  const components = Object.entries(fields).filter(([, f]) => f.type === "object")
    .flatMap(([name, f]) => (f.components || []).map((c) => `${name}.${c}`));
  return {
    x: names(kind === "scatter" ? ["integer", "float", "datetime", "date"] : ["integer", "float", "datetime"]),
    y: [...names(["integer", "float"]), ...components],
    group: names(["integer", "string", "boolean"]),
    filter: Object.keys(fields),
  };
}

// Whether the state names a whole plot (a histogram needs no y).
export function complete(state) {
  return Boolean(state.resource && state.x && (state.kind === "histogram" || state.y));
}
