"""Benchmark (not a test): `make run` again with nothing changed, its three steps as make runs
them, each a fresh process: the port check, ``build_demo_db --if-changed`` (which keeps the
demo database: its inputs' digest still matches) and gunicorn until /readyz answers (``serve``
runs gunicorn in its own process and forks the workers with pixelws loaded). Beside each step's
time, the CPU seconds its processes used (the gunicorn step's: the server and its workers, until
it stopped; not the workers' PDF fork servers, which start in the background).

Target: ≤ 10 s in all. Run `make demo-db` (or `make run`) first, so that there is a database to keep.

    .venv/bin/python benchmarks/restart.py [--repeats 3]
"""
import argparse
import resource
import statistics
import subprocess
import sys
import time
import urllib.request

from common import ROOT, machine, running_server, units
from tests.live.serving import free_port

TARGET_S = 10


def children_cpu():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(*command):
    start = time.perf_counter()
    run = subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, capture_output=True, text=True, check=True)
    return time.perf_counter() - start, run.stdout.strip()


def with_cpu(step, *args):
    """(wall seconds, CPU seconds of the processes the step ran, what it said)."""
    cpu = children_cpu()
    seconds, *said = step(*args)
    return seconds, children_cpu() - cpu, *said


def serving():
    start = time.perf_counter()
    with running_server(workers=2) as base:
        while time.perf_counter() - start < 60:  # running_server waits 10 s at most
            try:
                with urllib.request.urlopen(base + "/readyz", timeout=30) as answer:
                    if answer.status == 200:
                        return (time.perf_counter() - start,)
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
        checks.append(with_cpu(timed, "serve", "--port", str(free_port()), "--check")[:2])
        seconds, cpu, said = with_cpu(timed, "build_demo_db", "--if-changed")
        assert said.startswith("Demo database kept"), said  # a rebuild is not what this measures
        keeps.append((seconds, cpu))
        serves.append(with_cpu(serving))
    steps = {"port check": checks, "build_demo_db --if-changed": keeps, "gunicorn until /readyz": serves}
    for label, runs in steps.items():
        wall, cpu = (statistics.median(run[i] for run in runs) for i in (0, 1))
        print(f"  {label:<28} {wall:6.2f} s   (CPU {cpu:5.2f} s)")
    total = sum(statistics.median(run[0] for run in runs) for runs in steps.values())
    print(f"  {'in all':<28} {total:6.2f} s   {total / TARGET_S:5.2f} × target ({TARGET_S} s = {units(TARGET_S * 1000):.2f} units)")


if __name__ == "__main__":
    main()
