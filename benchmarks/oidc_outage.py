"""Benchmark (not a test): the API while the identity provider is down. A real server (gunicorn, 2
workers, as ``make run``) with CERN SSO on, whose JWKS URL is a black hole (a socket that takes
connections and never answers); clients send JWT-shaped strings, 4 at a time. Before the back-off
each such request held a worker for the fetch's timeout (5 s): ~0.4 requests/s. Target: one fetch
per worker (3 s; the requests queued behind it on that worker wait with it), then every answer is
a 503 with Retry-After at once; ≥ 50 requests/s overall.

    .venv/bin/python benchmarks/oidc_outage.py [--requests 200]
"""
import argparse
import base64
import json
import os
import socket
import statistics
import time
import urllib.error
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor

from common import machine, running_server


def jwt_shaped():
    part = lambda d: base64.urlsafe_b64encode(json.dumps(d).encode()).rstrip(b"=").decode()  # noqa: E731
    return f"{part({'alg': 'RS256', 'kid': uuid.uuid4().hex})}.{part({'sub': 'x'})}.{part({'s': 1})}"


def ask(url):
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {jwt_shaped()}"})
    start = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            status, retry_after = response.status, response.headers.get("Retry-After")
    except urllib.error.HTTPError as error:
        status, retry_after = error.code, error.headers.get("Retry-After")
    return status, retry_after, (time.perf_counter() - start) * 1000


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()
    black_hole = socket.socket()
    black_hole.bind(("127.0.0.1", 0))
    black_hole.listen(64)  # connections complete in the kernel's backlog; nothing ever answers
    os.environ.update({"PIXELWS_OIDC_ISSUER": "https://auth.example/realms/cern", "PIXELWS_OIDC_AUDIENCE": "pixelws",
                       "PIXELWS_OIDC_JWKS_URL": f"http://127.0.0.1:{black_hole.getsockname()[1]}/certs"})  # fmt: skip
    print(machine())
    with running_server(workers=2) as base:
        start = time.perf_counter()
        with ThreadPoolExecutor(4) as pool:
            answers = list(pool.map(lambda _: ask(f"{base}/api/v1/fills/5576"), range(args.requests)))
        elapsed = time.perf_counter() - start
    statuses = sorted({(status, retry_after is not None) for status, retry_after, _ in answers})
    times = sorted(ms for *_, ms in answers)
    slow = sum(ms > 1000 for ms in times)
    print(f"{args.requests} requests with JWT-shaped strings, JWKS unreachable: {args.requests / elapsed:.1f} requests/s")
    print(f"  (status, Retry-After given): {statuses}")
    print(f"  latency p50 {statistics.median(times):.1f} ms, max {times[-1]:.0f} ms; {slow} requests over 1 s "
          "(each worker's one fetch, and the requests queued behind it)")


if __name__ == "__main__":
    main()
