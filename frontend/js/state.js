// The controller's state lives in the URL's query string, so that every view is a permalink.
// Pure functions: no DOM, tested by `node --test frontend/tests/`.
//
// The browser knows no controller value: the vocabulary (their names in URL order, what choosing
// one forgets, their widgets) is the server's (pixelws/controller.py), served with the controller
// component's config_schema. Values are kept as the URL writes them, and checked by the server
// (GET /api/workspace/selection), which names a value it refuses.

// "?a=1&b=x" → {a: "1", b: "x"}: every parameter given, in no particular order.
export function parseState(search) {
  const state = {};
  for (const [key, value] of new URLSearchParams(search)) if (value !== "") state[key] = value;
  return state;
}

// The inverse, the vocabulary's values in its order (then any others, in the state's order) so
// that one view has one URL.
export function stateToSearch(state, vocabulary = { values: [] }) {
  const names = vocabulary.values.map((value) => value.name);
  const keys = [...names.filter((name) => name in state), ...Object.keys(state).filter((key) => !names.includes(key))];
  const params = keys
    .filter((key) => state[key] !== undefined && state[key] !== null && state[key] !== "" && state[key] !== false)
    .map((key) => `${key}=${encodeURIComponent(String(state[key]))}`);
  return params.length ? `?${params.join("&")}` : "";
}

// A new state after the user changes some values: a value chosen anew forgets what its
// vocabulary entry `clears` (what belonged to the one before), unless the change sets that too.
export function changeState(state, change, vocabulary) {
  const next = { ...state };
  for (const [key, value] of Object.entries(change)) next[key] = value === undefined || value === null || value === false ? undefined : String(value);
  for (const { name, clears } of vocabulary.values) {
    if (!(name in change) || next[name] === state[name]) continue;
    for (const key of clears) if (!(key in change)) delete next[key];
  }
  for (const key of Object.keys(next)) if (next[key] === undefined || next[key] === "") delete next[key];
  return next;
}
