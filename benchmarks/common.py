"""What the benchmark scripts share: Django set up on the demo database, and a real server."""
import contextlib
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the project's modules, and the tests' real server

from tests.live.serving import served  # noqa: E402


def setup_django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pixelws.settings")
    import django

    django.setup()


def timings_ms(action, repeats):
    """Wall time of ``repeats`` calls of ``action``, in ms."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return times


def cpu_timings_ms(action, repeats):
    """This process's CPU time, all its threads together, for ``repeats`` calls of ``action``, in ms:
    the in-process work (the ORM, SQLite), whatever else the machine runs."""
    times = []
    for _ in range(repeats):
        start = time.process_time()
        action()
        times.append((time.process_time() - start) * 1000)
    return times


@contextlib.contextmanager
def one_slice():
    """pixelws.downsampling's query in one slice, on one core, as it runs in a transaction."""
    from pixelws import downsampling

    cores, downsampling.PARALLEL_SLICES = downsampling.PARALLEL_SLICES, 1
    try:
        yield
    finally:
        downsampling.PARALLEL_SLICES = cores


_yardstick = []


def yardstick_s():
    """The machine's CPU yardstick: the CPU seconds of a fixed pure-Python loop
    (``for i in range(10**7): s += i*i``), best of three. Figures from machines of different speed
    compare in its units (a time divided by the yardstick); ~1.1 s here, ~0.5 s on a recent laptop."""
    if not _yardstick:
        best = float("inf")
        for _ in range(3):
            start, s = time.process_time(), 0
            for i in range(10**7):
                s += i * i
            best = min(best, time.process_time() - start)
        _yardstick.append(best)
    return _yardstick[0]


def units(value_ms):
    """A time in ms as yardstick units."""
    return value_ms / 1000 / yardstick_s()


def target_text(target_ms):
    """A time target in ms and in yardstick units, as every benchmark prints it."""
    return f"{target_ms} ms = {units(target_ms):.3f} units"


def row(label, value_ms, target_ms):
    """One figure with its ratio to its target, and in yardstick units."""
    print(
        f"  {label:<58} {value_ms:8.1f} ms = {units(value_ms):6.3f} units"
        f"   {value_ms / target_ms:5.2f} × target ({target_text(target_ms)})"
    )


def machine():
    return (
        f"Machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f} (other work skews the figures);"
        f" CPU yardstick {yardstick_s():.3f} s (units below: a time divided by it)"
    )


@contextlib.contextmanager
def running_server(workers=2, port=None, pids=None, threads=4):
    """``manage.py serve`` (gunicorn, as ``make run``) on ``port`` (else a free one); yields its
    base URL. ``pids``, a list, receives the server's process id (gunicorn's master)."""
    with served("--workers", str(workers), "--threads", str(threads), port=port, pids=pids) as base:
        yield base


def children(pid):
    """The process ids whose parent is ``pid`` (gunicorn's workers, of its master)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def peak_rss_mb(pid):
    """The process's peak resident memory (VmHWM), in MB; None once it has ended."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None
