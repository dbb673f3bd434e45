// The controller's state lives in the URL's query string, so that every view is a permalink.
// Pure functions: no DOM, tested by `node --test frontend/tests/`.

// In URL order. run/fill/ls/ls_min/ls_max/reference_run are whole numbers; since/until ISO
// times (UTC); roc a pixel name, fed_channel FED/channel (1212/17) and shift a shift such as 2018-10-09/evening (the server checks
// both: apps/workspace/selection.py); live is 1.
export const STATE_KEYS = ["run", "fill", "ls", "ls_min", "ls_max", "reference_run", "roc", "fed_channel", "since", "until", "shift", "live"];
const WHOLE_NUMBERS = new Set(["run", "fill", "ls", "ls_min", "ls_max", "reference_run"]);
const TIMES = new Set(["since", "until"]);
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?Z$/;
const NAME = /^[A-Za-z0-9_]+$/;
const FED_CHANNEL = /^\d{4}\/\d{1,2}$/;
const SHIFT = /^\d{4}-\d{2}-\d{2}\/(morning|evening|night)$/;

// "?run=324245&ls_min=10" → {state: {run: 324245, ls_min: 10}, problems: [...]}.
// Values that do not parse are dropped and reported, never guessed.
export function parseState(search) {
  const params = new URLSearchParams(search);
  const state = {};
  const problems = [];
  for (const key of STATE_KEYS) {
    const raw = params.get(key);
    if (raw === null || raw === "") continue;
    if (WHOLE_NUMBERS.has(key)) {
      if (/^\d+$/.test(raw)) state[key] = Number(raw);
      else problems.push(`${key}=${raw} is not a whole number`);
    } else if (TIMES.has(key)) {
      if (ISO_TIME.test(raw) && !Number.isNaN(Date.parse(raw))) state[key] = raw;
      else problems.push(`${key}=${raw} is not a UTC time such as 2018-10-11T12:00:00Z`);
    } else if (key === "roc") {
      if (NAME.test(raw)) state.roc = raw;
      else problems.push(`roc=${raw} is not a ROC name such as BPix_BmO_SEC1_LYR1_LDR1F_MOD1_ROC0`);
    } else if (key === "fed_channel") {
      if (FED_CHANNEL.test(raw)) state.fed_channel = raw;
      else problems.push(`fed_channel=${raw} is not a FED channel such as 1212/17`);
    } else if (key === "shift") {
      if (SHIFT.test(raw)) state.shift = raw;
      else problems.push(`shift=${raw} is not a shift such as 2018-10-09/evening (morning, evening or night)`);
    } else if (key === "live") {
      if (raw === "1") state.live = true;
      else problems.push(`live=${raw}: use live=1`);
    }
  }
  for (const key of params.keys()) {
    if (!STATE_KEYS.includes(key)) problems.push(`${key}= is not a value of this workspace (${STATE_KEYS.join(", ")})`);
  }
  return { state, problems };
}

// The inverse of parseState, keys in a fixed order so that one view has one URL.
export function stateToSearch(state) {
  const params = [];
  for (const key of STATE_KEYS) {
    const value = state[key];
    if (value === undefined || value === null || value === false || value === "") continue;
    params.push(`${key}=${encodeURIComponent(key === "live" ? "1" : String(value))}`);
  }
  return params.length ? `?${params.join("&")}` : "";
}

// What belongs to the chosen run: lumisection numbers count within it, and the reference run
// defaults to the run before it.
const OF_THE_RUN = ["ls", "ls_min", "ls_max", "reference_run"];

// What a shift replaces, and what replaces a shift: each chooses the data shown.
const CHOICES = ["run", "fill", "since", "until", "shift"];

// A new state after the user changes some selectors. A run implies its fill, so choosing one
// forgets the other; what belongs to one run goes with the run; a shift is a choice of its own.
export function changeState(state, change) {
  const next = { ...state, ...change };
  if ("run" in change && change.run !== state.run) {
    delete next.fill;
    for (const key of OF_THE_RUN) if (!(key in change)) delete next[key];
  }
  if ("fill" in change && change.fill !== undefined && change.fill !== null) {
    delete next.run;
    for (const key of OF_THE_RUN) delete next[key];
  }
  if (change.shift) for (const key of [...CHOICES, ...OF_THE_RUN]) if (key !== "shift") delete next[key];
  if (["run", "fill", "since", "until"].some((key) => change[key] !== undefined && change[key] !== null)) delete next.shift;
  // Live follows the newest run or shift: it replaces a chosen one, and choosing one ends it.
  if (change.live) for (const key of [...CHOICES, ...OF_THE_RUN]) delete next[key];
  else if (CHOICES.some((key) => change[key] !== undefined && change[key] !== null)) delete next.live;
  for (const key of Object.keys(next)) {
    if (next[key] === undefined || next[key] === null || next[key] === "" || next[key] === false) delete next[key];
  }
  return next;
}
