"""When the database fails: a JSON:API 503 with Retry-After while it is unreachable, a 504 past
the time limit, a view or column missing named; never an HTML 500, and recovery without a restart
(the demo database built, whole, under the running server: the same data as the suite's)."""
import json
import logging
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection
from django.test import override_settings

from tests.jsonapi import error_of, get

# The build below takes a minute of CPU: on a machine busy with other work, many minutes.
pytestmark = [pytest.mark.long, pytest.mark.timeout(900)]

ROOT = Path(__file__).resolve().parents[1]

# A server process on a database file that is not there, then built while it runs.
MOVED_AWAY = """
import io, json, os, sys
sys.path.insert(0, os.getcwd())
import django
django.setup()
from django.core.management import call_command
from tests.jsonapi import ValidatingClient

client, seen = ValidatingClient(), {}
def answer(url):
    response = client.get(url)
    return {"status": response.status_code, "retry_after": response.get("Retry-After"), "document": response.document}
seen["missing"] = answer("/api/v1/fills/5576")
seen["probe"] = answer("/api/v1/plots/inst_lumi?run=324245")
seen["ready"] = answer("/readyz")
seen["created"] = os.path.exists(os.environ["PIXELWS_SQLITE_PATH"])
built = io.StringIO()
call_command("build_demo_db", stdout=built)
seen["built"] = built.getvalue()
seen["back"] = answer("/api/v1/fills/5576")
seen["ready_again"] = answer("/readyz")
from tests.test_database_faults import fingerprint
seen["fingerprint"] = fingerprint()
print(json.dumps(seen))
"""


def fingerprint():
    """Counts and sums of the demo data's largest tables, and a materialised view's rows
    (pixelws.sqlviews, materialised again from the rows just written)."""
    from django.db.models import Sum

    from apps.demo_source.models import DcsHvReading, OmsLumisection, PxlMaskedRoc
    from apps.events.models import ReadbackOutlier

    return [
        OmsLumisection.objects.count(),
        OmsLumisection.objects.aggregate(Sum("init_lumi"))["init_lumi__sum"],
        PxlMaskedRoc.objects.count(),
        PxlMaskedRoc.objects.aggregate(Sum("first_ls"))["first_ls__sum"],
        DcsHvReading.objects.count(),
        DcsHvReading.objects.aggregate(Sum("imon"))["imon__sum"],
        sorted(ReadbackOutlier.objects.values_list("outlier_id", flat=True)),
    ]


@pytest.fixture(scope="module")
def moved_away(tmp_path_factory):
    path = tmp_path_factory.mktemp("db") / "pixelws.sqlite3"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "pixelws.settings", "PIXELWS_SQLITE_PATH": str(path)}
    run = subprocess.run([sys.executable, "-c", MOVED_AWAY], cwd=ROOT, env=env, capture_output=True, text=True, timeout=840)
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
    assert moved_away["back"]["status"] == 200
    assert moved_away["back"]["document"]["data"]["attributes"]["fill_number"] == 5576


@pytest.mark.django_db
def test_the_build_in_another_process_is_identical_to_the_served_demo_data(moved_away):
    """The demo week is deterministic: the build under the server above, in a process of its own,
    holds the same rows as the database the suite runs on, and says how many it wrote."""
    served = fingerprint()
    assert moved_away["fingerprint"] == served
    written = dict((table, int(n)) for n, table in re.findall(r"(\d+) (\w+)", moved_away["built"].split(":", 1)[1]))
    assert moved_away["built"].startswith("Demo database rebuilt (asked for): ")
    assert (written["OMS_LUMISECTIONS"], written["PXL_MASKED_ROCS"], written["DCS_HV_READINGS"]) == (served[0], served[2], served[4])
    assert len(served[6]) == 20


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
