"""The views' database stays read-only: a write through its connection fails; handovers go to a
database of their own, which serve migrates and nothing else touches. Run as the server runs:
a fresh process with the settings read from the environment."""
import sqlite3
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = """
from django.core.management import call_command
from django.db import connections
try:
    connections["default"].cursor().execute("INSERT INTO oms_fills VALUES (1)")
    print("wrote")
except Exception as error:
    print("refused:", type(error).__name__, error)
call_command("migrate", database="handovers", verbosity=0, interactive=False)
print(sorted(connections["handovers"].introspection.table_names()))
print(sorted(connections["default"].introspection.table_names()))
"""


def test_the_views_database_refuses_writes_and_handovers_have_their_own(tmp_path):
    views = tmp_path / "views.sqlite3"
    with sqlite3.connect(views) as db:
        db.execute("CREATE TABLE oms_fills (fill_number INTEGER)")
    env = {"PATH": "/usr/bin:/bin", "PIXELWS_SQLITE_PATH": str(views), "PIXELWS_HANDOVERS_SQLITE_PATH": str(tmp_path / "h.sqlite3"),
           "PIXELWS_SECRET_KEY": "test", "DJANGO_SETTINGS_MODULE": "pixelws.settings"}  # fmt: skip
    result = subprocess.run([sys.executable, "manage.py", "shell", "--no-imports", "-c", SCRIPT], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=120)  # fmt: skip
    assert result.returncode == 0, result.stderr
    refused, handovers, default = result.stdout.splitlines()
    assert refused == "refused: OperationalError attempt to write a readonly database"
    assert handovers == "['django_migrations', 'pixelws_handover', 'pixelws_handover_reservation']"
    assert default == "['oms_fills']"  # nothing was migrated into the views' database
    with sqlite3.connect(views) as db:
        assert db.execute("SELECT count(*) FROM oms_fills").fetchone() == (0,)
