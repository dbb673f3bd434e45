"""pixelws.downsampling against a Python oracle over the raw rows: bucket edges, count / min /
mean / max per bucket and group, empty buckets, a spike kept by min and max."""
import threading
from collections import defaultdict
from datetime import datetime, timedelta, timezone

import pytest
from django.db import connection, connections

from apps.dcs.models import HvReading, LvReading, Temperature
from apps.demo_source import dcs_generator as dcs
from pixelws import downsampling
from pixelws.downsampling import Bucket, downsample

pytestmark = pytest.mark.django_db
SINCE = datetime(2018, 10, 9, 13, 0, tzinfo=timezone.utc)


def oracle(rows, since, until, buckets):
    """{group: {bucket: [values]}} of rows (group, time, value) by the documented rule."""
    span = int((until - since).total_seconds())
    found = defaultdict(lambda: defaultdict(list))
    for group, time, value in rows:
        seconds = int((time - since).total_seconds())
        if 0 <= seconds < span:
            found[group][seconds * buckets // span].append(value)
    return found


def assert_same(downsampled, expected, since, until, buckets):
    assert set(downsampled) == set(expected)
    width = (until - since) / buckets
    for group, filled in downsampled.items():
        assert len(filled) == buckets
        for k, bucket in enumerate(filled):
            assert (bucket.start, bucket.end) == (since + k * width, since + (k + 1) * width)
            values = expected[group].get(k)
            if not values:
                assert bucket == Bucket(bucket.start, bucket.end), (group, k)
                continue
            assert (bucket.count, bucket.min, bucket.max) == (len(values), min(values), max(values)), (group, k)
            assert bucket.mean == pytest.approx(sum(values) / len(values), rel=1e-12)


@pytest.mark.parametrize("hours, buckets", [(7, 50), (7, 420), (1, 1), (8, 1000)])
def test_per_sensor_as_the_oracle_computes_it(hours, buckets):
    until = SINCE + timedelta(hours=hours)
    sensors = Temperature.objects.filter(sensor__in=["BPix_BmI_SEC1_T", "FPix_BpO_CO2_IN", "BPix_BpO_SEC6_T"])
    rows = list(sensors.values_list("sensor", "time", "temperature"))
    expected = {(g,): v for g, v in oracle(rows, SINCE, until, buckets).items()}
    downsampled = downsample(sensors, "temperature", since=SINCE, until=until, buckets=buckets, by=("sensor",))
    assert_same(downsampled, expected, SINCE, until, buckets)
    if buckets == 420:  # one bucket per minute: the readings, on whole minutes, sit on bucket edges
        assert all(b.count <= 1 for filled in downsampled.values() for b in filled)


def test_per_layer_over_all_channels_and_with_no_group():
    until = SINCE + timedelta(hours=5)
    hv = HvReading.objects.filter(subdetector="BPix")
    expected = oracle(list(hv.values_list("layer", "time", "current")), SINCE, until, 30)
    assert_same(downsample(hv, "current", since=SINCE, until=until, buckets=30, by=("layer",)),
                {(g,): v for g, v in expected.items()}, SINCE, until, 30)  # fmt: skip
    merged = defaultdict(list)
    for per_bucket in expected.values():
        for k, values in per_bucket.items():
            merged[k] += values
    assert_same(downsample(hv, "current", since=SINCE, until=until, buckets=30), {(): merged}, SINCE, until, 30)


@pytest.mark.parametrize("slices, buckets", [(2, 30), (3, 20), (4, 3)])
def test_outside_a_transaction_sqlite_queries_one_slice_per_core(monkeypatch, slices, buckets):
    """The server's case (no transaction open): the buckets cut into slices, each slice's rows
    queried in a thread on a connection of its own, to the same database, give the oracle's buckets
    (20 buckets in 3 slices: 7, 6, 7)."""
    until = SINCE + timedelta(hours=5)
    hv = HvReading.objects.filter(subdetector="BPix")
    expected = {(g,): v for g, v in oracle(list(hv.values_list("layer", "time", "current")), SINCE, until, buckets).items()}
    queried = []

    def fetched(alias, sql, params):
        queried.append((threading.current_thread().name, connections[alias].settings_dict["NAME"], params))
        return fetch(alias, sql, params)

    fetch = downsampling.fetched
    monkeypatch.setattr(downsampling, "fetched", fetched)
    monkeypatch.setattr(downsampling, "PARALLEL_SLICES", slices)
    monkeypatch.setattr(connections["default"], "in_atomic_block", False)  # the test's own transaction holds no rows of these
    found = downsample(hv, "current", since=SINCE, until=until, buckets=buckets, by=("layer",))
    monkeypatch.undo()
    assert_same(found, expected, SINCE, until, buckets)
    assert len(queried) == min(slices, buckets)  # never more slices than buckets
    assert {name.split("_")[0] for name, _, _ in queried} == {"slice"}
    assert {database for _, database, _ in queried} == {connection.settings_dict["NAME"]}
    windows = sorted(params[:2] for _, _, params in queried)  # each slice's since, until: end to end
    assert windows[0][0] == "2018-10-09 13:00:00" and windows[-1][1] == "2018-10-09 18:00:00"
    assert all(a[1] == b[0] for a, b in zip(windows, windows[1:]))


def test_the_window_bounds_come_first_in_the_where():
    """SQLite ranges the (channel, time) index by the first bounds on time it meets: a slice's, not
    the wider window the rows were filtered to already (a probe's source)."""
    until = SINCE + timedelta(hours=5)
    rows = HvReading.objects.filter(time__gte=SINCE - timedelta(days=1), time__lt=until, subdetector="BPix")
    index, _ = downsampling.bucket_edges(SINCE, until, 10)
    _, params = downsampling.grouped_sql(rows, ("current",), index, since=SINCE + timedelta(hours=1), until=until, by=("layer",))
    assert params == ("2018-10-09 14:00:00", "2018-10-09 18:00:00", "BPix", "2018-10-08 13:00:00", "2018-10-09 18:00:00")


def test_buckets_past_the_data_are_empty():
    sensor = Temperature.objects.filter(sensor="BPix_BmI_SEC1_T")
    last = sensor.order_by("-time").values_list("time", flat=True)[0]
    since, until = last - timedelta(hours=1), last + timedelta(hours=3)
    filled = downsample(sensor, "temperature",
                        since=since, until=until, buckets=8, by=("sensor",))[("BPix_BmI_SEC1_T",)]  # fmt: skip
    assert [b.count > 0 for b in filled] == [True, True, True, False, False, False, False, False]
    assert filled[-1] == Bucket(until - timedelta(minutes=30), until)


def test_a_trip_of_minutes_survives_in_a_day_long_bucket():
    channel, start, duration = dcs.LV_TRIP
    day = start.replace(hour=0, minute=0)
    [filled] = downsample(LvReading.objects.filter(channel=channel), "current", since=day,
                          until=day + timedelta(days=1), buckets=1).values()  # fmt: skip
    assert filled[0].min == 0.0 and filled[0].mean > filled[0].max * 0.5


def test_an_empty_window_and_bad_arguments():
    assert downsample(Temperature.objects.none(), "temperature", since=SINCE, until=SINCE + timedelta(hours=1)) == {}
    with pytest.raises(ValueError, match="until must be after since"):
        downsample(Temperature.objects.all(), "temperature", since=SINCE, until=SINCE)
    with pytest.raises(ValueError, match="buckets must be 1 or more"):
        downsample(Temperature.objects.all(), "temperature", since=SINCE, until=SINCE + timedelta(hours=1), buckets=0)
