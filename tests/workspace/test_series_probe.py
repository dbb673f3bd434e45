"""The series probe against the API's own rows for the same filters: downsampled series, histogram
and scatter recomputed here in Python; its filters and their errors are the resource's."""
import math
from collections import defaultdict
from datetime import datetime
from statistics import fmean
from urllib.parse import quote

import pytest

from tests.jsonapi import error_of, follow, get

pytestmark = pytest.mark.django_db
PLOT = "/api/v1/plots/series"
RUN = "filter[run_number]=324245"


def plot(api, query):
    return get(api, f"{PLOT}?{query}")["data"]["attributes"]


def rows_of(api, plot_attributes):
    """The rows the plot says it is made of, through its source link (the resource's own answer)."""
    [source] = plot_attributes["sources"]
    return [row["attributes"] for row in follow(api, source["href"])]


def by_name(plot_attributes):
    return {s["name"]: s for s in plot_attributes["series"]}


def parse_time(text):
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def test_lumisections_of_a_run_in_buckets_of_whole_lumisections(api):
    found = plot(api, f"resource=lumisections&x=lumisection_number&y=delivered_lumi,recorded_lumi&{RUN}&buckets=100")
    rows = rows_of(api, found)
    numbers = [r["lumisection_number"] for r in rows]
    low, width = min(numbers), math.ceil((max(numbers) + 1 - min(numbers)) / 100)  # 2100 LS: 21 per bucket
    per_bucket = defaultdict(list)
    for r in rows:
        per_bucket[(r["lumisection_number"] - low) // width].append(r)
    series = by_name(found)
    assert list(series) == [f"{name} {what}".strip() for name in ("Delivered lumi", "Recorded lumi") for what in ("max", "", "min")]
    for attribute, name in (("delivered_lumi", "Delivered lumi"), ("recorded_lumi", "Recorded lumi")):
        mean, low_line, high_line = series[name], series[f"{name} min"], series[f"{name} max"]
        assert mean["x"] == [low + k * width for k in range(len(per_bucket))]
        values = [[r[attribute] for r in per_bucket[k]] for k in range(len(per_bucket))]
        assert mean["y"] == pytest.approx([fmean(v) for v in values], rel=1e-12)
        assert (low_line["y"], high_line["y"]) == ([min(v) for v in values], [max(v) for v in values])
    assert sum(len(v) for v in per_bucket.values()) == len(rows) == 2100
    assert found["x"] == {"title": "Lumisection number", "units": None, "type": "linear"}
    assert found["y"] == {"title": "Delivered lumi, recorded lumi", "units": "{\\mu}b^{-1}", "type": "linear"}


def test_one_lumisection_per_bucket_draws_the_values_themselves(api):
    found = plot(api, f"resource=lumisections&x=lumisection_number&y=pileup&{RUN}&filter[lumisection_number][LE]=300")
    rows = sorted(rows_of(api, found), key=lambda r: r["lumisection_number"])
    [series] = found["series"]
    assert (series["x"], series["y"]) == ([r["lumisection_number"] for r in rows], [r["pileup"] for r in rows])


def test_a_time_x_per_layer_in_time_buckets(api):
    since, until, buckets = "2018-10-09T13:00:00Z", "2018-10-09T15:00:00Z", 48
    window = f"filter[time][GE]={since}&filter[time][LT]={until}"
    # min_width=0: buckets narrower than the readings' cadence (5 minutes), which would be drawn by default
    found = plot(api, f"resource=hv_channels&x=time&y=current&group=layer&filter[subdetector]=BPix&{window}&buckets={buckets}&min_width=0")
    rows = rows_of(api, found)
    assert 0 < len(rows) < 10000  # all of them in one page
    start, span = parse_time(since), (parse_time(until) - parse_time(since)).total_seconds()
    expected = defaultdict(lambda: defaultdict(list))
    for r in rows:
        expected[str(r["layer"])][int((parse_time(r["time"]) - start).total_seconds()) * buckets // int(span)].append(r["current"])
    series = by_name(found)
    assert set(series) == {f"{layer}{what}" for layer in expected for what in (" max", "", " min")}
    for layer, per_bucket in expected.items():
        assert len(series[layer]["y"]) == buckets
        assert series[layer]["x"][1] == "2018-10-09T13:02:30Z"
        for k in range(buckets):
            values = per_bucket.get(k)
            if not values:
                assert series[layer]["y"][k] is None
                continue
            assert series[layer]["y"][k] == pytest.approx(fmean(values), rel=1e-12)
            assert (series[f"{layer} min"]["y"][k], series[f"{layer} max"]["y"][k]) == (min(values), max(values))
    assert found["x"]["type"] == "date" and found["y"]["units"] == "{\\mu}A"


def test_histogram_counts_per_bin(api):
    found = plot(api, f"resource=lumisections&x=pileup&kind=histogram&bins=25&{RUN}")
    values = [r["pileup"] for r in rows_of(api, found)]
    low, high = min(values), math.nextafter(max(values), math.inf)
    width = (high - low) / 25
    counts = [0] * 25
    for v in values:
        counts[min(math.floor((v - low) / width), 24)] += 1
    [bars] = found["series"]
    assert bars["kind"] == "bar" and bars["y"] == counts and sum(counts) == len(values) == 2100
    assert bars["x"] == pytest.approx([low + width * (k + 0.5) for k in range(25)])
    assert (found["x"]["title"], found["y"]["title"]) == ("Pileup", "Lumisections")  # what the bins count


def test_histogram_of_the_week_grouped_counts_every_row(api):
    found = plot(api, "resource=lumisections&x=pileup&kind=histogram&bins=10&group=bpix_ready")
    assert [s["name"] for s in found["series"]] == ["False", "True"]
    for bars in found["series"]:
        rows = get(api, f"/api/v1/lumisections?filter[bpix_ready]={bars['name'].lower()}&page[limit]=1")
        assert sum(bars["y"]) == rows["meta"]["totalResourceCount"] > 0


def test_scatter_samples_every_nth_row_in_the_order_of_x(api):
    found = plot(api, f"resource=lumisections&x=pileup&y=delivered_lumi&kind=scatter&points=100&{RUN}")
    rows = sorted(rows_of(api, found), key=lambda r: (r["pileup"], r["delivered_lumi"]))
    step = math.ceil(len(rows) / 100)
    picked = rows[step - 1 :: step]
    [points] = found["series"]
    assert points["kind"] == "scatter" and len(picked) == 100
    assert (points["x"], points["y"]) == ([r["pileup"] for r in picked], [r["delivered_lumi"] for r in picked])


def test_a_scatter_of_few_rows_draws_them_all(api):
    found = plot(api, f"resource=lumisections&x=pileup&y=init_lumi&kind=scatter&{RUN}&filter[lumisection_number][LT]=51")
    assert len(found["series"][0]["x"]) == len(rows_of(api, found)) == 50


def test_a_value_object_component_as_y(api):
    found = plot(api, "resource=deadtimes&x=first_lumisection_number&y=beamactive_total_deadtime.percent"
                      "&filter[run_number]=324245&filter[first_lumisection_number][LE]=20")  # fmt: skip
    rows = sorted(rows_of(api, found), key=lambda r: r["first_lumisection_number"])
    assert found["series"][0]["y"] == [r["beamactive_total_deadtime"]["percent"] for r in rows]
    assert found["y"]["units"] == "%"


def test_no_matching_rows_is_an_empty_plot(api):
    found = plot(api, "resource=lumisections&x=lumisection_number&y=pileup&filter[run_number]=1")
    assert found["empty"] and found["series"] == []


FILTERS = [
    "filter[run_number][GE]=324240&filter[run_number][LT]=324246",
    "filter[run_number][ge]=324245&filter[beams_stable]=true",
    "filter[start_time][GE]=2018-10-10T00:00:00Z&filter[start_time][LT]=2018-10-10T06:00:00Z",
    "filter[fill_number][NEQ]=7269&filter[lumisection_number][LE]=3",
]


@pytest.mark.parametrize("filters", FILTERS)
def test_the_rows_are_the_resources_for_the_same_filters(api, filters):
    found = plot(api, f"resource=lumisections&x=pileup&kind=histogram&bins=7&{filters}")
    total = get(api, f"/api/v1/lumisections?{filters}&page[limit]=1")["meta"]["totalResourceCount"]
    assert sum(sum(s["y"]) for s in found["series"]) == total > 0
    [source] = found["sources"]
    assert get(api, source["href"].removeprefix("http://testserver"))["meta"]["totalResourceCount"] == total


BAD_FILTERS = [
    "filter[nonsense]=1", "filter[run_number][XX]=1", "filter[run_number]=abc", "filter[run_number][LIKE]=3%25",
    "filter[beams_stable][GT]=true", "filter[pileup]=true", "filter[start_time][GE]=yesterday", "filter[run_number",
    "filter[run_number]=99999999999999999999", "filter[pileup][LT]=null",
]


@pytest.mark.parametrize("bad", BAD_FILTERS)
def test_filter_errors_are_the_resources(api, bad):
    expected = error_of(api, f"/api/v1/lumisections?{bad}")
    assert error_of(api, f"{PLOT}?resource=lumisections&x=pileup&kind=histogram&{bad}") == expected


@pytest.mark.parametrize("query, parameter", [
    ("x=pileup&kind=histogram", "resource"),
    ("resource=nothing&x=pileup", "resource"),
    ("resource=lumisections&x=nothing&y=pileup", "x"),
    ("resource=lumisections&x=lumisection_number&y=nothing", "y"),
    ("resource=lumisections&x=lumisection_number&y=pileup,start_time", "y"),
    ("resource=lumisections&x=lumisection_number", "y"),
    ("resource=lumisections&x=pileup&y=pileup&kind=histogram", "y"),
    ("resource=runs&x=era&kind=histogram", "x"),
    ("resource=lumisections&x=beams_stable&y=pileup", "x"),
    ("resource=lumisections&x=lumisection_number&y=pileup&group=pileup", "group"),
    ("resource=lumisections&x=lumisection_number&y=pileup&group=nothing", "group"),
    ("resource=lumisections&x=lumisection_number&y=pileup&kind=bars", "kind"),
    ("resource=lumisections&x=lumisection_number&y=pileup&buckets=0", "buckets"),
    ("resource=lumisections&x=pileup&kind=histogram&bins=1001", "bins"),
    ("resource=lumisections&x=pileup&y=init_lumi&kind=scatter&points=x", "points"),
    ("resource=lumisections&x=pileup&kind=histogram&colour=red", "colour"),
    ("resource=lumisections&x=pileup&kind=histogram&bins=1&group=lumisection_number", "group"),  # 2100 traces
])  # fmt: skip
def test_mistakes_name_their_parameter(api, query, parameter):
    assert error_of(api, f"{PLOT}?{query}")["source"] == {"parameter": parameter}


def test_the_source_link_carries_the_filters_as_given_operators_in_capitals(api):
    found = plot(api, f"resource=lumisections&x=pileup&kind=histogram&filter[lumisection_number][le]=10&{RUN}")
    assert found["sources"][0]["href"] == (  # one spelling of a filter's key (pixelws/dialect/query.py)
        "http://testserver/api/v1/lumisections?filter[lumisection_number][LE]=10&filter[run_number]=324245")
    assert quote("2018-10-10T00:00:00Z", safe="") in plot(
        api, "resource=lumisections&x=pileup&kind=histogram&filter[start_time][GE]=2018-10-10T00:00:00Z")["sources"][0]["href"]


def test_the_probe_is_listed_with_its_parameters(api):
    listed = {p["id"]: p["attributes"] for p in get(api, "/api/v1/plots")["data"]}
    assert [p["name"] for p in listed["series"]["parameters"]] == ["resource", "x", "y", "group", "kind", "buckets", "min_width", "bins", "points"]


# ---------------------------------------------------------------- the least bucket width, and gaps

TEMPERATURE = "resource=temperatures&x=time&y=temperature&filter[sensor]=BPix_BmI_SEC1_T"
WEEK = "filter[time][GE]=2018-10-09T00:00:00Z&filter[time][LT]=2018-10-16T00:00:00Z"


def test_a_week_in_buckets_of_an_hour_is_168_buckets_each_an_hour(api):
    found = plot(api, f"{TEMPERATURE}&{WEEK}&min_width=1h")
    [line] = [s for s in found["series"] if s["name"] == "Temperature"]
    assert len(line["x"]) == 168
    assert line["x"][:2] == ["2018-10-09T00:00:00Z", "2018-10-09T01:00:00Z"] and line["x"][-1] == "2018-10-15T23:00:00Z"


def test_the_cadence_is_the_least_width_by_default(api):
    """2 hours in 48 buckets would be 2.5 minutes each; the readings come every 5 minutes (their
    model's cadence), so 24 buckets of 5 minutes are drawn."""
    window = "filter[time][GE]=2018-10-09T13:00:00Z&filter[time][LT]=2018-10-09T15:00:00Z"
    found = plot(api, f"{TEMPERATURE}&{window}&buckets=48")
    [line] = [s for s in found["series"] if s["name"] == "Temperature"]
    assert len(line["x"]) == 24 and line["x"][1] == "2018-10-09T13:05:00Z"
    assert None not in line["y"]  # the heartbeat fills every bucket
    assert len(by_name(plot(api, f"{TEMPERATURE}&{window}&buckets=48&min_width=0"))["Temperature"]["x"]) == 48


def test_a_number_x_takes_a_number_as_its_least_width(api):
    found = plot(api, f"resource=lumisections&x=lumisection_number&y=pileup&{RUN}&buckets=1000&min_width=300")
    rows = rows_of(api, found)
    low, high = min(r["lumisection_number"] for r in rows), max(r["lumisection_number"] for r in rows)
    line = by_name(found)["Pileup"]
    assert len(line["x"]) == math.ceil((high + 1 - low) / 300) and line["x"][:2] == [low, low + 300]


@pytest.mark.parametrize("query, detail", [
    (f"{TEMPERATURE}&min_width=1hour", "'1hour' is not a duration; write a number and its unit: 90s, 30min, 1h or 2d."),
    (f"{TEMPERATURE}&min_width=3600", "'3600' is not a duration; write a number and its unit: 90s, 30min, 1h or 2d."),
    (f"{TEMPERATURE}&min_width=-1h", "'-1h' is not a duration; write a number and its unit: 90s, 30min, 1h or 2d."),
    (f"resource=lumisections&x=lumisection_number&y=pileup&{RUN}&min_width=1h",
     "min_width along lumisection_number (a number) is a number, 0 or more; not '1h'."),
    ("resource=lumisections&x=pileup&kind=histogram&min_width=1", "min_width is a series' bucket width; a histogram takes none."),
])  # fmt: skip
def test_a_bad_least_width_is_refused_naming_min_width(api, query, detail):
    error = error_of(api, f"{PLOT}?{query}")
    assert error["source"] == {"parameter": "min_width"} and error["detail"] == detail


def test_a_sparse_series_breaks_its_line_and_band_where_a_bucket_is_empty(api):
    """The lumisections of a day in 15-minute buckets: none between the runs. The line is null in
    exactly the buckets without a lumisection, and its min–max band is drawn stretch by stretch,
    none across a gap."""
    since, buckets = parse_time("2018-10-09T00:00:00Z"), 96
    day = "filter[start_time][GE]=2018-10-09T00:00:00Z&filter[start_time][LT]=2018-10-10T00:00:00Z"
    found = plot(api, f"resource=lumisections&x=start_time&y=pileup&{day}&buckets={buckets}")
    filled = defaultdict(list)
    for row in rows_of(api, found):
        filled[int((parse_time(row["start_time"]) - since).total_seconds()) // 900].append(row["pileup"])
    empty = [k for k in range(buckets) if k not in filled]
    assert empty and any(len(values) > 1 for values in filled.values())  # gaps, and bands to draw
    figure = found["figure"]
    [line] = [t for t in figure["data"] if t["name"] == "Pileup"]
    assert [k for k, y in enumerate(line["y"]) if y is None] == empty and line["connectgaps"] is False
    stretches, start = [], None  # the runs of filled buckets
    for k in range(buckets + 1):
        if k in filled and start is None:
            start = k
        elif k not in filled and start is not None:
            stretches.append(line["x"][start:k])
            start = None
    edges = [t for t in figure["data"] if t["name"] in ("Pileup max", "Pileup min")]
    assert [t["x"] for t in edges] == [x for stretch in stretches for x in (stretch, stretch)]
    assert [t.get("fill") for t in edges] == [None, "tonexty"] * len(stretches)
    assert all(None not in t["y"] for t in edges)
