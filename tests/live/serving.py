"""A real server (`manage.py serve`, gunicorn's two workers, as `make run`) on a copy of the demo
database that the test grows (tests/live/growing.py) while the server reads it: the test's writes
are committed, as a replay's are, and each worker sees them at its next query."""
import contextlib
import os
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from contextlib import closing
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def copy_database(source, target):
    """The demo database copied page by page (SQLite's backup), never changed in place."""
    with closing(sqlite3.connect(f"file:{source}?mode=ro", uri=True)) as demo, closing(sqlite3.connect(target)) as copy:
        demo.backup(copy)


@contextlib.contextmanager
def served(*options, port=None, pids=None, env=None):
    """`manage.py serve --port P *options` (gunicorn, as `make run`) with ``env`` (else this
    process's), on ``port`` (else a free one); yields its URL once it is ready. ``pids``, a list,
    receives the server's process id (serve execs gunicorn: its master)."""
    port = port or free_port()
    server = subprocess.Popen([sys.executable, "manage.py", "serve", "--port", str(port), *options],
                              cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    if pids is not None:
        pids.append(server.pid)
    try:
        for _ in range(1200):  # 120 s at most, on a machine busy with other work
            try:
                urllib.request.urlopen(f"{base}/readyz", timeout=5)
                break
            except OSError:
                assert server.poll() is None, "serve ended"
                time.sleep(0.1)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=60)


@contextlib.contextmanager
def serving(database, directory, port=None, pids=None, **settings):
    """`manage.py serve --workers 2` on ``database`` with PIXELWS_<name> ``settings``, on ``port``
    (else a free one); yields its URL once it answers. ``pids``, a list, receives gunicorn's master's."""
    env = {**os.environ, "PIXELWS_SQLITE_PATH": str(database), "PIXELWS_HANDOVERS_SQLITE_PATH": str(directory / "handovers.sqlite3"),
           **{f"PIXELWS_{name}": str(value) for name, value in settings.items()}}  # fmt: skip
    with served("--workers", "2", port=port, pids=pids, env=env) as base:
        yield base
