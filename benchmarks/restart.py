"""Benchmark (not a test): `make run` again with nothing changed, its three steps as make runs
them, each a fresh process: the port check, ``build_demo_db --if-changed`` (which keeps the
demo database: its inputs' digest still matches) and gunicorn until /readyz answers.

Target: ≤ 10 s in all. Run `make demo-db` (or `make run`) first, so that there is a database to keep.

    .venv/bin/python benchmarks/restart.py [--repeats 3]
"""
import argparse
import statistics
import subprocess
import sys
import time
import urllib.request

from common import ROOT, free_port, machine, running_server

TARGET_S = 10


def timed(*command):
    start = time.perf_counter()
    run = subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, capture_output=True, text=True, check=True)
    return time.perf_counter() - start, run.stdout.strip()


def serving():
    start = time.perf_counter()
    with running_server(workers=2) as base:
        while time.perf_counter() - start < 60:  # running_server waits 10 s at most
            try:
                with urllib.request.urlopen(base + "/readyz", timeout=30) as answer:
                    if answer.status == 200:
                        return time.perf_counter() - start
            except OSError:
                time.sleep(0.05)
    raise RuntimeError("gunicorn did not answer /readyz within 60 s")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    repeats = parser.parse_args().repeats
    print(f"make run again, nothing changed (median of {repeats}); {machine()}")
    checks, keeps, serves = [], [], []
    for _ in range(repeats):
        checks.append(timed("serve", "--port", str(free_port()), "--check")[0])
        seconds, said = timed("build_demo_db", "--if-changed")
        assert said.startswith("Demo database kept"), said  # a rebuild is not what this measures
        keeps.append(seconds)
        serves.append(serving())
    steps = {"port check": checks, "build_demo_db --if-changed": keeps, "gunicorn until /readyz": serves}
    for label, times in steps.items():
        print(f"  {label:<28} {statistics.median(times):6.2f} s")
    total = sum(statistics.median(times) for times in steps.values())
    print(f"  {'in all':<28} {total:6.2f} s   {total / TARGET_S:5.2f} × target ({TARGET_S} s)")


if __name__ == "__main__":
    main()
