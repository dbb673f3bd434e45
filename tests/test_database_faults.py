"""When the database fails: a JSON:API 503 with Retry-After while it is unreachable, a 504 past
the time limit, a view or column missing named; never an HTML 500, and recovery without a restart
(a database built by build_demo_db, migrated and renamed into place, under the running server).
The week's OMS rows, made in that other process, are the suite's own."""
import hashlib
import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection
from django.test import override_settings

from tests.jsonapi import error_of, get

# A worker whose first module this is builds the demo database in its setup (a fresh clone's
# first run): minutes on a machine busy with other work.
pytestmark = [pytest.mark.long, pytest.mark.timeout(900)]

ROOT = Path(__file__).resolve().parents[1]

# A server process on a database file that is not there, then built while it runs. The build is
# the command's own (lock, migrations into a new file, rename into place, digest, summary) with
# one row in it: fill 5576; the week's rows are made (not written) to compare with the suite's.
MOVED_AWAY = """
import io, json, os, random, sys
sys.path.insert(0, os.getcwd())
import django
django.setup()
from django.core.management import call_command
from apps.demo_source import generator
from apps.demo_source.models import OmsFill
from tests.jsonapi import ValidatingClient
from tests.test_database_faults import fingerprint

client, seen = ValidatingClient(), {}
def answer(url):
    response = client.get(url)
    return {"status": response.status_code, "retry_after": response.get("Retry-After"), "document": response.document}
seen["missing"] = answer("/api/v1/fills/5576")
seen["probe"] = answer("/api/v1/plots/inst_lumi?run=324245")
seen["ready"] = answer("/readyz")
seen["created"] = os.path.exists(os.environ["PIXELWS_SQLITE_PATH"])
def fill_5576():
    OmsFill.objects.create(**generator.FILL_5576)
    return {"OMS_FILLS": 1}
generator.build = fill_5576
built = io.StringIO()
call_command("build_demo_db", stdout=built)
seen["built"] = built.getvalue()
seen["back"] = answer("/api/v1/fills/5576")
seen["ready_again"] = answer("/readyz")
rng = random.Random(generator.SEED)  # generator.build's first steps: the week's OMS rows
rows = {generator.OmsFill: [OmsFill(**generator.FILL_5576)], generator.OmsRun: [], generator.OmsLumisection: [], generator.OmsDeadtime: []}
for fill in generator.plan_fills(rng, 18):
    generator.make_fill(rng, fill, rows)
seen["fingerprint"] = fingerprint(*([vars(o) for o in rows[model]] for model in (generator.OmsFill, generator.OmsRun, generator.OmsLumisection)))
print(json.dumps(seen))
"""

FINGERPRINTED = {
    "fills": ("fill_number", "start_time", "end_time", "delivered_lumi", "recorded_lumi", "peak_lumi"),
    "runs": ("run_number", "fill_number", "start_time", "end_time"),
    "lumisections": ("run_number", "lumisection_number", "start_time", "init_lumi", "end_lumi", "pileup"),
}


def fingerprint(fills, runs, lumisections):
    """Row counts and a digest of OMS's fills, runs and lumisections (rows as dicts by field
    name): what every other table of the demo week is made to follow."""
    def value(v):  # as stored: a time in seconds, a number a float (fill 5576's peak_lumi=0 reads 0.0)
        return v.timestamp() if hasattr(v, "timestamp") else float(v) if isinstance(v, int) else v

    result = {}
    for name, rows in zip(FINGERPRINTED, (fills, runs, lumisections)):
        fields = FINGERPRINTED[name]
        values = sorted(tuple(value(row[f]) for f in fields) for row in rows)
        result[name] = [len(values), hashlib.sha256(repr(values).encode()).hexdigest()]
    return result


@pytest.fixture(scope="module")
def moved_away(tmp_path_factory):
    path = tmp_path_factory.mktemp("db") / "pixelws.sqlite3"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "pixelws.settings", "PIXELWS_SQLITE_PATH": str(path)}
    run = subprocess.run([sys.executable, "-c", MOVED_AWAY], cwd=ROOT, env=env, capture_output=True, text=True, timeout=240)
    assert run.returncode == 0, run.stderr[-3000:]
    return json.loads(run.stdout.splitlines()[-1])


def test_a_missing_database_file_is_a_503_with_retry_after_and_stays_missing(moved_away):
    for answer in (moved_away["missing"], moved_away["probe"]):
        assert answer["status"] == 503 and answer["retry_after"] == "10"
        assert answer["document"]["errors"] == [{"status": "503", "title": "Service Unavailable",
                                                 "detail": "The database cannot be reached just now; try again shortly."}]
    assert moved_away["created"] is False  # SQLite made an empty database in its place


def test_readyz_fails_while_the_database_is_missing_and_passes_when_it_is_back(moved_away):
    assert moved_away["ready"]["status"] == 503
    assert moved_away["ready_again"]["status"] == 200


def test_a_database_built_under_a_running_server_is_served_without_a_restart(moved_away):
    assert moved_away["built"] == "Demo database rebuilt (asked for): 1 OMS_FILLS.\n"
    assert moved_away["back"]["status"] == 200
    assert moved_away["back"]["document"]["data"]["attributes"]["fill_number"] == 5576


@pytest.mark.django_db
def test_the_weeks_rows_made_in_another_process_are_the_served_demo_data(moved_away):
    """The demo week is deterministic: OMS's rows, made in a process of its own (another hash
    seed), are those of the database the suite runs on. The pixel, DCS and DAQ rows follow them
    from the same seed; their exact values are the probes' tests' (e.g. tests/daq/test_probes.py's
    broken ROCs, tests/dcs' trip and excursion)."""
    from apps.demo_source.models import OmsFill, OmsLumisection, OmsRun

    served = fingerprint(*(model.objects.values(*FINGERPRINTED[name]) for name, model in
                           zip(FINGERPRINTED, (OmsFill, OmsRun, OmsLumisection))))  # fmt: skip
    assert served["lumisections"][0] > 20_000 and served["runs"][0] > 40
    assert moved_away["fingerprint"] == served


@pytest.mark.django_db
def test_a_query_over_the_time_limit_is_a_504(api):
    with override_settings(PIXELWS_QUERY_TIMEOUT=0.001):
        error = error_of(api, "/api/v1/lumisections?page[limit]=10000&sort=-delivered_lumi,recorded_lumi", 504)
    assert error["title"] == "Gateway Timeout"
    assert error["detail"].startswith("The database took longer than 0.001 s to answer;")
    assert api.get("/api/v1/lumisections?page[limit]=10000").status_code == 200  # the connection goes on


def replace_runs_view(select_columns):
    """Break the contract for this test only (SQLite's DDL is rolled back with the test's
    transaction): RUNS becomes a view of ``select_columns`` of the real one, or is dropped."""
    with connection.cursor() as cursor:
        cursor.execute("""SELECT sql FROM sqlite_master WHERE name = 'RUNS'""")
        definition = cursor.fetchone()[0]
        cursor.execute('DROP VIEW "RUNS"')
        if select_columns:
            cursor.execute(definition.replace('CREATE VIEW "RUNS"', 'CREATE VIEW "RUNS_WHOLE"', 1))
            cursor.execute(f'CREATE VIEW "RUNS" AS SELECT {select_columns} FROM "RUNS_WHOLE"')


@pytest.mark.django_db
def test_a_missing_view_is_named_and_logged(api, caplog):
    replace_runs_view(None)
    with caplog.at_level(logging.ERROR, logger="pixelws.database"):
        error = error_of(api, "/api/v1/runs", 500)
    assert error["detail"] == ("The database does not match pixelws: the view RUNS is missing. "
                               "The operators are told (manage.py check_views).")
    assert "view contract broken: the view RUNS is missing" in caplog.text


@pytest.mark.django_db
def test_a_missing_column_is_named_with_its_view_and_logged(api, caplog):
    replace_runs_view('"RUN_NUMBER", "FILL_NUMBER", "END_TIME"')
    assert get(api, "/api/v1/runs?fields=run_number,fill_number&page[limit]=1")["data"]
    with caplog.at_level(logging.ERROR, logger="pixelws.database"):
        error = error_of(api, "/api/v1/runs?fields=run_number,era", 500)
    assert "the view RUNS has no column ERA." in error["detail"]
    assert "view contract broken: the view RUNS has no column ERA" in caplog.text
