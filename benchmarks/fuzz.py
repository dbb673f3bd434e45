"""Benchmark (not a test): a seeded fuzz of the series probe, the selection endpoint, a page's
PDF, a portlet's content, the events and the handovers' POST (tests/security/fuzz.py makes the
requests) against a real server (gunicorn, 2 workers, the demo database; the handovers in a
throw-away database), at most 4 requests at once, port 8102 unless --port. The handovers are
posted as the page posts them (its CSRF cookie and token), so that their checks are reached.

Targets (issues 19, 29): no 5xx among ≥ 3000 requests, and no worker's peak memory over 300 MB.

    .venv/bin/python benchmarks/fuzz.py [--count 3000] [--seed 19]
"""
import argparse
import collections
import os
import re
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor

from common import ROOT, children, machine, peak_rss_mb, running_server, setup_django

TARGET_MB = 300
AT_ONCE = 4


def send(base, request):
    """(status, seconds) of one request; a connection closed without an answer is status 0."""
    if request.body is not None:
        data = request.body.encode()
    else:
        data = urllib.parse.urlencode(request.form).encode() if request.method == "POST" else None
    sent = urllib.request.Request(base + request.path, data=data, method=request.method, headers=request.headers)
    started = time.monotonic()
    try:
        with urllib.request.urlopen(sent, timeout=120) as response:
            response.read()
            status = response.status
    except urllib.error.HTTPError as error:
        error.read()
        status = error.code
    except OSError:
        status = 0
    return status, time.monotonic() - started


def as_the_page(base):
    """The Shift report's CSRF cookie and token, as its handover's POST carries them."""
    with urllib.request.urlopen(f"{base}/pages/shift_report", timeout=60) as page:
        cookie = re.search(r"csrftoken=([^;]+)", page.headers["Set-Cookie"]).group(1)
        token = re.search(r'name="csrf-token" content="([^"]+)"', page.read().decode()).group(1)
    return {"Cookie": f"csrftoken={cookie}", "X-CSRFToken": token}


def kind(request):
    path = request.path.split("?")[0]
    if path.endswith(".pdf"):
        return "pdf"
    if "/portlets/" in path:
        return "portlet"
    return path.rsplit("/", 1)[-1]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=19)
    parser.add_argument("--port", type=int, default=8102)
    args = parser.parse_args()
    print(machine() + "\n")
    setup_django()
    sys.path.insert(0, str(ROOT))
    from pixelws.dialect import registry
    from tests.security.fuzz import requests

    todo = list(requests(args.seed, args.count, dict(registry.items())))
    pids, workers, peaks = [], set(), {}
    statuses, failures, slowest = collections.Counter(), [], []
    lock = threading.Lock()
    folder = tempfile.TemporaryDirectory()
    os.environ["PIXELWS_HANDOVERS_SQLITE_PATH"] = os.path.join(folder.name, "handovers.sqlite3")
    with folder, running_server(workers=2, port=args.port, pids=pids) as base:
        page_headers = as_the_page(base)
        for request in todo:
            if request.body is not None:
                request.headers = {**page_headers, **request.headers}

        def one(request):
            status, seconds = send(base, request)
            with lock:
                statuses[status] += 1
                slowest.append((seconds, request.method, request.path[:120]))
                if status >= 500 or status == 0:
                    failures.append((status, request))
                workers.update(children(pids[0]))
                for pid in workers:
                    peak = peak_rss_mb(pid)
                    if peak is not None:
                        peaks[pid] = max(peaks.get(pid, 0), peak)

        started = time.monotonic()
        with ThreadPoolExecutor(AT_ONCE) as pool:
            list(pool.map(one, todo))
        took = time.monotonic() - started
    kinds = collections.Counter(kind(r) for r in todo)
    print(f"{len(todo)} requests (seed {args.seed}), {AT_ONCE} at once, in {took:.0f} s: {dict(kinds)}")
    print(f"Statuses: {dict(sorted(statuses.items()))}")
    print(f"5xx or no answer: {len(failures)} (target 0)")
    for status, request in failures[:20]:
        print(f"  {status} {request.method} {request.path} {request.headers or ''}")
    print(f"Workers' peak memory: {', '.join(f'{p:.0f} MB' for p in peaks.values())} (target ≤ {TARGET_MB} MB each)")
    print("Slowest:")
    for seconds, method, path in sorted(slowest, reverse=True)[:5]:
        print(f"  {seconds:6.1f} s {method} {path}")


if __name__ == "__main__":
    main()
