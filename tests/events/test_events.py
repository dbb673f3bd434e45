"""The events resource: its contract, and the demo week's incidents against an independent oracle
(plain Python over the source tables' rows, not the view), plus the generator's known times."""
from collections import defaultdict
from functools import cache
from datetime import datetime, timedelta, timezone

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.demo_source import dcs_generator
from apps.demo_source.daq_generator import STORM_LS, STORM_RUN
from apps.demo_source.models import (
    DcsChannel, DcsCleanroom, DcsCo2Flow, DcsHumidity, DcsHvReading, DcsLvReading, DcsTemperature, OmsLumisection,
    OmsRun, PxlFedChannelState, PxlFedError, PxlMaskedRoc, PxlModule, PxlReadback, PxlRoc,
)  # fmt: skip
from apps.events.models import INSTANTS, Event
from apps.events.probes import going_on
from pixelws.shifts import Shift
from tests.jsonapi import error_of, get
from tests.resource_contract import ResourceContract

UTC = timezone.utc
BURST_ERRORS = 100  # a FED's errors in one lumisection that make a burst
ALARM_BURST_LS = 30  # a burst this long is an alarm


class TestEvents(ResourceContract):
    type = "events"
    sample_id = f"run-start-{STORM_RUN}"
    list_queries = 1  # the rows counted by their own query (counted_with_rows): the union is computed once


@pytest.mark.django_db
def test_the_count_comes_with_the_rows_and_past_the_end_from_a_count(api):
    """One query for a page and its totalResourceCount; past the last page the count still holds."""
    expected = Event.objects.filter(source="dcs").count()
    with CaptureQueriesContext(connection) as queries:
        document = get(api, "/api/v1/events?filter[source][EQ]=dcs&page[limit]=3")
    assert len(queries) == 1 and "COUNT(*) OVER ()" in queries[0]["sql"]
    assert document["meta"]["totalResourceCount"] == expected > 3 and len(document["data"]) == 3
    document = get(api, f"/api/v1/events?filter[source][EQ]=dcs&page[offset]={expected}")
    assert document["data"] == [] and document["meta"]["totalResourceCount"] == expected


def events(**filters):
    return {(e.subject, e.start_time, e.end_time, e.severity) for e in Event.objects.filter(**filters)}


# ------------------------------------------------------------------ the oracle, over source rows

READINGS = {  # table: the value its channel's limits watch
    DcsLvReading: "imon", DcsHvReading: "imon", DcsTemperature: "temperature", DcsCo2Flow: "flow",
    DcsHumidity: "dew_point", DcsCleanroom: "differential_pressure",
}  # fmt: skip


def level(value, channel):
    """2 beyond an alarm limit, 1 beyond a warning limit, else 0."""
    def beyond(low, high):
        return (low is not None and value < low) or (high is not None and value > high)

    return 2 if beyond(channel.alarm_low, channel.alarm_high) else 1 if beyond(channel.warning_low, channel.warning_high) else 0


@cache  # a scan of every reading in Python; the demo archive is read, never written, by these tests
def out_of_limit_intervals():
    """{(channel, start, end or None, severity)}: from the first reading beyond a limit to the next
    one back inside, the worst level in between."""
    channels = {c.channel_id: c for c in DcsChannel.objects.all()}
    found = set()
    for table, value in READINGS.items():
        # A million readings: read raw (naive UTC times, no model fields), made aware only where an
        # interval starts or ends.
        columns = ", ".join(f'"{table._meta.get_field(f).column}"' for f in ("channel_id", "ts", value))
        with connection.cursor() as cursor:
            cursor.execute(f'SELECT {columns} FROM "{table._meta.db_table}" ORDER BY 1, 2')
            rows = cursor.fetchall()
        current, previous_channel = None, None
        for channel_id, ts, reading in rows:
            if channel_id != previous_channel and current:
                found.add((*current[:2], None, current[2]))
                current = None
            previous_channel = channel_id
            channel = channels[channel_id]
            lvl = level(reading, channel)
            if lvl and current is None:
                current = [channel.name, ts, lvl]
            elif lvl:
                current[2] = max(current[2], lvl)
            elif current:
                found.add((current[0], current[1], ts, current[2]))
                current = None
        if current:
            found.add((*current[:2], None, current[2]))
    def aware(ts):
        return ts.replace(tzinfo=timezone.utc)

    return frozenset((name, aware(start), end and aware(end), "alarm" if lvl == 2 else "warning") for name, start, end, lvl in found)


def ls_times():
    return {(r, ls): (start, end) for r, ls, start, end in OmsLumisection.objects.values_list(
        "run_number", "lumisection_number", "start_time", "end_time")}  # fmt: skip


def error_bursts():
    """{(run, FED, first LS, last LS, errors)}: consecutive lumisections with ≥ BURST_ERRORS errors."""
    per_ls = defaultdict(int)
    for run, ls, fed, errors in PxlFedError.objects.values_list("run_number", "lumisection_number", "fed_id", "errors"):
        per_ls[run, fed, ls] += errors
    bursts, current = set(), None
    for run, fed, ls in sorted(key for key, errors in per_ls.items() if errors >= BURST_ERRORS):
        if current and current[:2] == [run, fed] and current[3] == ls - 1:
            current[3], current[4] = ls, current[4] + per_ls[run, fed, ls]
        else:
            if current:
                bursts.add(tuple(current))
            current = [run, fed, ls, ls, per_ls[run, fed, ls]]
    if current:
        bursts.add(tuple(current))
    return bursts


# ------------------------------------------------------------------ the incidents


@pytest.mark.django_db
def test_the_lv_trip_is_one_power_alarm_at_the_generators_times():
    channel, start, duration = dcs_generator.LV_TRIP
    # The oracle: the channel's first TRIPPED record, to its next record in another state.
    states = list(DcsLvReading.objects.filter(channel_id=DcsChannel.objects.get(name=channel).channel_id)
                  .order_by("ts").values_list("ts", "state"))  # fmt: skip
    first = next(i for i, (_, state) in enumerate(states) if state == "TRIPPED")
    back = next(ts for ts, state in states[first:] if state != "TRIPPED")
    assert (states[first][0], back) == (datetime(2018, 10, 10, 2, 41, tzinfo=UTC), datetime(2018, 10, 10, 3, 5, tzinfo=UTC))
    assert events(source="power") == {("BPix_BpO_SEC6", states[first][0], back, "alarm")}
    trip = Event.objects.get(source="power")
    assert (trip.kind, trip.text, trip.page, trip.selection) == (
        "trip", "LV channel BPix_BpO_SEC6_LV_DIGITAL tripped", "power", None)  # fmt: skip
    assert start == states[first][0] and start + duration <= back


@pytest.mark.django_db
def test_every_out_of_limit_interval_of_the_archive_is_an_event():
    expected = out_of_limit_intervals()
    assert events(source="dcs", kind="out_of_limits") == expected
    # The trip (the digital current falls below its alarm limit) and the humidity excursion:
    # BPix_BpO's dew point beyond its warning limit within the excursion's three hours.
    sensor, start, duration = dcs_generator.HUMIDITY_EXCURSION
    assert {e[0] for e in expected} == {"BPix_BpO_SEC6_LV_DIGITAL", sensor}
    (humid,) = [e for e in expected if e[0] == sensor]
    assert start <= humid[1] < humid[2] <= start + duration and humid[3] == "warning"
    assert Event.objects.get(subject=sensor).text == "Dew point of BPix_BpO_RH above its limits"


def margin(sensor, since, until):
    """The dew-point margin over [since, until) from the archive's rows: the coldest temperature
    (every module sensor and CO2 loop) minus the sensor's highest dew point."""
    coldest = min(DcsTemperature.objects.filter(ts__gte=since, ts__lt=until).values_list("temperature", flat=True))
    channel = DcsChannel.objects.get(name=sensor).channel_id
    return coldest - max(DcsHumidity.objects.filter(channel_id=channel, ts__gte=since, ts__lt=until).values_list("dew_point", flat=True))


@pytest.mark.django_db
def test_the_humidity_excursion_is_one_warning_while_the_dew_point_margin_is_below_5_degrees():
    sensor, start, duration = dcs_generator.HUMIDITY_EXCURSION
    (event,) = Event.objects.filter(subject=sensor)
    assert (event.source, event.kind, event.severity, event.page) == ("dcs", "out_of_limits", "warning", "cooling")
    assert start <= event.start_time < event.end_time <= start + duration
    assert margin(sensor, event.start_time, event.end_time) < 5
    before = start - duration
    assert margin(sensor, before, start) > 5  # the same hours' length before: a normal margin


@pytest.mark.django_db
def test_co2_set_point_changes():
    expected = set()
    for loop in DcsChannel.objects.filter(kind="co2"):
        rows = list(DcsCo2Flow.objects.filter(channel_id=loop.channel_id).order_by("ts").values_list("ts", "set_point"))
        expected |= {(loop.name, ts, None, "info") for (_, before), (ts, sp) in zip(rows, rows[1:]) if sp != before}
    assert events(kind="set_point") == expected
    changes = {(prefix, when) for prefix, points in dcs_generator.CO2_SET_POINTS.items() for when, _ in points if when}
    assert {(name[:4], start) for name, start, *_ in expected} == changes
    assert len(expected) == 8  # four loops per subdetector


@pytest.mark.django_db
def test_fed_error_bursts_and_the_timeout_storm():
    times = ls_times()
    expected = {(f"FED {fed}", times[run, first][0], times[run, last][1],
                 "alarm" if last - first + 1 >= ALARM_BURST_LS else "warning") for run, fed, first, last, _ in error_bursts()}  # fmt: skip
    assert events(kind="error_burst") == expected
    storm = Event.objects.get(kind="error_burst", run_number=STORM_RUN, severity="alarm")
    assert storm.subject == "FED 1300"
    masked = PxlFedChannelState.objects.filter(run_number=STORM_RUN, fed_id=1300, state="masked")
    first_masked = min(masked.values_list("first_ls", flat=True))
    assert storm.lumisection_number == first_masked - STORM_LS  # the storm's hour, right before the masking
    assert storm.text.endswith(f"on FED 1300, LS {first_masked - STORM_LS}-{first_masked - 1}")


@pytest.mark.django_db
def test_fed_channels_masked_by_the_daq_during_a_run_per_fed_and_interval():
    times = ls_times()
    channels = defaultdict(list)
    for s in PxlFedChannelState.objects.filter(state="masked", first_ls__gt=1):
        channels[s.run_number, s.fed_id, s.first_ls, s.last_ls].append(s.fed_channel)
    expected = {(f"FED {fed}", times[run, first][0], times[run, last][1], "warning") for run, fed, first, last in channels}
    assert events(kind="channels_masked") == expected
    # The storm's channels, masked right as it ends.
    storm = Event.objects.get(kind="error_burst", run_number=STORM_RUN, severity="alarm")
    (after,) = Event.objects.filter(kind="channels_masked", run_number=STORM_RUN, subject="FED 1300")
    (key,) = [key for key in channels if key[:2] == (STORM_RUN, 1300)]
    assert after.start_time == storm.end_time and after.lumisection_number == key[2]
    assert after.text == f"{len(channels[key])} channels of FED 1300 masked by the DAQ, LS {key[2]}-{key[3]}"
    assert (after.page, after.selection) == ("fed_channels", f"run={STORM_RUN}&fed_channel=1300/{min(channels[key])}")


@pytest.mark.django_db
def test_rocs_automasked_during_a_run_per_module_and_interval():
    times = ls_times()
    module = dict(PxlRoc.objects.values_list("roc_name", "module_name"))
    counts = defaultdict(int)
    for m in PxlMaskedRoc.objects.filter(source="automask", first_ls__gt=1):
        counts[m.run_number, m.first_ls, m.last_ls, module[m.roc_name]] += 1
    expected = {(name, times[run, first][0], times[run, last][1], "warning") for run, first, last, name in counts}
    assert events(kind="rocs_automasked") == expected
    assert len(expected) > 100


@pytest.mark.django_db
def test_every_run_starts_and_ends():
    runs = list(OmsRun.objects.values_list("run_number", "start_time", "end_time"))
    assert events(kind="run_start") == {(f"run {r}", start, None, "info") for r, start, _ in runs}
    assert events(kind="run_end") == {(f"run {r}", end, None, "info") for r, _, end in runs}


def middle(values):
    """The median, by sorting: the middle value, or the mean of the middle two."""
    ordered = sorted(values)
    half = len(ordered) // 2
    return ordered[half] if len(ordered) % 2 else (ordered[half - 1] + ordered[half]) / 2


def vana_outliers_per_run():
    """{run: ROCs whose Vana lies beyond 3 robust σ (1.4826 × MAD) of the median of their layer or ring}."""
    parts = {m: f"L{layer}" if layer is not None else f"R{ring}"
             for m, layer, ring in PxlModule.objects.values_list("module_name", "layer", "ring")}  # fmt: skip
    values = defaultdict(list)
    for run, roc, vana in PxlReadback.objects.values_list("run_number", "roc_name", "vana").iterator():
        values[run, parts[roc.rsplit("_ROC", 1)[0]]].append(vana)
    outliers = defaultdict(int)
    for (run, _), vs in values.items():
        centre = middle(vs)
        spread = 1.4826 * middle([abs(v - centre) for v in vs])
        outliers[run] += sum(1 for v in vs if spread and abs(v - centre) > 3 * spread)
    return {run: n for run, n in outliers.items() if n}


@pytest.mark.django_db
def test_readback_outliers_of_a_run_one_event_per_run_with_their_count():
    expected = vana_outliers_per_run()
    assert len(expected) == 10 and STORM_RUN in expected
    starts = dict(OmsRun.objects.values_list("run_number", "start_time"))
    found = {(e.run_number, e.start_time, e.severity, e.text, e.page, e.selection)
             for e in Event.objects.filter(kind="readback_outlier")}
    assert found == {(run, starts[run], "warning", f"{n} ROC{'s' if n > 1 else ''} with Vana beyond |robust z| > 3 of their "
                      "layer or ring", "readback", f"run={run}") for run, n in expected.items()}  # fmt: skip


@pytest.mark.django_db
def test_a_runs_readback_outliers_are_the_readback_distributions(api):
    table = get(api, f"/api/v1/plots/readback_distribution?run={STORM_RUN}&quantity=vana")["data"]["attributes"]["table"]["rows"]
    event = Event.objects.get(event_id=f"readback-vana-{STORM_RUN}")
    assert event.text.startswith(f"{len(table)} ROCs ") and len(table) == 2


# ------------------------------------------------------------------ through the API


@pytest.mark.django_db
def test_a_shifts_events_in_time_order(api):
    doc = get(api, "/api/v1/events?filter[start_time][GE]=2018-10-09T22:00:00Z&filter[start_time][LT]=2018-10-10T06:00:00Z"
                   "&filter[severity][EQ]=alarm&sort=start_time,source&page[limit]=100")  # fmt: skip
    assert [(o["attributes"]["source"], o["attributes"]["subject"], o["attributes"]["start_time"]) for o in doc["data"]] == [
        ("dcs", "BPix_BpO_SEC6_LV_DIGITAL", "2018-10-10T02:41:00Z"), ("power", "BPix_BpO_SEC6", "2018-10-10T02:41:00Z")]


@pytest.mark.django_db
@pytest.mark.parametrize("name, value", [("severity", "critical"), ("source", "DCS")])
def test_unknown_severity_or_source_is_a_400_naming_the_filter(api, name, value):
    error = error_of(api, f"/api/v1/events?filter[{name}][EQ]={value}", 400)
    assert error["source"]["parameter"] == f"filter[{name}][EQ]"
    assert f"'{value}' is none of" in error["detail"]


@pytest.mark.django_db
def test_a_shifts_timeline_leads_with_its_alarms_then_what_started_in_it_and_alarms_going_on_from_before(api):
    """By default: the events starting in the shift, and of those started before it only the
    alarms still going on (a warning from the evening is the evening's); alarms first."""
    since, until = datetime(2018, 10, 9, 21, tzinfo=UTC), datetime(2018, 10, 10, 5, tzinfo=UTC)  # 23:00–07:00 CEST
    expected = {(e.start_time, e.subject, e.text) for e in Event.objects.all() if e.start_time < until and (
        e.start_time >= since or e.severity == "alarm" and (e.end_time is None and e.kind not in INSTANTS or e.end_time and e.end_time >= since))}
    rows = get(api, "/api/v1/plots/events_timeline?shift=2018-10-09/night")["data"]["attributes"]["table"]["rows"]
    assert {(datetime.fromisoformat(r["start_time"]), r["subject"], r["text"]) for r in rows} == expected
    assert len(rows) == len(expected) == 26  # of 37 going on
    assert [(r["severity"], r["subject"], r["start_time"], r["end_time"]) for r in rows[:2]] == [
        ("alarm", "BPix_BpO_SEC6_LV_DIGITAL", "2018-10-10T02:41:00Z", "2018-10-10T03:05:00Z"),
        ("alarm", "BPix_BpO_SEC6", "2018-10-10T02:41:00Z", "2018-10-10T03:05:00Z")]  # fmt: skip
    assert all(r["severity"] != "alarm" for r in rows[2:])
    later = [r["start_time"] for r in rows[2:]]
    assert later == sorted(later) and min(later) >= "2018-10-09T21:00:00Z"


@pytest.mark.django_db
def test_with_lasting_a_shifts_timeline_holds_every_event_going_on_in_it_not_only_those_starting_in_it(api):
    since, until = datetime(2018, 10, 9, 21, tzinfo=UTC), datetime(2018, 10, 10, 5, tzinfo=UTC)  # 23:00–07:00 CEST
    going_on = {(e.start_time, e.subject, e.text) for e in Event.objects.all()
                if e.start_time < until and (e.end_time >= since if e.end_time else e.start_time >= since)}
    attributes = get(api, "/api/v1/plots/events_timeline?shift=2018-10-09/night&lasting=true")["data"]["attributes"]
    rows = attributes["table"]["rows"]
    assert {(datetime.fromisoformat(r["start_time"]), r["subject"], r["text"]) for r in rows} == going_on
    assert len(rows) == len(going_on)  # each once
    # The DAQ's masking of FED 1305 from the evening shift (18:41 UTC) until 00:58 UTC belongs to the night.
    assert ("2018-10-09T18:41:12Z", "FED 1305", "2018-10-10T00:58:03Z") in {
        (r["start_time"], r["subject"], r["end_time"]) for r in rows}
    assert [s["title"] for s in attributes["sources"]] == [
        "events starting in night shift 2018-10-09", "DCS and power events going on when night shift 2018-10-09 starts",
        "DCS and power events still going on when night shift 2018-10-09 starts",
        "events of the run going on when night shift 2018-10-09 starts"]  # fmt: skip
    # Four links to one resource: the page tells them apart by their labels, not only on hover.
    assert [s["label"] for s in attributes["sources"]] == [
        "events starting", "DCS, power lasting", "DCS, power ongoing", "run's events lasting"]


@pytest.mark.django_db
def test_every_shifts_events_going_on_are_found_though_a_runs_are_looked_for_from_its_start_only():
    every = list(Event.objects.all())
    runs = list(OmsRun.objects.values_list("start_time", "end_time"))
    shift, checked, bounded, in_a_run = Shift.at(datetime(2018, 10, 8, 6, tzinfo=UTC)), 0, 0, 0
    while shift.start < datetime(2018, 10, 16, 6, tzinfo=UTC):
        expected = {e.event_id for e in every if e.start_time < shift.end and (
            e.end_time >= shift.start if e.end_time else e.start_time >= shift.start or e.kind not in INSTANTS)}  # fmt: skip
        sources = going_on(str(shift), shift.start, shift.end, {})
        found = [e.event_id for source in sources for e in source.queryset()]
        assert sorted(found) == sorted(expected), shift
        checked += 1
        bounded += len(sources) == 4
        in_a_run += any(start < shift.start and (end is None or end >= shift.start) for start, end in runs)
        shift = shift.step(1)
    assert (checked, bounded) == (25, in_a_run) and in_a_run > 10


@pytest.mark.django_db
def test_a_part_of_the_events_going_on_that_the_source_rules_out_is_not_asked_for():
    shift = Shift.parse("2018-10-09/night")  # run 324245 goes on as it starts
    assert OmsRun.objects.filter(start_time__lt=shift.start, end_time__gte=shift.start).count() == 1

    def titles(**filters):
        return [s.title for s in going_on("x", shift.start, shift.end, filters)]

    starting, run = "events starting in x", "events of the run going on when x starts"
    dcs = ["DCS and power events going on when x starts", "DCS and power events still going on when x starts"]
    assert titles() == [starting, *dcs, run]
    assert titles(source="power") == titles(source="dcs") == [starting, *dcs]
    assert titles(source="daq") == titles(source="masking") == [starting, run]


@pytest.mark.django_db
def test_a_trip_still_going_on_is_in_every_later_windows_timeline_and_a_band_over_its_plots(api):
    """A channel that trips and has no record after: its event has no end, and it goes on in the
    windows after it (the demo has none such: one is written here, rolled back after the test)."""
    from apps.events.markers import time_markers

    channel = DcsChannel.objects.get(name="BPix_BmI_SEC1_LV_ANALOG")
    last = DcsLvReading.objects.filter(channel_id=channel.channel_id).order_by("-ts").first()
    tripped = DcsLvReading.objects.create(channel_id=channel.channel_id, ts=last.ts + timedelta(minutes=1), vmon=0, imon=0, state="TRIPPED")
    (trip,) = Event.objects.filter(source="power", start_time=tripped.ts)
    assert (trip.kind, trip.end_time, trip.severity) == ("trip", None, "alarm")
    since, until = tripped.ts + timedelta(hours=2), tripped.ts + timedelta(hours=10)
    rows = get(api, f"/api/v1/plots/events_timeline?since={since:%Y-%m-%dT%H:%M:%SZ}&until={until:%Y-%m-%dT%H:%M:%SZ}")[
        "data"]["attributes"]["table"]["rows"]
    assert [(r["subject"], r["text"]) for r in rows if r["source"] == "power"] == [(trip.subject, trip.text)]
    bands = [(m.x, m.x_end) for m in time_markers("dcs_series/lv_channels", since, until) if m.text.endswith(trip.text)]
    assert bands == [(since, until)]
