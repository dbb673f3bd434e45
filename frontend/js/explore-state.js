// The Explore page's state: its URL's query is the series probe's own query (its parameters and
// filter[…][OP]), so a permalink is also the plot's API URL. What the form offers follows the
// probe's description (GET /api/v1/plots: its parameters, and `rules`, what each kind takes, in
// apps/workspace/probes.py): the browser knows no rule of its own.
// Pure functions: no DOM, tested by `node --test frontend/tests/`.

import { filterParameter, parseFilterKey } from "./query.js";

// The probe's parameters, in its order: the URL's keys.
const keys = (probe) => probe.parameters.map((p) => p.name);
// A parameter's default ("series" for the kind, 1000 buckets).
export const defaultOf = (probe, name) => probe.parameters.find((p) => p.name === name)?.default;

// "?resource=runs&filter[fill_number][GE]=7000" → {resource: "runs", filters: [{attribute, operator, value}]}.
export function parseExplore(search, probe) {
  const params = new URLSearchParams(search);
  const state = { filters: [] };
  for (const key of keys(probe)) {
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
export function exploreSearch(state, probe) {
  const parts = keys(probe).filter((key) => state[key] !== undefined && state[key] !== "")
    .map((key) => `${key}=${encodeURIComponent(state[key])}`);
  for (const { attribute, operator, value } of state.filters || []) {
    if (attribute && value !== undefined && value !== "") parts.push(`${filterParameter({ attribute, operator })}=${encodeURIComponent(value)}`);
  }
  return parts.length ? `?${parts.join("&")}` : "";
}

// What fits each choice, from the resource's /meta fields and the probe's rules for the kind (a
// value object, "object", offers its components).
export function choices(fields, kind, probe) {
  const names = (types) => Object.entries(fields).filter(([, f]) => types.includes(f.type))
    .flatMap(([name, f]) => (f.type === "object" ? (f.components || []).map((c) => `${name}.${c}`) : [name]));
  const { rules } = probe;
  return { x: names(rules.kinds[kind].x), y: names(rules.y), group: names(rules.group), filter: Object.keys(fields) };
}

// Whether the state names a whole plot (a kind that draws no y needs none).
export function complete(state, probe) {
  const kind = state.kind || defaultOf(probe, "kind");
  return Boolean(state.resource && state.x && (!probe.rules.kinds[kind].y || state.y));
}
