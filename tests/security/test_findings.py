"""The security findings of issue 12, each closed: frontend test files not served, a
Content-Security-Policy, the workspace shell GET/HEAD only, no fixed secret key, and the port
check of `serve` as gunicorn binds."""
import os
import shutil
import socket
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_the_frontends_code_is_served_and_its_tests_are_not(client):
    assert client.get("/static/js/format.js").status_code == 200
    assert client.get("/static/css/workspace.css").status_code == 200
    assert (ROOT / "frontend" / "tests" / "format.test.mjs").exists()
    assert client.get("/static/tests/format.test.mjs").status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/pages/lumi_deadtime", "/api/v1/runs"])
def test_every_answer_has_a_content_security_policy(client, path):
    policy = client.get(path)["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
    assert directives["default-src"] == "'self'" and directives["script-src"] == "'self'"
    assert directives["img-src"] == "'self' data: blob:" and directives["frame-ancestors"] == "'none'"


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_the_workspace_shell_answers_get_and_head_only(client, method):
    response = getattr(client, method)("/pages/lumi_deadtime")
    assert response.status_code == 405 and response["Allow"] == "GET, HEAD"
    assert client.head("/pages/lumi_deadtime").status_code == 200


def settings_of(environment, folder=ROOT):
    """SECRET_KEY as a fresh process computes it from ``environment`` in ``folder``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PIXELWS_")} | environment
    shown = subprocess.run([sys.executable, "-c", "from pixelws import settings; print(settings.SECRET_KEY)"],
                           cwd=folder, env=env, capture_output=True, text=True, timeout=60)  # fmt: skip
    return shown


def test_production_without_a_secret_key_refuses_to_start():
    shown = settings_of({"PIXELWS_DB": "oracle"})
    assert shown.returncode != 0 and "PIXELWS_SECRET_KEY is not set" in shown.stderr


def test_the_demo_makes_its_own_secret_key_once(tmp_path):
    # The settings module copied, as a fresh checkout has it: its var/ is made beside it.
    (tmp_path / "pixelws").mkdir()
    for name in ("__init__.py", "settings.py"):
        shutil.copy(ROOT / "pixelws" / name, tmp_path / "pixelws" / name)
    first, second = settings_of({}, tmp_path), settings_of({}, tmp_path)
    key = first.stdout.strip()
    assert first.returncode == 0 and len(key) >= 50 and "insecure" not in key
    assert second.stdout.strip() == key  # kept: every worker and restart signs alike
    assert key != settings.SECRET_KEY  # made, not written in the code
    assert stat.S_IMODE((tmp_path / "var" / "secret_key").stat().st_mode) == 0o600


def test_serve_check_ignores_connections_left_in_time_wait():
    # A stopped server's connections stay in TIME_WAIT for a minute; gunicorn binds anyway.
    with socket.socket() as listener:
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as gunicorn listens
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        port = listener.getsockname()[1]
        client = socket.create_connection(("127.0.0.1", port))
        accepted, _ = listener.accept()
        accepted.close()  # the server side closes first: its end goes to TIME_WAIT
        client.close()
    call_command("serve", port=port, check=True)  # raised "Port … is already in use"


def test_check_deploy_is_clean_with_production_settings():
    production = {"PIXELWS_DB": "oracle", "PIXELWS_ORACLE_DSN": "pixdb.example:1521/cms_omds", "PIXELWS_HTTPS": "1",
                  "PIXELWS_SECRET_KEY": "k" + "x9_Q" * 16, "PIXELWS_ALLOWED_HOSTS": "pixelws.cern.ch"}  # fmt: skip
    # (not the browser tests' DJANGO_ALLOW_ASYNC_UNSAFE, which no deployment sets)
    env = {k: v for k, v in os.environ.items() if not k.startswith("PIXELWS_") and k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env |= production
    checked = subprocess.run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
                             cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)  # fmt: skip
    assert checked.returncode == 0, checked.stderr
    assert checked.stdout.strip() == "System check identified no issues (1 silenced)."
