"""Benchmark (not a test): the Shift report of 2018-10-09/evening as a PDF, against a real
gunicorn worker (``manage.py serve --workers 1``) on the demo database, with the time of each
stage from the response's Server-Timing header: queries (every portlet, in-process), figures →
SVG (what drawing the plots took beyond the queries: Chromium draws each plot while the next
portlets are queried) and layout (WeasyPrint).

Targets: cold (the first PDF of a new worker: kaleido starts its Chromium) ≤ 8 s; warm (the
next ones, Chromium kept) ≤ 3 s.

    .venv/bin/python benchmarks/report_pdf.py [--repeats 5]
"""
import argparse
import statistics
import time
import urllib.request

from common import machine, running_server

URL = "/pages/shift_report.pdf?shift=2018-10-09/evening"
COLD_TARGET_S, WARM_TARGET_S = 8, 3


def fetch_pdf(base):
    start = time.perf_counter()
    request = urllib.request.Request(base + URL, data=b"notes.13=Benchmark+notes", method="POST")
    with urllib.request.urlopen(request, timeout=60) as response:
        body = response.read()
        timing = response.headers["Server-Timing"]
    assert body.startswith(b"%PDF"), body[:100]
    stages = dict(part.strip().split(";dur=") for part in timing.split(","))
    return time.perf_counter() - start, {name: float(ms) / 1000 for name, ms in stages.items()}, len(body)


def line(label, seconds, stages, target):
    parts = " · ".join(f"{name} {value:.2f} s" for name, value in stages.items())
    print(f"  {label:<7} {seconds:6.2f} s  {seconds / target:5.2f} × target ({target} s)   [{parts}]")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    print(machine() + "\n")
    with running_server(workers=1) as base:
        cold, stages, size = fetch_pdf(base)
        print(f"Shift report PDF, {URL} ({size // 1024} kB), one gunicorn worker:")
        line("cold", cold, stages, COLD_TARGET_S)
        warm = [fetch_pdf(base) for _ in range(args.repeats)]
        median = statistics.median(w[0] for w in warm)
        typical = min(warm, key=lambda w: abs(w[0] - median))
        line("warm", median, typical[1], WARM_TARGET_S)
        print(f"  (warm: median of {args.repeats}; stages of the request nearest the median)")


if __name__ == "__main__":
    main()
