"""The probes a shifter reads the detector's condition from: out-of-limit intervals, leakage
current versus delivered luminosity, dew-point margin, power-group states, pixel state per LS.
Expected values come from the API's rows (each probe's sources) or the views, never the probe."""
from datetime import datetime, timedelta

import pytest

from apps.dcs.models import HvReading, LvReading
from apps.demo_source.dcs_generator import HUMIDITY_EXCURSION, LV_TRIP
from apps.oms.models import Lumisection
from apps.pixel.models import MaskedRoc, PixelRoc
from pixelws.shifts import Shift
from tests.jsonapi import error_of, follow, get

pytestmark = pytest.mark.django_db
PLOTS = "/api/v1/plots/"
TRIP_SHIFT = "2018-10-09/night"  # LV_TRIP at 04:41 CEST
HUMID_SHIFT = "2018-10-11/morning"  # HUMIDITY_EXCURSION from 12:00 CEST


def plot(api, query):
    return get(api, PLOTS + query)["data"]["attributes"]


def utc(text):
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def expected_intervals(rows, value):
    """(channel, level, start, end or None) from the API's rows, as a shifter reads the archive:
    a channel is outside from a reading beyond a limit to the next reading back inside."""
    def level(row):
        r = row["attributes"]
        beyond = lambda side, kind: r[f"{kind}_{side}"] is not None and (  # noqa: E731
            r[value] < r[f"{kind}_{side}"] if side == "low" else r[value] > r[f"{kind}_{side}"])
        return 2 if beyond("low", "alarm") or beyond("high", "alarm") else 1 if beyond("low", "warning") or beyond("high", "warning") else 0

    by_channel = {}
    for row in sorted(rows, key=lambda r: (r["attributes"]["time"], int(r["id"]))):
        by_channel.setdefault(row["attributes"].get("channel") or row["attributes"].get("sensor"), []).append(row)
    found = []
    for channel, readings in sorted(by_channel.items()):
        start, worst = None, 0
        for row in readings:
            n = level(row)
            if n and start is None:
                start, worst = row["attributes"]["time"], n
            elif n:
                worst = max(worst, n)
            elif start is not None:
                found.append((channel, worst, start, row["attributes"]["time"]))
                start = None
        if start is not None:
            found.append((channel, worst, start, None))
    return found


def table_intervals(attributes):
    return [(r["channel"], {"warning": 1, "alarm": 2}[r["level"]], r["start"], r["end"]) for r in attributes["table"]["rows"]]


def test_the_lv_trip_is_the_only_interval_of_its_shift(api):
    found = plot(api, f"dcs_out_of_limits?shift={TRIP_SHIFT}")
    assert len(found["sources"]) == 7  # every reading resource but leakage_currents
    lv = next(s for s in found["sources"] if s["resource"] == "lv_channels")
    expected = expected_intervals(follow(api, lv["href"]), "current")
    channel, start, duration = LV_TRIP
    assert expected == [(channel, 2, f"{start:%Y-%m-%dT%H:%M:%SZ}", f"{start + duration:%Y-%m-%dT%H:%M:%SZ}")]
    assert table_intervals(found) == expected
    assert found["table"]["rows"][0]["minutes"] == duration.total_seconds() / 60
    assert found["table"]["rows"][0]["value"] == 0.0  # tripped: no current


def test_an_interval_still_open_when_the_window_ends(api):
    sensor, start, _ = HUMIDITY_EXCURSION
    since, until = start, start + timedelta(hours=1)  # ends inside the excursion
    window = f"since={since:%Y-%m-%dT%H:%M:%SZ}&until={until:%Y-%m-%dT%H:%M:%SZ}"
    found = plot(api, f"dcs_out_of_limits?resource=humidities&channel={sensor}&{window}")
    expected = expected_intervals(follow(api, found["sources"][0]["href"]), "dew_point")
    assert len(expected) == 1 and expected[0][1] == 1 and expected[0][3] is None
    assert table_intervals(found) == expected
    assert found["table"]["rows"][0]["minutes"] == round((until - utc(expected[0][2])).total_seconds() / 60, 1)


def test_an_interval_open_in_a_window_still_going_on_lasts_until_now(api, monkeypatch):
    """A shift still going on ends in the future: a trip that started 30 minutes ago has lasted 30
    minutes, not until the shift's end."""
    sensor, start, _ = HUMIDITY_EXCURSION
    first_outside = utc(plot(api, f"dcs_out_of_limits?resource=humidities&channel={sensor}&shift={HUMID_SHIFT}")["table"]["rows"][0]["start"])
    now = first_outside + timedelta(minutes=30)

    class Clock(datetime):
        @classmethod
        def now(cls, tz=None):
            return now

    monkeypatch.setattr("apps.dcs.probes.conditions.datetime", Clock)
    going_on = f"since={start:%Y-%m-%dT%H:%M:%SZ}&until={start + timedelta(days=9):%Y-%m-%dT%H:%M:%SZ}"
    found = plot(api, f"dcs_out_of_limits?resource=humidities&channel={sensor}&{going_on}")
    row = found["table"]["rows"][0]
    assert row["end"] is None and row["minutes"] == 30.0
    assert found["series"][0]["x"][1] == f"{now:%Y-%m-%dT%H:%M:%SZ}"


def test_the_humidity_excursion_over_its_shift(api):
    found = plot(api, f"dcs_out_of_limits?resource=humidities&shift={HUMID_SHIFT}")
    expected = expected_intervals(follow(api, found["sources"][0]["href"]), "dew_point")
    assert [e[0] for e in expected] == [HUMIDITY_EXCURSION[0]] and expected[0][3] is not None
    assert table_intervals(found) == expected
    assert [s["name"] for s in found["series"]] == ["warning"]  # one segment, from start to end
    assert found["series"][0]["x"] == [expected[0][2], expected[0][3], None]


def test_the_dew_point_margin_narrows_in_the_excursion(api):
    found = plot(api, f"dew_point_margin?shift={HUMID_SHIFT}")
    temperatures, humidities = (follow(api, s["href"]) for s in found["sources"])
    shift = Shift.parse(HUMID_SHIFT)
    buckets = int((shift.end - shift.start) / timedelta(minutes=5))  # buckets of the 5-minute heartbeat
    width = (shift.end - shift.start) / buckets
    coldest, wettest = {}, {}
    for rows, extreme, value, into in ((temperatures, min, "temperature", coldest), (humidities, max, "dew_point", wettest)):
        for row in rows:
            k = int((utc(row["attributes"]["time"]) - shift.start) / width)
            into[k] = extreme(into.get(k, row["attributes"][value]), row["attributes"][value])
    margins = {k: coldest[k] - wettest[k] for k in coldest if k in wettest}
    k = min(margins, key=margins.get)
    smallest = found["table"]["rows"][0]
    assert smallest["quantity"] == "Smallest dew-point margin"
    assert smallest["value"] == round(margins[k], 2) and utc(smallest["time"]) == shift.start + k * width
    assert found["series"][0]["name"] == "Dew-point margin" and len(found["series"][0]["y"]) == len(margins)
    before = plot(api, "dew_point_margin?shift=2018-10-10/morning")["table"]["rows"][0]["value"]
    assert smallest["value"] < before - 5  # the excursion narrows the margin by degrees


def test_leakage_against_delivered_luminosity(api):
    found = plot(api, "leakage_vs_luminosity?layer=1&shift=2018-10-09/evening&buckets=8")
    leakage, lumisections = found["sources"]
    shift = Shift.parse("2018-10-09/evening")
    width = (shift.end - shift.start) / 8
    means = {}
    for row in follow(api, leakage["href"]):
        k = int((utc(row["attributes"]["time"]) - shift.start) / width)
        means.setdefault(k, []).append(row["attributes"]["corrected_per_module"])
    delivered = [(utc(r["attributes"]["start_time"]), r["attributes"]["delivered_lumi"]) for r in follow(api, lumisections["href"])]
    x = [sum(d for t, d in delivered if t < shift.start + (k + 0.5) * width) / 1e9 for k in sorted(means)]
    [series] = found["series"]
    assert series["name"] == "BPix L1"
    assert series["x"] == pytest.approx(x) and series["y"] == pytest.approx([sum(v) / len(v) for _, v in sorted(means.items())])
    week = plot(api, "leakage_vs_luminosity?layer=1&since=2018-10-08T00:00:00Z&until=2018-10-16T06:00:00Z&buckets=50")
    [series] = week["series"]
    assert series["x"] == sorted(series["x"]) and series["x"][-1] > 1  # fb^-1 over the week
    assert series["y"][-1] > 1.1 * series["y"][0]  # the leakage grows with the luminosity


def test_the_tripped_power_group_is_the_worst(api):
    found = plot(api, f"power_group_states?shift={TRIP_SHIFT}")
    shift = Shift.parse(TRIP_SHIFT)
    rank = ("ON", "RAMPING", "STANDBY", "OFF", "TRIPPED").index
    expected = {}
    for model, kind in ((LvReading, "lv"), (HvReading, "hv")):
        for group, state in model.objects.filter(time__gte=shift.start, time__lt=shift.end).values_list("power_group", "state"):
            expected.setdefault(group, {}).setdefault(kind, set()).add(state)
    rows = {r["power_group"]: r for r in found["table"]["rows"]}
    assert len(rows) == 44 and found["table"]["rows"][0]["power_group"] == "BPix_BpO_SEC6"
    for group, states in expected.items():
        lv, hv = (max(states[k], key=rank) for k in ("lv", "hv"))
        assert (rows[group]["lv"], rows[group]["hv"], rows[group]["state"]) == (lv, hv, max(lv, hv, key=rank))
    assert rows["BPix_BpO_SEC6"]["state"] == "TRIPPED"
    [heatmap] = found["series"]
    assert heatmap["z"][3][5] == 4 and heatmap["customdata"][3][5] == "BPix_BpO_SEC6"  # BpO, sector 6


def test_pixel_state_per_lumisection(api):
    run = 324245
    found = plot(api, f"pixel_state?run={run}")
    lumisections = list(Lumisection.objects.filter(run_number=run).order_by("lumisection_number"))
    names = [s["name"] for s in found["series"]]
    assert names == ["BPix ready", "FPix ready", "HV on", "LV on", "Masked ROCs"]
    series = {s["name"]: s for s in found["series"]}
    assert series["BPix ready"]["y"] == [int(ls.bpix_ready) for ls in lumisections]
    assert series["FPix ready"]["y"] == [int(ls.fpix_ready) for ls in lumisections]
    for ls in (lumisections[0], lumisections[len(lumisections) // 2], lumisections[-1]):
        states = {}
        for channel, state in HvReading.objects.filter(time__lte=ls.start_time, time__gte=ls.start_time - timedelta(minutes=10)
                                                       ).order_by("time", "reading_id").values_list("channel", "state"):  # fmt: skip
            states[channel] = state
        assert series["HV on"]["y"][ls.lumisection_number - 1] == pytest.approx(list(states.values()).count("ON") / 144)
    intervals = list(MaskedRoc.objects.filter(run_number=run).values_list("first_lumisection_number", "last_lumisection_number"))
    rocs = PixelRoc.objects.count()
    masked = [sum(first <= ls.lumisection_number <= last for first, last in intervals) / rocs for ls in lumisections]
    assert 0 < max(masked) < 0.1
    assert series["Masked ROCs"]["y"] == pytest.approx(masked)
    assert min(series["HV on"]["y"]) < 1 == max(series["HV on"]["y"])  # ramping at the start, then all on
    # The masked fraction (~1 %) on an axis of its own, the others on the 0–1 axis.
    assert [s["axis"] for s in found["series"]] == ["y", "y", "y", "y", "y2"]
    assert found["y2"] == {"title": "Fraction of ROCs masked", "units": None, "type": "linear"}
    figure = found["figure"]
    assert [t.get("yaxis") for t in figure["data"]] == [None, None, None, None, "y2"]
    assert figure["layout"]["yaxis2"]["overlaying"] == "y" and figure["layout"]["yaxis2"]["side"] == "right"


@pytest.mark.parametrize("query, parameter, status", [
    ("dcs_out_of_limits?channel=BPix_BpO_RH&shift=2018-10-11/morning", "resource", 400),
    ("dcs_out_of_limits?resource=fills&shift=2018-10-11/morning", "resource", 400),
    ("dcs_out_of_limits?shift=2018-10-11/teatime", "shift", 400),
    ("dcs_out_of_limits?shift=2018-10-11/morning&run=324245", "run", 400),
    ("power_group_states", "run", 400),
    ("power_group_states?fill=1", "fill", 404),
    ("leakage_vs_luminosity?run=324245&buckets=0", "buckets", 400),
    ("dew_point_margin?since=2018-10-01T00:00:00Z&until=2018-10-20T00:00:00Z", "until", 400),
    ("pixel_state", "run", 400),
    ("pixel_state?run=1", "run", 404),
])  # fmt: skip
def test_mistakes_name_their_parameter(api, query, parameter, status):
    assert error_of(api, PLOTS + query, status)["source"] == {"parameter": parameter}


# Three module sensors' readings rewritten within a window (limits: alarm -35 / 0, warning -30 / -5 °C):
# several intervals of one channel, warning and alarm within one, both sides, a one-reading interval,
# one under way when the window opens (its earlier readings outside too) and one still open at its end.
INSIDE, WARN_HIGH, ALARM_HIGH, WARN_LOW, ALARM_LOW = -15.0, -3.0, 2.0, -32.0, -40.0
REWRITTEN = {  # sensor: {k-th reading in the window (negative: before it): value}, the others inside
    "BPix_BmI_SEC1_T": {-1: WARN_HIGH, 2: WARN_HIGH, 3: WARN_HIGH, 4: ALARM_HIGH, 5: WARN_HIGH, 8: ALARM_LOW, 9: ALARM_LOW,
                        21: WARN_LOW, 22: WARN_HIGH, 23: WARN_HIGH},
    "BPix_BmI_SEC2_T": {-2: ALARM_HIGH, -1: WARN_HIGH, 0: WARN_HIGH, 1: WARN_HIGH},
    "BPix_BmI_SEC3_T": {5: ALARM_LOW},
}  # fmt: skip
WINDOW = (datetime(2018, 10, 12, 10), datetime(2018, 10, 12, 12))  # UTC


def source_intervals(since, until):
    """(sensor, level, start, end or None) from the archive's own tables, walked reading by reading."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.name, r.ts, r.temperature, c.warning_low, c.warning_high, c.alarm_low, c.alarm_high"
            " FROM DCS_TEMPERATURES r JOIN DCS_CHANNELS c ON c.channel_id = r.channel_id"
            " WHERE r.ts >= %s AND r.ts < %s ORDER BY c.name, r.ts, r.id", [since, until])  # fmt: skip
        rows = cursor.fetchall()
    found, open_ = [], {}
    for name, ts, t, w_low, w_high, a_low, a_high in rows:
        level = 2 if t < a_low or t > a_high else 1 if t < w_low or t > w_high else 0
        start = open_.get(name)
        if level and start is None:
            open_[name] = [name, level, ts]
        elif level:
            start[1] = max(start[1], level)
        elif start is not None:
            found.append((*start, ts))
            del open_[name]
    found += [(*start, None) for start in open_.values()]
    iso = lambda ts: ts and f"{datetime.fromisoformat(str(ts)):%Y-%m-%dT%H:%M:%SZ}"  # noqa: E731
    return sorted((name, level, iso(start), iso(end)) for name, level, start, end in found)


def test_intervals_over_rewritten_readings_match_the_archive_tables(api):
    from django.db import connection

    since, until = WINDOW
    times = {}
    with connection.cursor() as cursor:
        for sensor, values in REWRITTEN.items():
            cursor.execute(
                "SELECT r.id, r.ts FROM DCS_TEMPERATURES r JOIN DCS_CHANNELS c ON c.channel_id = r.channel_id"
                " WHERE c.name = %s AND r.ts >= %s AND r.ts < %s ORDER BY r.ts",
                [sensor, since - timedelta(hours=1), until])  # fmt: skip
            readings = cursor.fetchall()
            inside = [r for r in readings if r[1] >= since]
            assert len(inside) >= 24  # at least every 5 minutes
            readings = readings[len(readings) - len(inside) - 2:]  # the last two before the window, then those in it
            times[sensor] = [f"{ts:%Y-%m-%dT%H:%M:%SZ}" for _, ts in inside]
            for k, (reading_id, _) in enumerate(readings, start=-2):
                cursor.execute("UPDATE DCS_TEMPERATURES SET temperature = %s WHERE id = %s", [values.get(k, INSIDE), reading_id])
    found = plot(api, f"dcs_out_of_limits?resource=temperatures&since={since:%Y-%m-%dT%H:%M:%SZ}&until={until:%Y-%m-%dT%H:%M:%SZ}")
    one, two, three = (times[s] for s in REWRITTEN)
    assert source_intervals(since, until) == sorted([
        ("BPix_BmI_SEC1_T", 2, one[2], one[6]), ("BPix_BmI_SEC1_T", 2, one[8], one[10]), ("BPix_BmI_SEC1_T", 1, one[21], None),
        ("BPix_BmI_SEC2_T", 1, two[0], two[2]), ("BPix_BmI_SEC3_T", 2, three[5], three[6]),
    ])  # fmt: skip
    assert sorted(table_intervals(found)) == source_intervals(since, until)
    rows = {(r["channel"], r["start"]): r for r in found["table"]["rows"]}
    assert rows["BPix_BmI_SEC1_T", one[2]]["value"] == WARN_HIGH and rows["BPix_BmI_SEC1_T", one[8]]["value"] == ALARM_LOW
    assert rows["BPix_BmI_SEC1_T", one[21]]["minutes"] == round((until - utc(one[21]).replace(tzinfo=None)).total_seconds() / 60, 1)
    assert rows["BPix_BmI_SEC3_T", three[5]]["minutes"] == 5.0
