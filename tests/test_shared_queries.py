"""Rows shared by the probes of a page (pixelws/shared_queries.py): the same SQL within the window
runs once per process, also when two threads ask at once; anything else runs on its own."""
import threading

import pytest
from django.db import connection, connections
from django.db.models import Sum
from django.test.utils import CaptureQueriesContext

from apps.daq.models import FedError
from pixelws import shared_queries
from pixelws.shared_queries import shared_rows
from pixelws.shifts import Shift
from tests.jsonapi import get

pytestmark = pytest.mark.django_db
RUN = 324245


class SaysWhenWaitedFor(threading.Event):
    """An entry's ``done`` that says when a caller starts waiting for it."""

    def __init__(self):
        super().__init__()
        self.waited_for = threading.Event()

    def wait(self, timeout=None):
        self.waited_for.set()
        return super().wait(timeout)


@pytest.fixture(autouse=True)
def ten_seconds(settings):  # (tests/conftest.py drops what earlier tests shared)
    settings.PIXELWS_SHARED_QUERY_SECONDS = 10


def per_type(run=RUN):
    return FedError.objects.filter(run_number=run).order_by("error_type").values("error_type").annotate(errors=Sum("errors"))


def test_the_same_query_runs_once_and_its_rows_are_the_querysets():
    with CaptureQueriesContext(connection) as queries:
        first = shared_rows(per_type())
        again = shared_rows(per_type())
    assert len(queries) == 1 and again is first
    assert first == list(per_type())
    assert sum(r["errors"] for r in first) == sum(FedError.objects.filter(run_number=RUN).values_list("errors", flat=True)) > 0


def test_another_query_or_other_parameters_run_on_their_own():
    shared_rows(per_type())
    with CaptureQueriesContext(connection) as queries:
        other_run = shared_rows(per_type(RUN - 1))
        other_sql = shared_rows(per_type().filter(fed_id=1300))
    assert len(queries) == 2
    assert other_run == list(per_type(RUN - 1)) and other_sql == list(per_type().filter(fed_id=1300))


def test_rows_older_than_the_window_are_queried_again(monkeypatch, settings):
    settings.PIXELWS_SHARED_QUERY_SECONDS = 5
    now = [1000.0]
    monkeypatch.setattr(shared_queries.time, "monotonic", lambda: now[0])
    first = shared_rows(per_type())
    now[0] += 4.9
    assert shared_rows(per_type()) is first
    now[0] += 0.2
    with CaptureQueriesContext(connection) as queries:
        assert shared_rows(per_type()) is not first
    assert len(queries) == 1


def test_zero_seconds_shares_nothing(settings):
    settings.PIXELWS_SHARED_QUERY_SECONDS = 0
    with CaptureQueriesContext(connection) as queries:
        shared_rows(per_type())
        shared_rows(per_type())
    assert len(queries) == 2 and not shared_queries.entries


def test_a_failed_query_is_not_shared():
    broken = per_type().extra(where=["no_such_column = 1"])
    with pytest.raises(Exception, match="no_such_column"):
        shared_rows(broken)
    assert not shared_queries.entries
    with CaptureQueriesContext(connection) as queries, pytest.raises(Exception, match="no_such_column"):
        shared_rows(broken)  # asked again: run again (and fails again), not a cached failure
    assert len(queries) == 1


def test_a_thread_asking_while_another_runs_the_query_waits_for_its_rows():
    running, release = threading.Event(), threading.Event()
    executed, results = [], {}

    def held_open(execute, sql, params, many, context):
        if '"fed_errors"' in sql:  # (not the connection's own set-up)
            executed.append(sql)
            running.set()
            assert release.wait(10)
        return execute(sql, params, many, context)

    def ask(name):
        try:
            with connections["default"].execute_wrapper(held_open):
                results[name] = shared_rows(per_type())
        finally:
            connections["default"].close()

    owner = threading.Thread(target=ask, args=("owner",))
    owner.start()
    assert running.wait(10)
    entry = next(iter(shared_queries.entries.values()))
    entry.done = SaysWhenWaitedFor()  # still unset: the owner's query is held open
    waiter = threading.Thread(target=ask, args=("waiter",))
    waiter.start()
    assert entry.done.waited_for.wait(10) and not entry.done.is_set()  # the waiter waits on the owner's query
    release.set()
    owner.join(10)
    waiter.join(10)
    assert len(executed) == 1
    assert results["waiter"] is results["owner"] and results["owner"] == list(per_type())


def test_the_fed_errors_pages_probes_query_the_runs_errors_per_channel_once(api):
    """The page's eight portlets over a run's channels (its two tables, the per-type table and
    plot, the channel heatmap, the six ROC maps) read one query's rows; the per-LS plot its own."""
    from apps.workspace.pages import pages  # the page file says which probes it draws

    configurations = [portlet["configuration"] for portlet in pages()["fed_errors"].portlets]
    urls = [f"/api/v1/plots/{c['probe']}?run={RUN}" + "".join(f"&{k}={v}" for k, v in c.get("params", {}).items())
            for c in configurations if c["probe"] != "events_timeline"]
    assert len(urls) == 12
    with CaptureQueriesContext(connection) as queries:
        titles = [get(api, url)["data"]["attributes"]["title"] for url in urls]
    errors = [q["sql"] for q in queries.captured_queries if 'FROM "fed_errors"' in q["sql"]]
    assert len(errors) == 2 and sum('"lumisection_number"' in sql for sql in errors) == 1
    assert titles[0] == f"FED errors, run {RUN}: {sum(FedError.objects.filter(run_number=RUN).values_list('errors', flat=True))}"


def test_the_time_plots_of_a_page_query_the_events_they_mark_once(api):
    from apps.workspace.pages import pages

    shift = "2018-10-11/morning"
    configurations = [portlet["configuration"] for portlet in pages()["cooling"].portlets]
    urls = [f"/api/v1/plots/{c['probe']}?shift={shift}" + "".join(f"&{k}={v}" for k, v in c.get("params", {}).items())
            for c in configurations if c["probe"] == "dcs_series"]
    assert len(urls) == 8
    with CaptureQueriesContext(connection) as queries:
        marked = [get(api, url)["data"]["attributes"]["figure"]["data"] for url in urls]
    # Each part of the events going on (apps.events.probes.going_on) queried once for the eight:
    # starting in the shift, going on and still going on when it starts (DCS events lie in no run).
    assert sum('FROM "events"' in q["sql"] for q in queries.captured_queries) == 3
    # Each plot marks the events of Cooling (apps.events.markers.MARKED) going on in the shift:
    # those the events resource lists (none goes on from before it in the demo).
    window = Shift.parse(shift)
    events = get(api, f"/api/v1/events?filter[start_time][GE]={window.start:%Y-%m-%dT%H:%M:%SZ}"
                      f"&filter[start_time][LT]={window.end:%Y-%m-%dT%H:%M:%SZ}&filter[source]=dcs&filter[page]=cooling"
                      "&page[limit]=1000")["data"]  # fmt: skip
    expected = {f"{e['attributes']['severity']}: {e['attributes']['subject']}: {e['attributes']['text']}" for e in events}
    assert len(expected) >= 1
    for data in marked:
        assert {text for trace in data if trace.get("name") == "Events" for text in trace["text"] if text} == expected
