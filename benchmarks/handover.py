"""Benchmark (not a test): handing a shift over, POST /api/workspace/handovers (the Shift report's
PDF made, then stored with the handover), against a real gunicorn worker (``manage.py serve
--workers 1``) on the demo database. The handovers go to a throw-away database
(PIXELWS_HANDOVERS_SQLITE_PATH in a temporary folder), never to var/handovers.sqlite3.

Target: warm (kaleido's Chromium already started by an earlier PDF) ≤ 3 s.

    .venv/bin/python benchmarks/handover.py [--repeats 5]
"""
import argparse
import http.cookiejar
import json
import os
import re
import statistics
import tempfile
import time
import urllib.request

from common import machine, running_server, units

WARM_TARGET_S = 3
# Shifts of the demo week with runs: each handed over once (a shift takes at most 20 versions).
SHIFTS = [f"2018-10-{day:02d}/{name}" for day in range(9, 16) for name in ("morning", "evening", "night")]


def hand_over(opener, base, token, shift):
    body = {"data": {"type": "handovers", "attributes": {"shift": shift, "shifter": "Benchmark", "notes": "Benchmark notes"}}}
    request = urllib.request.Request(f"{base}/api/workspace/handovers", data=json.dumps(body).encode(), method="POST",
                                     headers={"Content-Type": "application/vnd.api+json", "X-CSRFToken": token})  # fmt: skip
    start = time.perf_counter()
    with opener.open(request, timeout=60) as response:
        document = json.loads(response.read())
    assert response.status == 201, document
    return time.perf_counter() - start, document["data"]["attributes"]["pdf_size"]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    print(machine() + "\n")
    with tempfile.TemporaryDirectory() as folder:
        os.environ["PIXELWS_HANDOVERS_SQLITE_PATH"] = os.path.join(folder, "handovers.sqlite3")
        with running_server(workers=1) as base:
            opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
            page = opener.open(f"{base}/pages/shift_report?shift={SHIFTS[0]}").read().decode()
            token = re.search(r'name="csrf-token" content="([^"]+)"', page).group(1)
            cold, size = hand_over(opener, base, token, SHIFTS[0])
            print(f"Handover (Shift report PDF made and stored, {size // 1024} kB), one gunicorn worker:")
            print(f"  cold    {cold:6.2f} s   (kaleido's Chromium starts)")
            warm = [hand_over(opener, base, token, shift)[0] for shift in SHIFTS[1 : 1 + args.repeats]]
            median = statistics.median(warm)
            print(f"  warm    {median:6.2f} s  {median / WARM_TARGET_S:5.2f} × target ({WARM_TARGET_S} s = {units(WARM_TARGET_S * 1000):.2f} units)   "
                  f"(median of {len(warm)}: {', '.join(f'{w:.2f}' for w in warm)})")  # fmt: skip


if __name__ == "__main__":
    main()
