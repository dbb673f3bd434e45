"""Issue 19, High 1–2 and Medium 3: the series probe's work is bounded before it starts (groups ×
y × buckets), its Python work by the query timeout, and inputs that look valid never get a 5xx.
The expected figures come from SQL on the views, written here."""
import math
import tracemalloc

import pytest
from django.db import OperationalError, connection
from django.test.utils import CaptureQueriesContext

from apps.workspace import probes as series_probes
from pixelws.database import fault_of
from tests.jsonapi import error_of, get

pytestmark = pytest.mark.django_db
PLOT = "/api/v1/plots/series"
HV_SIX = "resource=hv_channels&x=time&y=voltage,current,warning_low,warning_high,alarm_low,alarm_high&group=channel&buckets=5000"


def sql(query):
    with connection.cursor() as cursor:
        cursor.execute(query)
        return cursor.fetchone()[0]


def test_too_many_groups_is_refused_before_the_grouped_query_and_without_memory(api):
    # 29 696 ROCs: before, every group's empty series was made (470 → 1368 MB) and then refused.
    url = f"{PLOT}?resource=readbacks&x=vana&y=vd,va&group=roc_name&buckets=2000&fields[plots]=empty"
    tracemalloc.start()
    try:
        with CaptureQueriesContext(connection) as queries:
            error = error_of(api, url)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert sql('SELECT COUNT(DISTINCT "ROC_NAME") FROM readbacks') == 29696
    assert error["source"] == {"parameter": "group"}
    assert error["detail"] == "group has more than 200 values here, more than 200 traces; filter to fewer."
    assert not [q for q in queries.captured_queries if "GROUP BY" in q["sql"]]
    assert peak < 64 * 2**20, f"{peak / 2**20:.0f} MB"


@pytest.mark.parametrize("extra, count", [("", 6), (",reading_id,layer,ring,modules", 10)])
def test_an_answer_too_large_is_a_413_naming_buckets_and_the_limit(api, extra, count):
    channels = sql('SELECT COUNT(DISTINCT "CHANNEL") FROM hv_channels')
    assert channels == 144
    with CaptureQueriesContext(connection) as queries:
        error = error_of(api, f"{PLOT}?{HV_SIX.replace('alarm_high', 'alarm_high' + extra)}", status=413)
    total = channels * count * 5000
    assert error["source"] == {"parameter": "buckets"}
    assert error["detail"] == (f"This plot would hold {channels} groups × {count} y × 5000 buckets = {total} values; at most 150000. "
                               "Ask for fewer buckets, fewer y or fewer groups (a narrower filter).")  # fmt: skip
    assert not [q for q in queries.captured_queries if "GROUP BY" in q["sql"]]


def test_within_the_budget_every_channel_is_drawn(api):
    found = get(api, f"{PLOT}?resource=hv_channels&x=time&y=current&group=channel&buckets=1000&fields[plots]=series")
    names = {s["name"].rsplit(" ", 1)[0] if s["name"].endswith((" max", " min")) else s["name"] for s in found["data"]["attributes"]["series"]}
    assert len(names) == 144 and len(found["data"]["attributes"]["series"][0]["x"]) == 1000


def test_the_python_work_stops_at_the_query_timeout(api, monkeypatch, settings):
    from pixelws.database import WorkDeadline, WorkTimedOut

    settings.PIXELWS_QUERY_TIMEOUT = 30
    class Passed(WorkDeadline):
        def __init__(self):
            self.at = 0.0  # long passed

    monkeypatch.setattr(series_probes, "WorkDeadline", Passed)
    error = error_of(api, f"{PLOT}?resource=lumisections&x=lumisection_number&y=pileup", status=504)
    assert error["detail"].startswith("This answer took longer than 30 s to make")
    with pytest.raises(WorkTimedOut):
        Passed().check()


def histogram_counts(api, query):
    attributes = get(api, f"{PLOT}?{query}")["data"]["attributes"]
    [bars] = attributes["series"]
    return bars["x"], bars["y"]


def test_a_histogram_over_an_infinite_filter_window_bins_the_rows_own_range(api):
    # -1e308..1e308: the width was inf, read by SQLite as a column INF (a false "view contract broken").
    x, y = histogram_counts(api, "resource=lumisections&kind=histogram&x=pileup&filter[pileup][GE]=-1e308&filter[pileup][LT]=1e308")
    assert sum(y) == sql('SELECT COUNT("PILEUP") FROM lumisections') == 21613
    assert (x, y) == histogram_counts(api, "resource=lumisections&kind=histogram&x=pileup")


def test_a_time_bound_at_the_end_of_year_9999_is_no_overflow(api):
    query = "resource=lumisections&x=start_time&y=pileup&buckets=100"
    bounded = get(api, f"{PLOT}?{query}&filter[start_time][LE]=9999-12-31T23:59:59Z")["data"]["attributes"]["series"]
    assert bounded == get(api, f"{PLOT}?{query}")["data"]["attributes"]["series"]
    assert len(bounded) == 3 and len(bounded[0]["x"]) == 100


def test_a_window_of_one_float_is_one_bin(api):
    x, y = histogram_counts(api, "resource=fills&kind=histogram&x=delivered_lumi&filter[delivered_lumi][LE]=0")
    assert y == [sql('SELECT COUNT(*) FROM fills WHERE "DELIVERED_LUMI" <= 0')] == [1]
    assert x == [0.0]


def test_a_scatter_of_an_attribute_against_itself(api):
    [series] = get(api, f"{PLOT}?resource=lumisections&kind=scatter&x=pileup&y=pileup")["data"]["attributes"]["series"]
    total = sql("SELECT COUNT(*) FROM lumisections")
    assert series["x"] == series["y"]
    assert len(series["x"]) == total // math.ceil(total / 2000) == 1964
    assert series["x"] == sorted(series["x"])


def test_a_scatter_grouped_by_its_own_x(api):
    # It was a 503 "the database cannot be reached": SQLite's "ORDER BY term out of range".
    error = error_of(api, f"{PLOT}?resource=lumisections&kind=scatter&x=lumisection_number&y=pileup&group=lumisection_number")
    assert error["source"] == {"parameter": "group"}
    few = "filter[run_number]=324245&filter[lumisection_number][LE]=3"
    found = get(api, f"{PLOT}?resource=lumisections&kind=scatter&x=lumisection_number&y=pileup&group=lumisection_number&{few}")
    series = found["data"]["attributes"]["series"]
    assert [s["name"] for s in series] == ["1", "2", "3"] and [s["x"] for s in series] == [[1], [2], [3]]


def test_only_a_connection_fault_is_a_503():
    assert fault_of(OperationalError("2nd ORDER BY term out of range - should be between 1 and 2")) is None
    assert fault_of(OperationalError("near \"INF\": syntax error")) is None
    unreachable = fault_of(OperationalError("unable to open database file"))
    assert (unreachable.status, unreachable.retry_after) == (503, 10)
    assert fault_of(OperationalError("DPY-6005: cannot connect to database")).status == 503
