// <input type=datetime-local> speaks "2018-10-11T12:00[:00]" with no zone; the URL and the API
// speak UTC ISO ("2018-10-11T12:00:00Z"). Pure functions: no DOM, tested by `node --test frontend/tests/`.

export const toInputTime = (iso) => (iso ? iso.replace(/Z$/, "") : "");
export const fromInputTime = (value) => (value ? `${value.length === 16 ? `${value}:00` : value}Z` : undefined);
