"""What the browser once worked out itself now comes from the server: Explore's rules with the
series probe's description, a plot's CSV and a timeline's times with the portlet's content, the
notes' limit with the notes component's config_schema."""
import pytest
from django.http import QueryDict

from apps.dcs.models import PowerGroup
from apps.workspace.portlets.notes import NOTES_LIMIT
from pixelws.dialect import registry as resources
from pixelws.dialect.errors import DialectError
from pixelws.probes import registry as probes
from tests.jsonapi import get

SHIFT = "2018-10-09/evening"


def served_series(api):
    return next(p for p in get(api, "/api/v1/plots")["data"] if p["id"] == "series")["attributes"]


def test_explores_rules_are_the_ones_the_series_probe_applies(api):
    """For each kind and each attribute type of a resource, x is refused exactly when the served
    rules leave the type out; a kind draws y exactly when they say so."""
    served = served_series(api)
    kinds = served["rules"]["kinds"]
    assert list(kinds) == next(p["choices"] for p in served["parameters"] if p["name"] == "kind")
    by_type = {}
    for name, attribute in resources["lumisections"].attributes.items():
        by_type.setdefault(attribute.kind, name)
    for kind, rule in kinds.items():
        assert rule["size"] in {p["name"] for p in served["parameters"]}
        for type_, name in by_type.items():
            params = QueryDict(mutable=True)
            params.update({"resource": "lumisections", "x": name, "kind": kind})
            if rule["y"]:
                params["y"] = "delivered_lumi"
            try:
                probes["series"].parse(params)
                refused = None
            except DialectError as error:
                refused = error.parameter
            assert (refused == "x") == (type_ not in rule["x"]), (kind, type_, refused)
        with_y = QueryDict(f"resource=lumisections&x=lumisection_number&kind={kind}&y=delivered_lumi")
        if rule["y"]:
            probes["series"].parse(with_y)
        else:
            with pytest.raises(DialectError) as refused:
                probes["series"].parse(with_y)
            assert refused.value.parameter == "y"


def test_a_plots_csv_comes_with_its_content(api):
    content = get(api, f"/api/workspace/pages/events/portlets/0?shift={SHIFT}")["data"]["attributes"]
    assert content["kind"] == "plot" and content["state"] == "ready"
    traces = [t for t in content["figure"]["data"] if t.get("legendgroup") != "Events"]
    points = [[t.get("name"), x, y] for t in traces for x, y in zip(t["x"], t["y"])]
    assert content["csv"] == {"header": ["series", "x", "y"], "rows": points}
    assert len(points) > 0


def test_a_tables_line_under_its_rows_comes_with_its_content(api):
    """A resource table's page of rows, a probe table's count: the browser and the first screen
    write the server's words."""
    runs = get(api, "/api/workspace/pages/fills_runs/portlets/0")["data"]["attributes"]["table"]["paging"]
    assert runs["text"] == f"rows 1–{min(runs['limit'], runs['total'])} of {runs['total']}"
    power = get(api, "/api/workspace/pages/power/portlets/1?shift=2018-10-09/night")["data"]["attributes"]["table"]["paging"]
    assert power["total"] == PowerGroup.objects.count() and power["text"] == f"{power['total']} rows"


def test_a_heatmaps_csv_has_a_row_per_cell(api):
    content = get(api, "/api/workspace/pages/masked_bpix/portlets/0?run=324245")["data"]["attributes"]
    (heatmap,) = [t for t in content["figure"]["data"] if t["type"] == "heatmap"]
    assert content["csv"]["header"] == ["series", "x", "y", "z"]
    assert len(content["csv"]["rows"]) == len(heatmap["x"]) * len(heatmap["y"])
    assert content["csv"]["rows"][1] == [heatmap.get("name"), heatmap["x"][1], heatmap["y"][0], heatmap["z"][0][1]]


def test_a_timelines_rows_carry_their_times_and_the_severities(api):
    content = get(api, f"/api/workspace/pages/events/portlets/1?shift={SHIFT}")["data"]["attributes"]
    assert content["severities"] == ["info", "warning", "alarm"]
    at = [c["name"] for c in content["table"]["header"]].index("start_time")
    lines = [line for row in content["table"]["rows"] for line in (row, *row.get("members", ()))]
    assert len(lines) > len(content["table"]["rows"])  # a routine kind's row holds its events' lines
    for row in lines:
        start = content["csv"]["rows"][row["events"][0]][content["csv"]["header"].index("start_time")]
        assert row["start"] == f"{start[:10]} {start[11:16]} UTC", row
        assert row["cells"][at]["title"].startswith(start[:16])


def test_the_notes_limit_comes_with_the_component(api):
    components = get(api, "/api/portal/portlet_components")["data"]
    notes = next(c for c in components if c["attributes"]["type"] == "notes")
    assert notes["attributes"]["config_schema"]["x-text-limit"] == NOTES_LIMIT
