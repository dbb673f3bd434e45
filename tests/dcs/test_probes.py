"""dcs_series: the downsampled series, its limit lines and its source, through the API."""
from datetime import datetime, timedelta, timezone

import pytest

from apps.dcs.models import HvReading, LeakageCurrent, LvReading, Temperature
from apps.demo_source.dcs_generator import LV_TRIP
from apps.oms.models import Run
from pixelws.shifts import Shift
from tests.jsonapi import error_of, follow, get

pytestmark = pytest.mark.django_db
PLOT = "/api/v1/plots/dcs_series"
CHANNEL = "BPix_BmI_SEC1_HV_L1"


def buckets_of(rows, value, since, until, buckets):
    """The test's own oracle of a downsampled series: (start, count, min, mean, max) of each bucket
    holding a row, bucket k being since + k·w <= time < since + (k+1)·w, w = span / buckets, with
    times counted in whole seconds (the probe's documented contract), computed in Python."""
    span = (until - since).total_seconds()
    found = {}
    for time, v in rows.values_list("time", value):
        seconds = int((time - since).total_seconds())
        if 0 <= seconds < span:
            found.setdefault(seconds * buckets // int(span), []).append(v)
    return [(since + timedelta(seconds=span * k / buckets), len(vs), min(vs), sum(vs) / len(vs), max(vs))
            for k, vs in sorted(found.items())]  # fmt: skip


def attributes(api, query):
    return get(api, f"{PLOT}?{query}")["data"]["attributes"]


def test_one_channel_over_a_run_with_its_limits(api):
    plot = attributes(api, f"resource=hv_channels&value=current&channel={CHANNEL}&run=324245&buckets=40")
    run = Run.objects.get(run_number=324245)
    filled = buckets_of(HvReading.objects.filter(channel=CHANNEL), "current", run.start_time, run.end_time, 40)
    assert len(filled) > 20  # buckets without a record are left out
    by_name = {s["name"]: s for s in plot["series"]}
    assert list(by_name) == [f"{CHANNEL} max", CHANNEL, f"{CHANNEL} min", "warning high", "alarm high"]
    assert by_name[CHANNEL]["y"] == pytest.approx([b[3] for b in filled])
    assert (by_name[f"{CHANNEL} min"]["y"], by_name[f"{CHANNEL} max"]["y"]) == ([b[2] for b in filled], [b[4] for b in filled])
    limits = HvReading.objects.filter(channel=CHANNEL).values_list("warning_high", "alarm_high")[0]
    assert (by_name["warning high"]["y"], by_name["alarm high"]["y"]) == ([limits[0]] * 2, [limits[1]] * 2)
    assert plot["y"] == {"title": "Current", "units": "{\\mu}A", "type": "linear"}
    rows = follow(api, plot["sources"][0]["href"])
    assert len(rows) == sum(b[1] for b in filled) and {r["attributes"]["channel"] for r in rows} == {CHANNEL}


def test_layer_1_leakage_per_layer_rises_over_the_week(api):
    plot = attributes(api, "resource=leakage_currents&value=corrected_per_module&layer=1"
                           "&since=2018-10-08T00:00:00Z&until=2018-10-17T00:00:00Z&buckets=90")  # fmt: skip
    assert [s["name"] for s in plot["series"]] == ["BPix L1 max", "BPix L1", "BPix L1 min"]
    means = [y for y in plot["series"][1]["y"] if y is not None]
    assert means[-1] > 1.1 * means[0]
    since, until = datetime(2018, 10, 8, tzinfo=timezone.utc), datetime(2018, 10, 17, tzinfo=timezone.utc)
    filled = buckets_of(LeakageCurrent.objects.filter(layer=1), "corrected_per_module", since, until, 90)
    assert plot["series"][1]["y"] == pytest.approx([b[3] for b in filled])
    assert plot["series"][1]["x"] == [f"{b[0]:%Y-%m-%dT%H:%M:%SZ}" for b in filled]


@pytest.mark.parametrize("query, parameter, status", [
    ("resource=temperatures&value=warning_low&run=324245", "value", 400),
    ("resource=temperatures&value=sensor&run=324245", "value", 400),
    ("resource=co2_flows&value=flow&group=part&run=324245", "group", 400),
    ("resource=lv_channels&value=current&group=layer&run=324245", "group", 400),
    ("resource=temperatures&value=temperature&layer=1&run=324245", "layer", 400),
    ("resource=temperatures&value=temperature&run=324245&buckets=0", "buckets", 400),
    ("resource=temperatures&value=temperature", "run", 400),
    ("resource=temperatures&value=temperature&run=324245&fill=7269", "fill", 400),
    ("resource=temperatures&value=temperature&since=2018-10-10T00:00:00Z", "until", 400),
    ("resource=temperatures&value=temperature&since=2018-10-10T00:00:00Z&until=2018-10-09T00:00:00Z", "until", 400),
    ("resource=temperatures&value=temperature&since=2018-10-01T00:00:00Z&until=2018-10-20T00:00:00Z", "until", 400),
    ("resource=fills&value=temperature&run=324245", "resource", 400),
    ("resource=temperatures&value=temperature&run=1", "run", 404),
])  # fmt: skip
def test_mistakes_name_their_parameter(api, query, parameter, status):
    assert error_of(api, f"{PLOT}?{query}", status)["source"] == {"parameter": parameter}


def test_lv_per_supply_by_default_where_the_trip_shows_in_the_minimum(api):
    shift = Shift.parse("2018-10-09/night")
    plot = attributes(api, "resource=lv_channels&value=current&shift=2018-10-09/night&buckets=96")
    names = [s["name"] for s in plot["series"]]
    assert names == [f"{part}{suffix}" for part in ("BPix analog", "BPix digital", "FPix analog", "FPix digital")
                     for suffix in (" max", "", " min")]  # no limit lines: the channels' limits differ
    rows = LvReading.objects.filter(channel__startswith="BPix", supply="digital", time__gte=shift.start, time__lt=shift.end)
    width = (shift.end - shift.start) / 96
    lowest = {}
    for time, current in rows.values_list("time", "current"):
        k = int((time - shift.start) / width)
        lowest[k] = min(lowest.get(k, current), current)
    minimum = next(s for s in plot["series"] if s["name"] == "BPix digital min")["y"]
    assert minimum == [lowest[k] for k in sorted(lowest)]  # the buckets with records
    trip = int((LV_TRIP[1] - shift.start) / width)
    assert minimum[sorted(lowest).index(trip)] == 0 and min(minimum) == 0


def test_a_layers_channels_share_their_limits(api):
    plot = attributes(api, "resource=leakage_currents&value=current&layer=1&run=324245&buckets=20")
    names = [s["name"] for s in plot["series"]]
    assert names == ["BPix L1 max", "BPix L1", "BPix L1 min", "warning high", "alarm high"]
    limits = set(LeakageCurrent.objects.filter(layer=1).values_list("warning_high", "alarm_high"))
    assert len(limits) == 1 and [s["y"][0] for s in plot["series"][3:]] == list(limits.pop())


def test_temperatures_per_place_by_default_and_per_sensor_on_request(api):
    shift = Shift.parse("2018-10-09/night")
    query = "resource=temperatures&value=temperature&shift=2018-10-09/night&buckets=1"
    places = ("BPix cooling pipes", "CO₂ loop inlets", "CO₂ loop outlets", "FPix cooling pipes")
    plot = attributes(api, query)
    assert [s["name"] for s in plot["series"]] == [f"{p}{suffix}" for p in places for suffix in (" max", "", " min")]
    rows = Temperature.objects.filter(time__gte=shift.start, time__lt=shift.end)
    inlets = [t for location, t in rows.values_list("location", "temperature") if location.endswith(" inlet")]
    by_name = {s["name"]: s["y"] for s in plot["series"]}
    assert (by_name["CO₂ loop inlets min"], by_name["CO₂ loop inlets max"]) == ([min(inlets)], [max(inlets)])
    sensors = rows.values("sensor").distinct().count()
    assert len(attributes(api, f"{query}&group=channel")["series"]) == 3 * sensors == 180
