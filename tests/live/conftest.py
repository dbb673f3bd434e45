"""Growing data for tests: the live demo's replay (apps/demo_source/live.py) writing a copy of the
demo database in a temporary file (never the built one), driven by a clock of the test's own, and
Django's connection reading that copy meanwhile, as the server reads the live file.

    def test_something(live_demo):
        live_demo.advance(live_demo.period)    # one lumisection more, stamped with the clock's time
        live_demo.incident("lv_trip")         # as `manage.py live_incident lv_trip` asks for it
        get(live_demo.api, "/api/v1/runs/...")

The replay and the API share the module's copy: a test sees what earlier tests of its module wrote.
Reads are in autocommit (no test transaction): a transaction's snapshot would never see the
replay's next lumisection."""
import time
from datetime import timedelta

import pytest

BACKFILL = timedelta(minutes=30)  # of the run, written when the replay starts: 77 lumisections


class Clock:
    """Wall-clock time the test moves on itself (epoch seconds), from the real time it starts at."""

    def __init__(self):
        self.now = float(int(time.time()))

    def __call__(self):
        return self.now


class LiveDemo:
    def __init__(self, replay, clock, path):
        from apps.demo_source.live import LS_SECONDS
        from tests.jsonapi import ValidatingClient

        self.replay, self.clock, self.path = replay, clock, path
        self.period = LS_SECONDS / replay.speed  # wall-clock seconds per lumisection
        self.api = ValidatingClient()

    @property
    def run(self):
        return self.replay.run

    def advance(self, seconds):
        """Move the clock on by ``seconds`` and let the replay write what arrived meanwhile;
        the lumisections it wrote."""
        self.clock.now += seconds
        return self.replay.advance()

    def incident(self, kind):
        """Ask for an incident as `manage.py live_incident` does; the replay plays it at its next step."""
        from apps.demo_source import live

        assert live.request_incident(self.path, kind, wait=0) is None  # not played before the replay's step
        self.advance(0)


@pytest.fixture(scope="module")
def live_demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """A LiveDemo on a fresh copy of the demo database (for the test module), its run back-filled
    BACKFILL, the default connection reading the copy (restored afterwards)."""
    from django.conf import settings
    from django.db import connections

    from apps.demo_source import live

    path = tmp_path_factory.mktemp("live") / "live.sqlite3"
    live.prepare(settings.SQLITE_PATH, path)
    clock = Clock()
    replay = live.Replay(path, speed=1.0, clock=clock, backfill=BACKFILL)
    with django_db_blocker.unblock():
        served = connections["default"]
        reading = served.__class__({**served.settings_dict, "NAME": f"file:{path}?mode=ro"}, "default")
        connections["default"] = reading
        try:
            yield LiveDemo(replay, clock, path)
        finally:
            reading.close()
            connections["default"] = served
            replay.database.close()


@pytest.fixture(scope="module")
def live_demo_server(live_demo):
    """The module's live copy served over HTTP through the real WSGI stack (as the ``server``
    fixture serves the frozen week), for browser tests on growing data: its base URL. The server's
    thread reads through the same connection as the test (SQLite serialises them)."""
    from django.db import connections
    from django.test.testcases import LiveServerThread

    reading = connections["default"]
    reading.inc_thread_sharing()
    thread = LiveServerThread("127.0.0.1", lambda app: app, connections_override={"default": reading}, port=0)
    thread.daemon = True
    thread.start()
    thread.is_ready.wait()
    if thread.error:
        raise thread.error
    try:
        yield f"http://127.0.0.1:{thread.port}"
    finally:
        thread.terminate()
        reading.dec_thread_sharing()
