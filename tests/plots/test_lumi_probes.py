"""/api/v1/plots: the lumi and dead time probes, checked against the ORM, and their errors."""
from itertools import accumulate

import pytest

from apps.oms.models import Deadtime, Lumisection
from apps.oms.probes import LS_SECONDS, SOURCE_LABELS
from pixelws.probes import registry
from tests.jsonapi import error_of, follow, get

RUN = 324245
FILL = 7269


def plot(api, probe, query):
    return get(api, f"/api/v1/plots/{probe}?{query}")["data"]


def lumisections(**filters):
    return list(Lumisection.objects.filter(**filters).order_by("run_number", "lumisection_number"))


def test_listing_names_every_probe_with_its_parameters(api):
    data = get(api, "/api/v1/plots")["data"]
    assert [p["id"] for p in data] == sorted(registry)
    inst = next(p for p in data if p["id"] == "inst_lumi")["attributes"]
    assert {"name": "run", "type": "integer", "required": False, "default": None}.items() <= inst["parameters"][0].items()


def test_instantaneous_lumi_of_a_run(api):
    rows = lumisections(run_number=RUN)
    data = plot(api, "inst_lumi", f"run={RUN}")
    assert data["type"] == "plots" and data["id"] == "inst_lumi"
    attributes = data["attributes"]
    assert attributes["x"] == {"title": "Lumisection", "units": None, "type": "linear"}
    assert attributes["y"]["units"] == "10^{30}cm^{-2}s^{-1}"
    delivered, recorded = attributes["series"]
    assert delivered["x"] == [r.lumisection_number for r in rows]
    assert delivered["y"] == pytest.approx([r.delivered_lumi / LS_SECONDS for r in rows])
    assert recorded["y"] == pytest.approx([r.recorded_lumi / LS_SECONDS for r in rows])
    assert [t["y"] for t in attributes["figure"]["data"]] == [delivered["y"], recorded["y"]]


def test_cumulative_lumi_in_pb_over_an_ls_range(api):
    rows = lumisections(run_number=RUN, lumisection_number__gte=100, lumisection_number__lte=200)
    attributes = plot(api, "cumulative_lumi", f"run={RUN}&ls_min=100&ls_max=200")["attributes"]
    delivered, recorded = attributes["series"]
    assert attributes["y"]["units"] == "pb^{-1}"
    assert delivered["x"] == list(range(100, 201))
    assert delivered["y"] == pytest.approx(list(accumulate(r.delivered_lumi / 1e6 for r in rows)))
    assert recorded["y"] == pytest.approx(list(accumulate(r.recorded_lumi / 1e6 for r in rows)))


def test_a_fill_is_plotted_against_time(api):
    rows = lumisections(fill_number=FILL)
    attributes = plot(api, "inst_lumi", f"fill={FILL}")["attributes"]
    assert attributes["x"]["type"] == "date"
    assert attributes["series"][0]["x"] == [r.start_time.strftime("%Y-%m-%dT%H:%M:%SZ") for r in rows]
    assert len({r.run_number for r in rows}) > 1  # the fill's runs, one after the other


def test_deadtime_by_source_stacks_every_source(api):
    rows = {d.first_lumisection_number: d for d in Deadtime.objects.filter(run_number=RUN)}
    attributes = plot(api, "deadtime_by_source", f"run={RUN}&scope=overall")["attributes"]
    assert [s["name"] for s in attributes["series"]] == list(SOURCE_LABELS.values())
    assert all(s["stack"] == "deadtime" for s in attributes["series"])
    tts = attributes["series"][0]
    assert tts["x"] == sorted(rows)
    assert tts["y"] == pytest.approx([rows[ls].ov_tts_pct for ls in sorted(rows)])
    assert attributes["y"] == {"title": "Dead time", "units": "%", "type": "linear"}


def test_a_time_window_alone(api):
    first, last = lumisections(run_number=RUN)[10], lumisections(run_number=RUN)[20]
    since, until = (t.strftime("%Y-%m-%dT%H:%M:%SZ") for t in (first.start_time, last.start_time))
    series = plot(api, "inst_lumi", f"since={since}&until={until}")["attributes"]["series"]
    assert len(series[0]["x"]) == 10


def test_unknown_run_is_a_404_naming_run(api):  # as every probe's (tests/plots/test_scope.py)
    error = error_of(api, "/api/v1/plots/inst_lumi?run=1", 404)
    assert (error["detail"], error["source"]) == ("There is no run 1 in the database.", {"parameter": "run"})


def test_sparse_fieldset(api):
    assert set(plot(api, "inst_lumi", f"run={RUN}&fields[plots]=title,figure")["attributes"]) == {"title", "figure"}


@pytest.mark.parametrize(
    "query, parameter",
    [
        ("run=abc", "run"),
        ("", "run"),
        (f"run={RUN}&fill={FILL}", "fill"),
        (f"fill={FILL}&ls_min=3", "ls_min"),
        (f"run={RUN}&ls_min=0", "ls_min"),
        (f"run={RUN}&ls_min=20&ls_max=10", "ls_max"),
        (f"run={RUN}&since=yesterday", "since"),
        ("since=2018-10-10T00:00:00Z&until=2018-10-09T00:00:00Z", "until"),
        ("since=2018-10-01T00:00:00Z&until=2018-10-09T00:00:00Z", "until"),
        (f"run={RUN}&colour=red", "colour"),
        ("run=99999999999999999999", "run"),
        (f"run={RUN}&ls_max=-99999999999999999999", "ls_max"),
        (f"run={RUN}&run=2", "run"),
        (f"run={RUN}&fields[plots]=nope", "fields[plots]"),
        # times that exist in their zone but not in UTC: an overflow converting them, not a 500
        ("since=0001-01-01T00:00:00%2B14:00&until=2018-10-10T00:00:00Z", "since"),
        ("since=2018-10-09T00:00:00Z&until=9999-12-31T23:59:59-14:00", "until"),
    ],
)
def test_bad_parameters_are_400_naming_the_parameter(api, query, parameter):
    error = error_of(api, f"/api/v1/plots/inst_lumi?{query}")
    assert error["source"]["parameter"] == parameter


def test_bad_choice(api):
    error = error_of(api, f"/api/v1/plots/deadtime_by_source?run={RUN}&scope=all")
    assert error["source"]["parameter"] == "scope" and "beamactive" in error["detail"]


def test_unknown_probe_is_404_listing_probes(api):
    error = error_of(api, "/api/v1/plots/nope", 404)
    assert "inst_lumi" in error["detail"]


def test_the_figure_renders_to_svg_for_reports(api):
    """Reports render the API's figure with kaleido and Debian's Chromium: the same figure."""
    import kaleido  # a dependency: missing is a failure, not a skip
    figure = plot(api, "cumulative_lumi", f"run={RUN}&ls_max=50")["attributes"]["figure"]
    svg = kaleido.calc_fig_sync(figure, opts={"format": "svg"}).decode()
    assert svg.startswith("<svg") and "Integrated luminosity [pb" in svg


@pytest.mark.parametrize("query, linked", [
    (f"run={RUN}", ["lumisections", "deadtimes"]),
    (f"fill={FILL}", ["lumisections", "deadtimes"]),
    (f"run={RUN}&ls_min=100&ls_max=250", ["lumisections", "deadtimes"]),
    ("since=2018-10-10T00:00:00Z&until=2018-10-10T02:00:00.500000Z", ["lumisections"]),  # no times on dead times
])
def test_each_point_is_a_row_of_the_linked_api_query(api, query, linked):
    for probe in ("inst_lumi", "cumulative_lumi", "deadtime_by_source"):
        attributes = plot(api, probe, query)["attributes"]
        sources = attributes["sources"]
        assert [s["href"].split("?")[0] for s in sources] == [f"http://testserver/api/v1/{t}" for t in
                                                             (linked if probe == "deadtime_by_source" else linked[:1])]
        points = len(attributes["series"][0]["x"])
        assert points > 0 and all(len(follow(api, s["href"])) == points for s in sources), (probe, query)
    lumisection_rows = follow(api, sources[0]["href"])
    assert sources[0]["title"].startswith("lumisections of ")
    assert [o["id"] for o in lumisection_rows] == [f"{r.run_number}_{r.lumisection_number}" for r in
                                                   Lumisection.objects.filter(**django_filters(query)).order_by("run_number", "lumisection_number")]


def django_filters(query):
    """The ORM's reading of a probe query: an independent check of what the link selects."""
    names = {"run": "run_number", "fill": "fill_number", "ls_min": "lumisection_number__gte",
             "ls_max": "lumisection_number__lte", "since": "start_time__gte", "until": "start_time__lt"}  # fmt: skip
    return {names[k]: v for k, v in (part.split("=") for part in query.split("&"))}
