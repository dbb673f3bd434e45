"""`make run`'s live demo end to end: `manage.py serve` with PIXELWS_LIVE=1 starts the replay in a
process of its own, serves the live copy it writes (the run growing while we watch), plays
`manage.py live_incident lv_trip` as an alarm, and stops the replay with the server; without
PIXELWS_LIVE (make run LIVE=0) the server reads the frozen week's file."""
import json
import os
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

import pytest

from tests.test_serve import ROOT, children, free_port, get

pytestmark = pytest.mark.long


def api(base, path):
    status, content_type, body = get(base + urllib.parse.quote(path, safe="/?=&"))
    assert (status, content_type) == (200, "application/vnd.api+json")
    return json.loads(body)


def newest_run(base):
    (run,) = api(base, "/api/v1/runs?sort=-run_number&page[limit]=1")["data"]
    return run["attributes"]


def wait_for(condition, seconds=180):
    """The first true value of condition(), tried every 0.2 s for at most ``seconds`` (a busy machine)."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            value = condition()
        except OSError:  # not listening yet
            value = None
        if value or time.monotonic() > deadline:
            return value
        time.sleep(0.2)


def test_serve_live_serves_a_growing_run_plays_an_incident_and_stops_the_replay(django_db_setup, tmp_path):
    from django.conf import settings

    port, live_file = free_port(), tmp_path / "live.sqlite3"
    env = {**os.environ, "PIXELWS_LIVE": "1", "PIXELWS_LIVE_SPEED": "20", "PIXELWS_LIVE_SQLITE_PATH": str(live_file),
           "PIXELWS_SQLITE_PATH": str(settings.SQLITE_PATH), "PIXELWS_HANDOVERS_SQLITE_PATH": str(tmp_path / "h.sqlite3")}  # fmt: skip
    server = subprocess.Popen([sys.executable, "manage.py", "serve", "--port", str(port), "--workers", "1"],
                              cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        started = server.stdout.readline()
        assert started.startswith("Live run ") and f"one every 1.17 s, into {live_file}" in started, started
        first = wait_for(lambda: newest_run(base))
        assert first["end_time"] is None and first["last_lumisection_number"] >= 308  # two hours back-filled
        grown = wait_for(lambda: (run := newest_run(base))["last_lumisection_number"] > first["last_lumisection_number"] and run)
        assert grown["run_number"] == first["run_number"] and grown["end_time"] is None

        replays = [pid for pid in children(server.pid) if b"live_replay" in Path(f"/proc/{pid}/cmdline").read_bytes()]
        assert len(replays) == 1
        incident = subprocess.run([sys.executable, "manage.py", "live_incident", "lv_trip"], cwd=ROOT, env=env,
                                  capture_output=True, text=True, timeout=120)  # fmt: skip
        assert incident.returncode == 0, incident.stderr
        played = incident.stdout.split(" played at ")[1][:19].replace(" ", "T") + "Z"
        trips = api(base, f"/api/v1/events?filter[kind]=trip&filter[start_time][GE]={played}")["data"]
        assert [(t["attributes"]["severity"], t["attributes"]["start_time"], t["attributes"]["end_time"]) for t in trips] == [
            ("alarm", played, None)]  # fmt: skip
    finally:
        server.terminate()
        server.wait(timeout=60)
    assert wait_for(lambda: not Path(f"/proc/{replays[0]}").exists(), seconds=30)  # the replay stopped with it


def test_without_live_the_server_reads_the_frozen_week():
    """make run LIVE=0 sets PIXELWS_LIVE=0: the built database, not the live copy."""
    code = "import django; django.setup(); from django.conf import settings; print(settings.DATABASES['default']['NAME'], settings.LIVE)"
    paths = {}
    for live in ("0", "1"):
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "pixelws.settings", "PIXELWS_LIVE": live}
        env.pop("PIXELWS_SQLITE_PATH", None), env.pop("PIXELWS_LIVE_SQLITE_PATH", None)
        done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
        paths[live] = done.stdout.split()
    assert paths == {"0": [f"file:{ROOT / 'var' / 'pixelws.sqlite3'}?mode=ro", "False"],
                     "1": [f"file:{ROOT / 'var' / 'live.sqlite3'}?mode=ro", "True"]}
