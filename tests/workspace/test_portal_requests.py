"""docs/oms-gui.md's rules, "Building each portlet's request", taken as written and checked against
the queries each portlet type says it makes (portlets/, whose content the browser and the PDF
show) and against what its content really asks: from the portal's page document and
/api/workspace/selection only, the rules give each portlet's URL, its probe parameters and its
filters; the portlet must request exactly those."""
import pytest
from django.test import RequestFactory

from apps.workspace.pages import pages
from apps.workspace.portlets import Context, base, registry
from apps.workspace.selection import resolve
from tests.jsonapi import get

# Each page as it opens (the server's default choice), and some with more chosen.
STATES = [*((page, "") for page in sorted(pages())), ("lumi_deadtime", "run=324245&ls_min=100&ls_max=200"),
          ("power", "since=2018-10-09T13:00:00Z&until=2018-10-09T21:00:00Z"), ("fills_runs", "fill=7269"),
          ("masked_comparison", "run=324245&reference_run=324243"), ("masked_bpix", "run=324245&ls=100"),
          ("roc_history", "roc=BPix_BpO_SEC8_LYR1_LDR6F_MOD1_ROC7&run=324245"), ("fed_channels", "fed_channel=1212/17&run=324245")]  # fmt: skip


class Waits(Exception):
    """The portlet waits for the user (a required value, or a $value the selection has not)."""


def text(value):
    return str(value).lower() if isinstance(value, bool) else str(value)


def documented_requests(portlet, state, variables):
    """[(path, {parameter: value})] of one portlet, by docs/oms-gui.md (paging, fields and
    include left out: they are the GUI's choice)."""
    attributes = portlet["attributes"]
    kind = attributes["portlet_component"]["attributes"]["type"]
    config = attributes["configuration"] or {}
    if kind == "notes":
        return []
    selectors = [s["attributes"] for s in attributes["selectors"]["in"]]
    required = [s["attributes"]["name"] for s in attributes["selectors"]["in"] if (s.get("meta") or {}).get("required")]
    if any(name not in state for name in required):
        raise Waits()

    def substitute(value):
        if isinstance(value, str) and value.startswith("$"):
            if value[1:] not in variables:
                raise Waits()
            return text(variables[value[1:]])
        return text(value)

    def filters(query):
        found = {}
        for key, value in (query.get("filters") or {}).items():
            attribute, _, operator = key.rstrip("]").partition("[")
            found[f"filter[{attribute}][{operator}]" if operator else f"filter[{attribute}]"] = substitute(value)
        return found

    if "probe" in config:
        in_filters = {v[1:] for v in (config.get("filters") or {}).values() if isinstance(v, str) and v.startswith("$")}
        params = {s["name"]: text(state[s["name"]]) for s in selectors
                  if s["attribute"] == s["name"] and s["name"] in state and s["name"] not in in_filters}  # fmt: skip
        params |= {name: substitute(value) for name, value in (config.get("params") or {}).items()}
        return [(f"/api/v1/plots/{config['probe']}", params | filters(config))]
    requests = [(f"/api/v1/{config['resource']}", filters(config) | ({"group[granularity]": config["group"]} if "group" in config else {}))]
    if "join" in config:
        join = config["join"]
        requests.append((f"/api/v1/{join['resource']}", filters(join) | ({"group[granularity]": join["group"]} if "group" in join else {})))
    return requests


def requested(calls):
    """A portlet's requests, less what the rules leave to the GUI."""
    return [(path, {k: v for k, v in params if k not in ("fields", "fields[plots]", "page[offset]", "page[limit]", "include", "sort")}) for path, params in calls]


@pytest.mark.parametrize("page_id, query", STATES, ids=[f"{p}?{q}" for p, q in STATES])
def test_the_portlets_request_what_the_docs_rules_give(api, monkeypatch, page_id, query):
    document = get(api, f"/api/portal/pages/{page_id}")["data"]["attributes"]
    selection = get(api, f"/api/workspace/selection?page={page_id}&{query}")["data"]["attributes"]
    page = pages()[page_id]
    calls = []
    answer = base.answer
    monkeypatch.setattr(base, "answer", lambda path, params, absolute: calls.append((path, params)) or answer(path, params, absolute))
    request = RequestFactory().get(f"/pages/{page_id}?{query}")
    resolved = resolve(page.selectors, request.GET, page.opens_on)
    compared = 0
    for index, (placement, definition) in enumerate(zip(document["portlets"], page.portlets)):
        portlet = placement["attributes"]["portlet"]
        try:
            expected = documented_requests(portlet, selection["state"], selection["variables"])
        except Waits:
            expected = []
        portlet_type = registry[definition["type"]]
        context = Context(resolved, request.build_absolute_uri, offset=0)  # each portlet asks afresh
        try:
            said = portlet_type.queries(definition["configuration"], context)
        except base.MissingVariable:
            said = []
        assert requested(said) == expected, f"{page_id}?{query}: {portlet['attributes']['title']}"
        calls.clear()
        shown = portlet_type.content(definition, context, index)
        assert calls == said, f"{page_id}?{query}: {portlet['attributes']['title']} asks what it says"
        assert shown["state"] in ("ready", "empty") if expected else shown["state"] in ("ready", "waiting")
        compared += len(expected)
    assert compared > 0  # every page opens on data (a ROC page on a ROC masked in the newest run)
