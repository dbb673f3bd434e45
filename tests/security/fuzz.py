"""Seeded requests for the series probe, the selection endpoint, a page's PDF, a portlet's content,
the events (resource and timeline) and the handovers' POST: valid-looking queries, edge values
(±1e308, year 9999, zero-width windows, `$` literals, repeated keys), odd Unicode (lone surrogates,
bidi overrides, zero-width characters, every line separator) and oversized shapes. Shared by
tests/security/test_fuzz_sample.py (a small sample, in-process) and benchmarks/fuzz.py (≥ 3000
against a real server, with its workers' memory)."""
import json
import random
from dataclasses import dataclass, field
from urllib.parse import quote

PAGES = ("roc_history", "lumi_deadtime", "leakage", "pileup", "fills_runs", "shift_report", "power", "nope")
NUMBERS = ("0", "1", "3", "20", "100", "1.5", "324245", "7269", "1e308", "-1e308", "-1")
ODD_NUMBERS = ("99999999999999999999", "nan", "abc", "")
TIMES = ("2018-10-10T00:00:00Z", "2018-10-09T13:00:00Z", "2018-10-12T00:00:00Z", "9999-12-31T23:59:59Z", "0001-01-01T00:00:00Z")
ODD_TIMES = ("2018-10-10", "yesterday", "2018-13-01T00:00:00Z")
STRINGS = ("BPix", "$run", "$nope", "%", "'", "x" * 300, "")
OPERATORS = ("EQ", "NEQ", "LT", "LE", "GT", "GE")
ODD_OPERATORS = ("LIKE", "XX")


@dataclass
class FuzzRequest:
    method: str
    path: str
    form: dict = field(default_factory=dict)
    headers: dict = field(default_factory=dict)
    body: str = None  # a raw body (a handover's JSON), instead of the form


def attributes(resource):
    """{name: kind} of a resource's attributes, from the dialect's registry."""
    return {a.name: a.kind for a in resource.attributes.values()}


def some_value(kind, rng):
    odd = rng.random() < 0.1  # mostly values of the attribute's kind: the work, not only the refusals
    if kind == "datetime":
        return rng.choice(ODD_TIMES if odd else TIMES)
    if kind in ("integer", "float"):
        return rng.choice(ODD_NUMBERS if odd else NUMBERS)
    if kind == "boolean":
        return rng.choice(("true", "false", "1", "yes"))
    return rng.choice(STRINGS)


def series_request(rng, resources):
    name = rng.choice(sorted(resources))
    kinds = attributes(resources[name])
    names = sorted(kinds)
    numbers = [n for n in names if kinds[n] in ("integer", "float")] or names
    ordered = [n for n in names if kinds[n] in ("integer", "float", "datetime")] or names
    params = [("resource", name), ("x", rng.choice(ordered if rng.random() < 0.9 else names))]
    kind = rng.choice(("series", "series", "histogram", "scatter"))
    params.append(("kind", kind))
    if kind != "histogram" or rng.random() < 0.1:
        many = rng.randint(1, min(len(numbers), 14)) if rng.random() < 0.2 else rng.randint(1, min(len(numbers), 3))
        params.append(("y", ",".join(rng.sample(numbers, many))))
    if rng.random() < 0.4:
        groupable = [n for n in names if kinds[n] in ("integer", "string", "boolean")] or names
        params.append(("group", rng.choice(groupable if rng.random() < 0.9 else names)))
    for knob, values in (("buckets", ("1", "10", "1000", "2000", "5000", "5001", "0", "-3")), ("bins", ("1", "50", "1000", "1001")),
                         ("points", ("1", "2000", "10000", "10001"))):  # fmt: skip
        if rng.random() < 0.3:
            params.append((knob, rng.choice(values)))
    for _ in range(rng.choice((0, 0, 1, 1, 2, 3))):
        attribute = rng.choice(names)
        operator = rng.choice(ODD_OPERATORS if rng.random() < 0.05 else OPERATORS)
        key = f"filter[{attribute}]" if operator == "EQ" and rng.random() < 0.5 else f"filter[{attribute}][{operator}]"
        params.append((key, some_value(kinds[attribute], rng)))
    params.append(("fields[plots]", rng.choice(("empty", "title,empty", "series"))))
    return FuzzRequest("GET", "/api/v1/plots/series?" + "&".join(f"{k}={quote(v)}" for k, v in params))


def state_params(rng):
    params = []
    for key, values in (("run", ("324245", "324293", "1", "abc", "-1")), ("fill", ("7269", "1", "x")), ("shift", ("2018-10-09/evening", "2018-10-09/lunch", "2018-10-10/morning")),
                        ("since", TIMES), ("until", TIMES), ("ls", ("1", "0", "100000")), ("roc", ("BPix_BmI_SEC1_LYR1_LDR1F_MOD1_ROC0", "$run")),
                        ("live", ("1", "0")), ("color", ("red",))):  # fmt: skip
        if rng.random() < 0.25:
            params.append((key, rng.choice(values)))
            if rng.random() < 0.1:
                params.append((key, rng.choice(values)))  # given twice
    return params


def selection_request(rng):
    params = [("page", rng.choice(PAGES))] if rng.random() < 0.95 else []
    params += state_params(rng)
    return FuzzRequest("GET", "/api/workspace/selection?" + "&".join(f"{k}={quote(v)}" for k, v in params))


def pdf_request(rng):
    page = rng.choice(PAGES)
    query = "&".join(f"{k}={quote(v)}" for k, v in state_params(rng))
    path = f"/pages/{page}.pdf" + (f"?{query}" if query else "")
    if rng.random() < 0.5:
        return FuzzRequest(rng.choice(("GET", "HEAD")), path)
    notes = rng.choice(("", "Beam lost at 16:40", "\n" * rng.randint(1, 2000), "x" * rng.randint(1, 12000), "<script>alert(1)</script>"))
    field = rng.choice(("notes.13", "notes.0", "notes.99", "other"))
    headers = rng.choice(({}, {"Origin": "https://evil.example"}, {"Sec-Fetch-Site": "cross-site"}))
    return FuzzRequest("POST", path, {field: notes}, headers)


PORTLETS = {"fed_errors": 12, "shift_report": 30, "events": 3, "fills_runs": 4, "nope": 1}  # pages, and portlet indexes tried
SORTS = ("run_number", "-run_number", "start_time", "-nope", "", "fill_number,run_number")
ODD_TEXT = ("\ud800", "\udfff x", "\u202eevil", "\u200b\u200d", "\u2066\u2069", "\x00\x1b[31m", "\u2028" * 600, "\r" * 600,
            "\x85\x0b\x0c" * 200, "😀" * 50, "<b>x</b>", "x" * 10001, "y" * 300)  # fmt: skip
SHIFTS = ("2018-10-09/evening", "2018-10-10/morning", "2018-10-09/lunch", "2999-01-01/night", "", "2018-10-09", "2018-02-30/morning")


def portlet_request(rng):
    page = rng.choice(sorted(PORTLETS))
    index = rng.choice((str(rng.randrange(PORTLETS[page] + 2)), "-1", "x", "99999999999999999999"))
    params = state_params(rng)
    if rng.random() < 0.3:
        params.append(("page[offset]", rng.choice(("0", "10", "25", "-10", "1e9", "x"))))
    if rng.random() < 0.3:
        params.append(("sort", rng.choice(SORTS)))
    query = "&".join(f"{k}={quote(v)}" for k, v in params)
    return FuzzRequest("GET", f"/api/workspace/pages/{page}/portlets/{index}" + (f"?{query}" if query else ""))


def events_request(rng):
    if rng.random() < 0.5:
        params = state_params(rng) + [(k, rng.choice(v)) for k, v in (("sources", ("runs", "dcs,daq", "nope", "")),
                                      ("severity", ("info", "alarm", "loud"))) if rng.random() < 0.4]  # fmt: skip
        path = "/api/v1/plots/events_timeline"
    else:
        params = [(f"filter[{rng.choice(('source', 'severity', 'start_time', 'run_number', 'nope'))}]"
                   + rng.choice(("", "[EQ]", "[GE]", "[LIKE]")), rng.choice((*STRINGS, *TIMES, "runs", "alarm")))
                  for _ in range(rng.choice((0, 1, 2)))]  # fmt: skip
        params += [(k, rng.choice(v)) for k, v in (("sort", ("start_time", "-severity", "nope")), ("page[limit]", ("1", "10000", "10001", "-1")),
                                                   ("include", ("run", "nope"))) if rng.random() < 0.3]  # fmt: skip
        path = "/api/v1/events"
    query = "&".join(f"{k}={quote(v)}" for k, v in params)
    return FuzzRequest("GET", path + (f"?{query}" if query else ""))


def handover_request(rng):
    """A handover's POST: a JSON document of odd shapes and text (``body``, sent as is); a few
    valid, which make a PDF and store a handover."""
    attributes = {"shift": rng.choice(SHIFTS) if rng.random() < 0.9 else rng.choice((None, 7, ["x"])),
                  "shifter": rng.choice(("Ada Lovelace", *ODD_TEXT)) if rng.random() < 0.9 else rng.choice((None, 3, {})),
                  "notes": rng.choice(("", "Quiet shift.", *ODD_TEXT)) if rng.random() < 0.9 else rng.choice((None, 1.5, []))}  # fmt: skip
    if rng.random() < 0.1:
        attributes[rng.choice(("version", "pdf", "handover_id"))] = 1
    document = {"data": {"type": rng.choice(("handovers",) * 9 + ("fills",)), "attributes": attributes}}
    body = json.dumps(document) if rng.random() < 0.95 else rng.choice(("{", "[]", '"x"', "null", json.dumps(document)[:-3]))
    headers = {"Content-Type": rng.choice(("application/vnd.api+json", "application/json", "text/plain"))}
    headers |= rng.choice(({}, {}, {"Origin": "https://evil.example"}, {"Sec-Fetch-Site": "cross-site"}))
    return FuzzRequest("POST", "/api/workspace/handovers", headers=headers, body=body)


def requests(seed, count, resources, pdf_share=0.05, selection_share=0.2, portlet_share=0.15, events_share=0.1, handover_share=0.05):
    """``count`` requests, the same for the same seed: mostly series, then selections, portlets'
    content, events, a few PDFs and handovers (each one seconds of layout when valid)."""
    rng = random.Random(seed)
    makers = ((pdf_share, pdf_request), (selection_share, selection_request), (portlet_share, portlet_request),
              (events_share, events_request), (handover_share, handover_request))  # fmt: skip
    for _ in range(count):
        draw = rng.random()
        for share, make in makers:
            if draw < share:
                yield make(rng)
                break
            draw -= share
        else:
            yield series_request(rng, resources)
