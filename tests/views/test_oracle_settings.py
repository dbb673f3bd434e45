"""Pointing pixelws at Oracle (no server here): the settings pick oracledb, leave the demo's
source tables out, and put the view models into the view schema; the system check passes."""
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ORACLE = {"PIXELWS_DB": "oracle", "PIXELWS_ORACLE_DSN": "pixdb.example:1521/cms_omds", "PIXELWS_ORACLE_USER": "reader",
          "PIXELWS_ORACLE_PASSWORD": "secret", "PIXELWS_ORACLE_VIEW_SCHEMA": "cms_pxl_oms",
          "PIXELWS_SECRET_KEY": "a-test-key-long-and-random-enough-for-the-checks-of-django-0123456789"}  # fmt: skip
SHOW = """
import django, json; django.setup()
from django.conf import settings
from pixelws.sqlviews import view_models
print(json.dumps({"engine": settings.DATABASES["default"]["ENGINE"], "dsn": settings.DATABASES["default"]["NAME"],
                  "apps": settings.INSTALLED_APPS, "tables": sorted(m._meta.db_table for m in view_models())}))
"""


def run(*args, env=None):
    env = {**os.environ, **ORACLE, "DJANGO_SETTINGS_MODULE": "pixelws.settings", **(env or {})}
    return subprocess.run([sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def test_oracle_settings():
    shown = run("-c", SHOW)
    assert shown.returncode == 0, shown.stderr
    found = json.loads(shown.stdout)
    assert found["engine"] == "django.db.backends.oracle" and found["dsn"] == ORACLE["PIXELWS_ORACLE_DSN"]
    assert "apps.demo_source" not in found["apps"] and "apps.oms" in found["apps"]
    assert 'CMS_PXL_OMS"."RUNS' in found["tables"] and 'CMS_PXL_OMS"."MASKED_ROCS' in found["tables"]
    assert all(t.startswith('CMS_PXL_OMS"."') for t in found["tables"])


def test_the_system_check_passes_on_oracle_settings():
    checked = run("manage.py", "check")
    assert checked.returncode == 0, checked.stderr


UNREACHABLE = """
import django, json; django.setup()
from django.conf import settings
from tests.jsonapi import ValidatingClient
client = ValidatingClient()
answers = [client.get(url) for url in ("/api/v1/fills/5576", "/readyz")]
print(json.dumps({"options": {k: v for k, v in settings.DATABASES["default"]["OPTIONS"].items() if k != "pool"},
                  "pool": {k: settings.DATABASES["default"]["OPTIONS"]["pool"][k] for k in ("min", "max", "wait_timeout")},
                  "answers": [[a.status_code, a.get("Retry-After"), a.document] for a in answers]}))
"""


def test_timeouts_and_pool_come_from_the_environment_and_an_unreachable_oracle_is_a_503():
    # Nothing listens on the loopback's port 9: the connection is refused, nothing leaves the machine.
    shown = run("-c", UNREACHABLE, env={"PIXELWS_ORACLE_DSN": "127.0.0.1:9/pixdb", "PIXELWS_ORACLE_CONNECT_TIMEOUT": "2",
                                        "PIXELWS_ORACLE_POOL_MAX": "8"})
    assert shown.returncode == 0, shown.stderr
    found = json.loads(shown.stdout)
    assert found["options"] == {"tcp_connect_timeout": 2.0, "retry_count": 0}
    assert found["pool"] == {"min": 1, "max": 8, "wait_timeout": 2000}
    (api_status, retry_after, document), (ready_status, _, _) = found["answers"]
    assert (api_status, retry_after, ready_status) == (503, "10", 503)
    assert document["errors"][0]["detail"] == "The database cannot be reached just now; try again shortly."
