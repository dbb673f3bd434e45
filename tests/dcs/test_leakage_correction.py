"""The leakage view's temperature correction, I(T_ref) = I(T) (T_ref/T)² exp(E_eff/2k (1/T − 1/T_ref)),
against values computed by hand, on readings written into the source tables."""
from datetime import datetime, timezone

import pytest

from apps.demo_source.models import DcsChannel, DcsHvReading, DcsTemperature
from tests.jsonapi import get

pytestmark = pytest.mark.django_db
CHANNEL = "BPix_BmI_SEC1_HV_L1"  # 4 modules
AFTER_THE_WEEK = datetime(2018, 10, 20, tzinfo=timezone.utc)

# T = 263.15 K: (293.15/263.15)² = 1.241004, 7020.733 K × (1/263.15 − 1/293.15) K⁻¹ = 2.730301,
# e^2.730301 = 15.337497 → 19.03389. T = 286.15 K (7 °C below T_ref): 1.049524 × e^0.585864 = 1.885514.
HAND_COMPUTED = [(-10.0, 19.03389), (13.0, 1.885514), (20.0, 1.0)]


@pytest.mark.parametrize("celsius, factor", HAND_COMPUTED)
def test_the_corrected_current_is_the_current_at_20_celsius(api, celsius, factor):
    channel = DcsChannel.objects.get(name=CHANNEL)
    DcsTemperature.objects.create(channel_id=channel.sensor_id, ts=AFTER_THE_WEEK, temperature=celsius)
    DcsHvReading.objects.create(channel_id=channel.channel_id, ts=AFTER_THE_WEEK.replace(minute=3), vmon=450,
                                imon=10.0, state="ON")  # fmt: skip
    url = f"/api/v1/leakage_currents?filter[channel]={CHANNEL}&filter[time][GT]=2018-10-19T00:00:00Z"
    [row] = get(api, url)["data"]
    attributes = row["attributes"]
    assert (attributes["temperature"], attributes["current"], attributes["current_per_module"]) == (celsius, 10.0, 2.5)
    assert attributes["corrected_current"] == pytest.approx(10.0 * factor, rel=1e-6)
    assert attributes["corrected_per_module"] == pytest.approx(2.5 * factor, rel=1e-6)


def test_the_last_temperature_before_the_reading_is_used_and_ramping_is_not_leakage(api):
    channel = DcsChannel.objects.get(name=CHANNEL)
    for minute, celsius in ((0, -10.0), (5, 13.0)):
        DcsTemperature.objects.create(channel_id=channel.sensor_id, ts=AFTER_THE_WEEK.replace(minute=minute), temperature=celsius)
    for minute, state in ((3, "ON"), (4, "RAMPING"), (7, "ON")):
        DcsHvReading.objects.create(channel_id=channel.channel_id, ts=AFTER_THE_WEEK.replace(minute=minute), vmon=450,
                                    imon=10.0, state=state)  # fmt: skip
    url = f"/api/v1/leakage_currents?filter[channel]={CHANNEL}&filter[time][GT]=2018-10-19T00:00:00Z&sort=time"
    rows = [r["attributes"] for r in get(api, url)["data"]]
    assert [(r["time"], r["temperature"]) for r in rows] == [("2018-10-20T00:03:00Z", -10.0), ("2018-10-20T00:07:00Z", 13.0)]
    assert [r["corrected_current"] for r in rows] == pytest.approx([190.3389, 18.85514], rel=1e-6)


def test_a_current_read_before_its_sensors_first_reading_has_no_corrected_value(api):
    channel = DcsChannel.objects.get(name=CHANNEL)
    first = DcsTemperature.objects.filter(channel_id=channel.sensor_id).order_by("ts").first().ts
    DcsHvReading.objects.create(channel_id=channel.channel_id, ts=first.replace(year=2017), vmon=450, imon=10.0, state="ON")
    url = f"/api/v1/leakage_currents?filter[channel]={CHANNEL}&filter[time][LT]=2018-01-01T00:00:00Z"
    [row] = get(api, url)["data"]
    attributes = row["attributes"]
    assert (attributes["current"], attributes["temperature"], attributes["corrected_current"]) == (10.0, None, None)
