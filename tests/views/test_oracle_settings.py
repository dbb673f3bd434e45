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


def run(*args):
    env = {**os.environ, **ORACLE, "DJANGO_SETTINGS_MODULE": "pixelws.settings"}
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
