"""Benchmark (not a test): the API's answers while PDFs are made. Against ``manage.py serve`` as
``make run`` starts it (2 workers × 4 threads, PDF_CONCURRENCY 1 and PDF_QUEUE 1 per worker), two
FED-error PDFs (``/pages/fed_errors.pdf?run=324245``) are asked for at once; meanwhile `/healthz`
and a fill (``/api/v1/fills/7267``) are asked for again and again. Then, idle, the same.

Target (issue 29): /healthz and the fill each ≤ 0.5 s while the PDFs are made (before: 5.5–11.3 s
on sync workers).

    .venv/bin/python benchmarks/pdf_load.py [--port 8140] [--rounds 3]
"""
import argparse
import statistics
import threading
import time
import urllib.error
import urllib.request

from common import machine, row, running_server

TARGET_MS = 500
PDF = "/pages/fed_errors.pdf?run=324245"
PROBES = {"healthz": "/healthz", "fill": "/api/v1/fills/7267"}


def fetch(url, timeout=300):
    try:
        with urllib.request.urlopen(url, timeout=timeout) as answer:
            answer.read()
            return answer.status
    except urllib.error.HTTPError as error:
        return error.code


def timed(url):
    started = time.perf_counter()
    status = fetch(url)
    return status, (time.perf_counter() - started) * 1000


def one_round(base):
    """Two PDFs at once; while either is made, the probes' times. Returns ({probe: [ms]}, [PDF (status, s)])."""
    pdfs, times = [], {name: [] for name in PROBES}

    def make():
        started = time.perf_counter()
        pdfs.append((fetch(base + PDF), time.perf_counter() - started))

    threads = [threading.Thread(target=make) for _ in range(2)]
    for thread in threads:
        thread.start()
    while any(t.is_alive() for t in threads):
        for name, path in PROBES.items():
            status, ms = timed(base + path)
            assert status == 200, (name, status)
            times[name].append(ms)
        time.sleep(0.1)
    return times, pdfs


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8140)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--threads", type=int, default=4)
    args = parser.parse_args()
    print(machine() + "\n")
    with running_server(workers=2, port=args.port, threads=args.threads) as base:
        fetch(base + PDF)  # kaleido's Chromium and the fork server started in one worker at least
        idle = {name: statistics.median(timed(base + path)[1] for _ in range(20)) for name, path in PROBES.items()}
        during, made = {name: [] for name in PROBES}, []
        for _ in range(args.rounds):
            times, pdfs = one_round(base)
            made += pdfs
            for name in PROBES:
                during[name] += times[name]
    print(f"gunicorn 2 workers × {args.threads} threads; {args.rounds} rounds of two FED-error PDFs at once")
    print(f"PDFs: {', '.join(f'{status} in {s:.1f} s' for status, s in made)}")
    for name in PROBES:
        print(f"{name}: {len(during[name])} answers while PDFs were made")
        row(f"{name} idle (median of 20)", idle[name], TARGET_MS)
        row(f"{name} during the PDFs, median", statistics.median(during[name]), TARGET_MS)
        row(f"{name} during the PDFs, slowest", max(during[name]), TARGET_MS)


if __name__ == "__main__":
    main()
