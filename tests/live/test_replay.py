"""The live demo's replay on growing data, read through the API as the server reads it: the run
goes on (end_time null, its last lumisection growing) with rows stamped at the wall-clock time they
arrive; a new lumisection reaches the API within one period; incidents asked for become events;
masking, automasking, FED errors and bursts appear; DCS readings keep their cadence; the built demo
database is never written. Tests run in file order on one growing copy (tests/live/conftest.py)."""
import hashlib
import json
import sqlite3
import urllib.request
from contextlib import closing
from datetime import datetime, timezone

import pytest
from django.conf import settings

from apps.demo_source import dcs_generator, live
from apps.events.models import FedErrorBurst
from pixelws.sqlviews import VIEW_NAME, view_sql
from tests.jsonapi import get, validate

WEEK_LAST_RUN, WEEK_LAST_FILL = 324361, 7283  # the frozen week's newest (tests/test_demo_database.py)


def iso(wall):
    """A wall-clock time as the API writes it."""
    return datetime.fromtimestamp(int(wall), timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def digest(path):
    sha = hashlib.sha256()
    with open(path, "rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            sha.update(block)
    return sha.hexdigest()


@pytest.fixture(scope="module")
def demo_digest(django_db_setup):
    """The built demo database's digest before the module's replay starts."""
    return digest(settings.SQLITE_PATH)


@pytest.fixture
def demo(demo_digest, live_demo):
    return live_demo


def newest_run(demo):
    (run,) = get(demo.api, "/api/v1/runs?sort=-run_number&page[limit]=1")["data"]
    return run["attributes"]


def test_the_live_run_is_the_newest_and_goes_on_in_a_new_fill(demo):
    run = newest_run(demo)
    assert run["run_number"] == demo.run.number > WEEK_LAST_RUN
    assert run["end_time"] is None and run["duration"] is None
    assert run["last_lumisection_number"] == demo.run.written >= 77  # 30 minutes back-filled
    assert run["start_time"] == iso(demo.replay.wall(demo.run.start))
    fill = get(demo.api, f"/api/v1/fills/{run['fill_number']}")["data"]["attributes"]
    assert run["fill_number"] == WEEK_LAST_FILL + 1
    assert (fill["end_time"], fill["end_stable_beam"], fill["last_run_number"]) == (None, None, demo.run.number)
    assert fill["delivered_lumi"] == pytest.approx(run["delivered_lumi"], rel=1e-6)  # the fill's one run so far


def test_a_new_lumisection_reaches_the_api_within_one_period(demo):
    before = newest_run(demo)["last_lumisection_number"]
    assert demo.advance(demo.period / 2) == 0  # the lumisection going on arrives when it ends
    assert newest_run(demo)["last_lumisection_number"] == before
    assert demo.advance(demo.period / 2) == 1
    run = newest_run(demo)
    assert run["last_lumisection_number"] == before + 1 and run["end_time"] is None
    (newest,) = get(demo.api, f"/api/v1/lumisections?filter[run_number]={demo.run.number}"
                              "&sort=-lumisection_number&page[limit]=1")["data"]  # fmt: skip
    ls = newest["attributes"]
    assert ls["lumisection_number"] == before + 1
    assert ls["end_time"] == iso(demo.clock.now)  # the wall-clock time it arrived
    assert ls["start_time"] == iso(demo.clock.now - demo.period)
    assert ls["init_lumi"] > ls["end_lumi"] > 10000  # Hz/µb, decaying through the fill
    deadtimes = get(demo.api, f"/api/v1/deadtimes?filter[run_number]={demo.run.number}&filter[first_lumisection_number]={before + 1}")
    assert len(deadtimes["data"]) == 1


def test_the_live_server_serves_the_run_as_it_grows(demo, live_demo_server):
    """Over HTTP (the live_demo_server fixture, for browser tests): the answer follows the replay."""
    def last_ls():
        with urllib.request.urlopen(f"{live_demo_server}/api/v1/runs/{demo.run.number}", timeout=60) as answer:
            document = json.loads(answer.read())
        validate(document)
        return document["data"]["attributes"]["last_lumisection_number"]

    before = last_ls()
    assert before == demo.run.written
    demo.advance(demo.period)
    assert last_ls() == before + 1


def test_an_lv_trip_asked_for_becomes_an_alarm_event_at_once_and_ends(demo):
    asked = demo.clock.now
    demo.incident("lv_trip")
    kind, _, channel = demo.replay.played[-1]
    assert kind == "lv_trip"
    query = f"/api/v1/events?filter[kind]=trip&filter[start_time][GE]={iso(asked)}"
    (trip,) = get(demo.api, query)["data"]
    assert trip["attributes"] | {"event_id": None} == {
        "event_id": None, "start_time": iso(asked), "end_time": None, "source": "power", "kind": "trip",
        "severity": "alarm", "subject": channel.removesuffix("_LV_DIGITAL"), "text": f"LV channel {channel} tripped",
        "run_number": None, "lumisection_number": None, "page": "power", "selection": None,
    }  # fmt: skip
    demo.advance(live.TRIP_LENGTH.total_seconds() + 2 * dcs_generator.TICK)  # back on at the first tick after it
    (trip,) = get(demo.api, query)["data"]
    assert trip["attributes"]["end_time"] is not None and trip["attributes"]["end_time"] > iso(asked)


def test_fed_timeouts_asked_for_are_a_burst_within_one_period_an_alarm_from_30_and_then_masked(demo):
    demo.incident("fed_timeouts")
    kind, _, (fed, first, hit) = demo.replay.played[-1]
    assert kind == "fed_timeouts" and first == demo.run.written + 1 and hit
    demo.advance(demo.period)
    burst_query = f"/api/v1/events?filter[kind]=error_burst&filter[run_number]={demo.run.number}&filter[subject]=FED {fed}"
    (burst,) = get(demo.api, burst_query)["data"]
    assert (burst["attributes"]["severity"], burst["attributes"]["lumisection_number"]) == ("warning", first)
    assert burst["attributes"]["text"].endswith(f"errors on FED {fed}, LS {first}-{first}")
    errors = get(demo.api, f"/api/v1/fed_errors?filter[run_number]={demo.run.number}&filter[lumisection_number]={first}"
                           f"&filter[fed_id]={fed}&filter[error_type]=29&page[limit]=100")["data"]  # fmt: skip
    assert sorted(e["attributes"]["fed_channel"] for e in errors) == hit
    assert all(20 <= e["attributes"]["errors"] <= 60 for e in errors)

    demo.advance(29 * demo.period)  # 30 lumisections of timeouts: an alarm
    (burst,) = get(demo.api, burst_query)["data"]
    assert (burst["attributes"]["severity"], burst["attributes"]["text"][-len(f"LS {first}-{first + 29}"):]) == (
        "alarm", f"LS {first}-{first + 29}")  # fmt: skip

    demo.advance((live.TIMEOUT_LS - 30 + 1) * demo.period)  # the timeouts end; the DAQ masks the channels
    masked = get(demo.api, f"/api/v1/masked_channels?filter[run_number]={demo.run.number}&filter[fed_id]={fed}"
                           f"&filter[source]=automask&page[limit]=100")["data"]  # fmt: skip
    assert sorted(m["attributes"]["fed_channel"] for m in masked) == hit
    assert {(m["attributes"]["first_lumisection_number"], m["attributes"]["last_lumisection_number"]) for m in masked} == {
        (first + live.TIMEOUT_LS, demo.run.written)}  # fmt: skip
    events = get(demo.api, f"/api/v1/events?filter[kind]=channels_masked&filter[run_number]={demo.run.number}"
                           f"&filter[subject]=FED {fed}")["data"]  # fmt: skip
    assert [e["attributes"]["lumisection_number"] for e in events] == [first + live.TIMEOUT_LS]


def test_the_materialised_bursts_are_the_views_rows_for_the_live_run(demo):
    """FED_ERROR_BURSTS, refreshed for the run at each step, holds what the view computes over the
    whole database now (the view's own SQL, as a temporary view)."""
    sql = VIEW_NAME.sub('CREATE TEMP VIEW "whole"', view_sql("events", "fed_error_bursts", "sqlite"), count=1)
    with closing(sqlite3.connect(f"file:{demo.path}?mode=ro", uri=True)) as database:
        database.execute(sql)
        computed = database.execute('SELECT * FROM temp."whole" WHERE "RUN_NUMBER" = ? ORDER BY 1', (demo.run.number,)).fetchall()
        stored = database.execute('SELECT * FROM "FED_ERROR_BURSTS" WHERE "RUN_NUMBER" = ? ORDER BY 1', (demo.run.number,)).fetchall()
    assert stored == computed and len(computed) >= 2  # the pattern's own bursts and the timeouts asked for
    api = get(demo.api, f"/api/v1/events?filter[kind]=error_burst&filter[run_number]={demo.run.number}&page[limit]=100")
    assert sorted(e["id"] for e in api["data"]) == sorted(f"daq-burst-{row[0]}" for row in computed)
    assert FedErrorBurst._meta.db_table.upper() == "FED_ERROR_BURSTS"


def test_masking_at_the_start_and_automasking_during_the_run_grow_with_it(demo):
    number, written = demo.run.number, demo.run.written
    channels = get(demo.api, f"/api/v1/masked_channels?filter[run_number]={number}&page[limit]=1000")["data"]
    spans = [(c["attributes"]["source"], c["attributes"]["first_lumisection_number"], c["attributes"]["last_lumisection_number"])
             for c in channels]  # fmt: skip
    with closing(sqlite3.connect(f"file:{settings.SQLITE_PATH}?mode=ro", uri=True)) as week:
        (disabled,) = week.execute("SELECT COUNT(*) FROM PXL_MASKED_CHANNELS WHERE run_number = ? AND source = 'disabled'",
                                   (live.PATTERN_RUN,)).fetchone()  # fmt: skip
    assert [s for s in spans if s[0] == "disabled"] == [("disabled", 1, written)] * disabled  # at the run's start, all of it
    assert all(1 <= first <= last <= written for _, first, last in spans)
    rocs = get(demo.api, f"/api/v1/masked_rocs?filter[run_number]={number}&filter[source]=automask&page[limit]=1000")["data"]
    open_now = [r for r in rocs if r["attributes"]["last_lumisection_number"] == written]
    assert any(r["attributes"]["first_lumisection_number"] > 1 for r in rocs) and open_now  # automasked during the run
    demo.advance(demo.period)
    grown = get(demo.api, f"/api/v1/masked_rocs?filter[run_number]={number}&filter[source]=automask&page[limit]=1000")["data"]
    last = {r["id"]: r["attributes"]["last_lumisection_number"] for r in grown}
    assert {last[r["id"]] for r in open_now} == {written + 1}  # still masked: their intervals grew


def test_the_channel_states_are_the_runs_whole_as_the_fed_monitor_would_write_them(demo):
    """Written step by step (only the channels that changed), they equal the run's states computed
    whole from its masking and errors now: every cabled channel, intervals without gap to the end."""
    from apps.demo_source import daq_generator

    run = demo.run
    whole = daq_generator.channel_states(run.number, run.written, demo.replay.cabling, run.masking(run.written), run.errors)
    with closing(sqlite3.connect(f"file:{demo.path}?mode=ro", uri=True)) as database:
        stored = database.execute("SELECT run_number, fed_id, fed_channel, first_ls, last_ls, state, errors, timeouts, tbm_errors "
                                  "FROM PXL_FED_CHANNEL_STATES WHERE run_number = ? ORDER BY 2, 3, 4", (run.number,)).fetchall()  # fmt: skip
    assert stored == sorted(whole, key=lambda row: row[1:4])
    assert len({row[1:3] for row in stored}) == len(demo.replay.cabling) == 4736
    assert {row[4] for row in stored if row[5] == "enabled"} >= {run.written}


def test_every_dcs_channel_keeps_its_archive_cadence(demo):
    """Every channel's readings arrive at least every HEARTBEAT (the archive's), stamped with the
    wall-clock time of their tick; the HV is on while the run goes on."""
    demo.advance(dcs_generator.HEARTBEAT + dcs_generator.TICK)
    since = datetime.fromtimestamp(int(demo.clock.now - dcs_generator.HEARTBEAT - dcs_generator.TICK), timezone.utc)
    kinds = {"DCS_LV_READINGS": ("lv_analog", "lv_digital"), "DCS_HV_READINGS": ("hv",), "DCS_TEMPERATURES": ("temperature",),
             "DCS_CO2_FLOWS": ("co2",), "DCS_HUMIDITIES": ("humidity",), "DCS_CLEANROOM": ("cleanroom",)}  # fmt: skip
    catalog = dcs_generator.Catalog()
    with closing(sqlite3.connect(f"file:{demo.path}?mode=ro", uri=True)) as database:
        for table, kind in kinds.items():
            expected = {c.channel_id for c in catalog.channels if c.kind in kind}
            recent = {row[0] for row in database.execute(f'SELECT channel_id FROM "{table}" WHERE ts >= ?', (since.strftime("%Y-%m-%d %H:%M:%S"),))}
            assert recent == expected, table
        (newest,) = database.execute('SELECT MAX(ts) FROM "DCS_HV_READINGS"').fetchone()
        states = database.execute('SELECT DISTINCT state FROM "DCS_HV_READINGS" r WHERE ts = (SELECT MAX(ts) FROM '
                                  '"DCS_HV_READINGS" n WHERE n.channel_id = r.channel_id)').fetchall()  # fmt: skip
    assert newest <= datetime.fromtimestamp(int(demo.clock.now), timezone.utc).strftime("%Y-%m-%d %H:%M:%S")
    assert states == [("ON",)]
    hv = get(demo.api, f"/api/v1/hv_channels?filter[time][GE]={iso(demo.clock.now - dcs_generator.HEARTBEAT)}&page[limit]=1")
    assert hv["meta"]["totalResourceCount"] > 0


def test_a_humidity_excursion_asked_for_narrows_the_dew_point_margin_into_an_event(demo):
    asked = demo.clock.now
    demo.incident("humidity")
    _, _, sensor = demo.replay.played[-1]
    demo.advance(live.EXCURSION_LENGTH.total_seconds() / 2)  # its height
    events = get(demo.api, f"/api/v1/events?filter[kind]=out_of_limits&filter[subject]={sensor}"
                           f"&filter[start_time][GE]={iso(asked)}")["data"]  # fmt: skip
    assert [e["attributes"]["text"] for e in events] == [f"Dew point of {sensor} above its limits"]


def test_the_built_demo_database_is_never_written(demo, demo_digest):
    demo.incident("fed_timeouts")
    assert demo.advance(3 * demo.period) == 3
    assert digest(settings.SQLITE_PATH) == demo_digest  # as before the replay (and the tests above) wrote
    assert settings.SQLITE_PATH != demo.path
