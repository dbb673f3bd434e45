"""`manage.py serve` as `make run` starts it: gunicorn inside the command's own process, its
workers forked with pixelws already loaded (Django, the views, WeasyPrint), the handovers'
database migrated, /readyz answering, and a PDF laid out by a worker's fork server, which starts
in the background."""
import json
import os
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import closing, contextmanager
from pathlib import Path

import pytest

pytestmark = pytest.mark.long

ROOT = Path(__file__).resolve().parents[1]


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def children(pid):
    return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]


def get(url, timeout=120):
    with urllib.request.urlopen(url, timeout=timeout) as answer:
        return answer.status, answer.headers["Content-Type"], answer.read()


def readyz(base):
    try:
        return get(base + "/readyz", timeout=5)
    except urllib.error.HTTPError as error:
        return error.code, error.headers["Content-Type"], error.read()


@contextmanager
def serving(views_database, handovers_database, workers=2):
    """`manage.py serve --workers 2` (or ``workers``) on these databases, until /readyz answers."""
    port = free_port()
    env = {**os.environ, "PIXELWS_SQLITE_PATH": str(views_database), "PIXELWS_HANDOVERS_SQLITE_PATH": str(handovers_database)}
    server = subprocess.Popen([sys.executable, "manage.py", "serve", "--port", str(port), "--workers", str(workers)],
                              cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(1200):  # 120 s at most, on a machine busy with the other tests
            try:
                readyz(base)
                break
            except OSError:
                assert server.poll() is None, "serve ended"
                time.sleep(0.1)
        yield server, base
    finally:
        server.terminate()
        server.wait(timeout=60)
    assert server.stdout.readline() == f"pixelws at {base}/  (API: {base}/api/v1/)\n"


@pytest.fixture
def served(django_db_setup, tmp_path):
    """On the demo database and a new handovers database."""
    from django.conf import settings

    with serving(settings.SQLITE_PATH, tmp_path / "handovers.sqlite3") as (server, base):
        yield server, base, tmp_path / "handovers.sqlite3"


def test_serve_forks_workers_with_pixelws_loaded_and_answers(served):
    from pixelws.sqlviews import view_models

    server, base, handovers = served
    status, _, body = readyz(base)
    assert status == 200 and json.loads(body) == {"meta": {"status": "ready", "views": len(view_models())}}
    command = Path(f"/proc/{server.pid}/cmdline").read_bytes()
    workers = [pid for pid in children(server.pid) if Path(f"/proc/{pid}/cmdline").read_bytes() == command]
    assert len(workers) == 2  # forked from the command's process, not a gunicorn started afresh
    assert "libpango" in Path(f"/proc/{server.pid}/maps").read_text()  # WeasyPrint loaded before the fork
    with closing(sqlite3.connect(handovers)) as database:
        assert database.execute("select count(*) from pixelws_handover").fetchone() == (0,)  # migrated

    status, content_type, pdf = get(base + "/pages/roc_history.pdf?roc=BPix_BmI_SEC1_LYR1_LDR1F_MOD1_ROC12")
    assert (status, content_type, pdf[:5]) == (200, "application/pdf", b"%PDF-")


def test_serve_starts_without_the_views_database_and_says_so(tmp_path):
    with serving(tmp_path / "not-built.sqlite3", tmp_path / "handovers.sqlite3") as (server, base):
        status, content_type, body = readyz(base)
        assert server.poll() is None  # still serving
    assert (status, content_type) == (503, "application/vnd.api+json")
    (error,) = json.loads(body)["errors"]
    assert error["detail"] == "The database cannot be reached: unable to open database file"
