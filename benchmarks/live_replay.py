"""Benchmark (not a test): what the live demo's replay (apps/demo_source/live.py, docs/live.md)
costs. On a temporary copy of the demo database (never the built one), with a clock of its own:

- the copy `make run` makes at start (prepare) and the back-fill of the run's first two hours;
  target: both within 10 s, `make run`'s restart budget;
- one lumisection's write (its rows, the run's masking and channel states rewritten, the bursts
  refreshed, the DCS ticks it covers), as the replay does every 23.31 s / speed; target: a tenth of
  a lumisection at LIVE_SPEED=20 (117 ms), so that the writer never falls behind nor holds the
  readers' file for long.

    .venv/bin/python benchmarks/live_replay.py [--lumisections 40]
"""
import argparse
import statistics
import tempfile
import time
from pathlib import Path

from common import machine, row, setup_django

BACKFILL_TARGET_MS = 10_000
STEP_TARGET_MS = round(23.3104 / 20 / 10 * 1000)  # a tenth of a lumisection at LIVE_SPEED=20


class Clock:
    def __init__(self):
        self.now = float(int(time.time()))

    def __call__(self):
        return self.now


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--lumisections", type=int, default=40)
    args = parser.parse_args()
    setup_django()
    from django.conf import settings

    from apps.demo_source import live

    print(machine())
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "live.sqlite3"
        wall, cpu = time.perf_counter(), time.process_time()
        live.prepare(settings.SQLITE_PATH, path)
        copy_wall, copy_cpu = time.perf_counter() - wall, time.process_time() - cpu
        clock = Clock()
        wall, cpu = time.perf_counter(), time.process_time()
        replay = live.Replay(path, speed=1.0, clock=clock)
        fill_wall, fill_cpu = time.perf_counter() - wall, time.process_time() - cpu
        print(f"Start: a copy of {settings.SQLITE_PATH.stat().st_size / 1e6:.0f} MB, then {replay.run.written} "
              "lumisections back-filled (two hours of the run)")  # fmt: skip
        row("copy, wall-clock", copy_wall * 1000, BACKFILL_TARGET_MS)
        row("copy, CPU", copy_cpu * 1000, BACKFILL_TARGET_MS)
        row("back-fill, wall-clock", fill_wall * 1000, BACKFILL_TARGET_MS)
        row("back-fill, CPU", fill_cpu * 1000, BACKFILL_TARGET_MS)
        row("copy + back-fill, wall-clock", (copy_wall + fill_wall) * 1000, BACKFILL_TARGET_MS)

        walls, cpus = [], []
        for _ in range(args.lumisections):
            clock.now += live.LS_SECONDS
            wall, cpu = time.perf_counter(), time.process_time()
            assert replay.advance() == 1
            walls.append((time.perf_counter() - wall) * 1000)
            cpus.append((time.process_time() - cpu) * 1000)
        print(f"One lumisection's write, over {args.lumisections} (with the DCS ticks each covers):")
        row("median, wall-clock", statistics.median(walls), STEP_TARGET_MS)
        row("median, CPU", statistics.median(cpus), STEP_TARGET_MS)
        row("slowest, wall-clock", max(walls), STEP_TARGET_MS)
        row("slowest, CPU", max(cpus), STEP_TARGET_MS)
        replay.database.close()


if __name__ == "__main__":
    main()
