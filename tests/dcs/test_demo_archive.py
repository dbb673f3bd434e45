"""The demo's DCS archive: stored as a DCS archive stores it, and telling the stories a shifter
should recognise (apps/demo_source/dcs_generator.py), read back through the views."""
from bisect import bisect_right
from datetime import timedelta
from itertools import accumulate, pairwise

import pytest
from django.db.models import F, Q

from apps.dcs.models import Co2Flow, HvReading, Humidity, LeakageCurrent, LvReading, Temperature
from apps.demo_source import dcs_generator as dcs
from apps.demo_source.models import (
    DcsCleanroom, DcsCo2Flow, DcsHumidity, DcsHvReading, DcsLvReading, DcsTemperature, IntdbCastorProbe,
)  # fmt: skip
from apps.oms.models import Lumisection, Run

pytestmark = pytest.mark.django_db
READING_TABLES = (DcsLvReading, DcsHvReading, DcsTemperature, DcsCo2Flow, DcsHumidity, DcsCleanroom, IntdbCastorProbe)


def test_the_week_holds_over_a_million_readings():
    assert sum(table.objects.count() for table in READING_TABLES) >= 1_000_000


@pytest.mark.parametrize("model, sensor, kind", [
    (Temperature, "BPix_BmI_SEC1_T", "temperature"),
    (Co2Flow, "FPix_BpO_CO2", "co2"),
    (Humidity, "BPix_BpO_RH", "humidity"),
])  # fmt: skip
def test_a_value_is_recorded_when_it_moves_beyond_its_deadband_and_at_least_every_5_minutes(model, sensor, kind):
    name = "loop" if model is Co2Flow else "sensor"
    columns = {"temperature": ["temperature"], "co2": ["flow", "set_point"], "humidity": ["relative_humidity", "dew_point"]}[kind]
    rows = list(model.objects.filter(**{name: sensor}).order_by("time").values_list("time", *columns))
    assert len(rows) > 2000
    early = 0
    for (t0, *before), (t1, *after) in pairwise(rows):
        assert t1 - t0 <= timedelta(seconds=dcs.HEARTBEAT)
        if t1 - t0 < timedelta(seconds=dcs.HEARTBEAT):
            early += 1
            assert any(abs(a - b) > d - 1e-4 for a, b, d in zip(after, before, dcs.DEADBANDS[kind])), (t1, before, after)
    assert early > 0


def test_hv_ramps_at_the_run_start_and_is_on_when_the_run_says_bpix_ready():
    run = Run.objects.get(run_number=324245)
    ready = Lumisection.objects.filter(run_number=run.run_number, bpix_ready=True).order_by("lumisection_number")[0]
    readings = HvReading.objects.filter(channel="BPix_BmI_SEC1_HV_L1").order_by("time")
    before = readings.filter(time__lt=run.start_time).last()
    assert (before.state, round(before.voltage)) == ("STANDBY", dcs.HV_STANDBY)
    ramp = list(readings.filter(time__gte=run.start_time, time__lt=ready.start_time))
    assert ramp and {r.state for r in ramp} == {"RAMPING"}
    assert [r.voltage for r in ramp] == sorted(r.voltage for r in ramp)
    on = readings.filter(time__gte=ready.start_time + timedelta(seconds=dcs.TICK), time__lt=run.end_time)
    assert {r.state for r in on} == {"ON"}
    assert all(abs(r.voltage - dcs.HV_OPERATING["L1"]) < 1 for r in on)


def test_the_only_lv_readings_out_of_limits_are_the_trip_and_the_channel_recovers():
    channel, start, duration = dcs.LV_TRIP
    out = LvReading.objects.filter(Q(current__lt=F("warning_low")) | Q(current__gt=F("warning_high")))
    assert out.count() > 0
    assert set(out.values_list("channel", "state")) == {(channel, "TRIPPED")}
    assert all(start <= t < start + duration for t in out.values_list("time", flat=True))
    assert set(out.values_list("current", "voltage")) == {(0.0, 0.0)}
    after = LvReading.objects.filter(channel=channel, time__gte=start + duration).order_by("time")[0]
    assert after.state == "ON" and after.current > after.warning_low


def test_the_humidity_excursion_narrows_the_dew_point_margin():
    sensor, start, duration = dcs.HUMIDITY_EXCURSION
    inside = Q(time__gte=start, time__lt=start + duration)
    high = Humidity.objects.filter(dew_point__gt=F("warning_high"))
    assert set(high.values_list("sensor", flat=True)) == {sensor}
    assert high.filter(inside).count() == high.count() > 0

    def margin(where):
        coldest = min(Temperature.objects.filter(where).values_list("temperature", flat=True))
        return coldest - max(Humidity.objects.filter(where).values_list("dew_point", flat=True))

    assert margin(inside) < 5
    day_before = Q(time__gte=start - timedelta(days=1), time__lt=start - timedelta(days=1) + duration)
    assert margin(day_before) > 10


def test_co2_set_points_change_and_the_flow_follows():
    for prefix, changes in dcs.CO2_SET_POINTS.items():
        (_, first), (when, second) = changes
        loop = Co2Flow.objects.filter(loop=f"{prefix}_BmI_CO2").order_by("time")
        assert set(loop.filter(time__lt=when).values_list("set_point", flat=True)) == {first}
        assert set(loop.filter(time__gte=when).values_list("set_point", flat=True)) == {second}
        settled = loop.filter(time__gte=when + timedelta(hours=2), time__lt=when + timedelta(hours=3))
        assert all(abs(flow - second) < 0.2 for flow in settled.values_list("flow", flat=True))


def test_leakage_at_the_reference_temperature_grows_with_the_delivered_luminosity():
    """Layer 1's current per module at 20 °C, from HV currents and archived temperatures, is the
    week's starting value plus a fixed amount per fb^-1 delivered since the week started."""
    ls = list(Lumisection.objects.order_by("start_time").values_list("start_time", "delivered_lumi"))
    starts = [t for t, _ in ls]
    delivered = list(accumulate(lumi / 1e9 for _, lumi in ls))  # µb^-1 → fb^-1
    readings = LeakageCurrent.objects.filter(layer=1).values_list("time", "corrected_per_module")
    worst = 0.0
    for t, corrected in readings:
        k = bisect_right(starts, t) - 1
        expected = dcs.LEAKAGE_START["L1"] + dcs.LEAKAGE_PER_FB["L1"] * (delivered[k] if k >= 0 else 0)
        worst = max(worst, abs(corrected / expected - 1))
    assert len(readings) > 50_000
    assert worst < 0.03
    assert delivered[-1] > 5  # fb^-1: the rise is ~20 % over the week
