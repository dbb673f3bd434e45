"""Benchmark (not a test): load and fault drills against gunicorn on the loopback, on the demo
database (make demo-db).

1. Load: ``--clients`` concurrent clients for ``--seconds`` on a mix of OMS-client queries, the
   widest pages (10 000 dead times and lumisections), probes and workspace pages: requests/s,
   p50/p99, errors (must be 0), the workers' memory before and after (must stay flat, < 250 MB).
2. Fault: the same load while the database file is moved away for 10 s: only 503s while it is
   gone, 200s again within 5 s after it is back, and no worker restarted.

    .venv/bin/python benchmarks/load_drill.py [--seconds 60] [--clients 16]
"""
import argparse
import os
import statistics
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from api_throughput import OMS_CLIENT_QUERIES, RUN
from common import ROOT, machine, running_server

MIX = [path for _, path in OMS_CLIENT_QUERIES] + [
    "/api/v1/deadtimes?page[limit]=10000",
    f"/api/v1/plots/inst_lumi?run={RUN}",
    f"/api/v1/plots/masked_summary?run={RUN}",
    f"/pages/lumi_deadtime?run={RUN}",
    "/readyz",
]
NO_DATABASE = {"/api/v1/lumisections/meta", f"/pages/lumi_deadtime?run={RUN}"}  # answer without it
DATABASE = Path(os.environ.get("PIXELWS_SQLITE_PATH", ROOT / "var" / "pixelws.sqlite3"))


def status_of(url):
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return "connection error"


def load(base, clients, seconds):
    """[(start, ms, status, path)] of every request ``clients`` loops made for ``seconds``."""
    results, lock, end = [], threading.Lock(), time.monotonic() + seconds

    def client(number):
        i = number
        while time.monotonic() < end:
            start = time.monotonic()
            path = MIX[i % len(MIX)]
            status = status_of(base + path)
            with lock:
                results.append((start, (time.monotonic() - start) * 1000, status, path))
            i += 1

    with ThreadPoolExecutor(clients) as pool:
        list(pool.map(client, range(clients)))
    return results


def workers(port):
    """{pid: RSS MB} of the gunicorn workers serving ``port``."""
    found = {}
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            command = Path(f"/proc/{pid}/cmdline").read_bytes()
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            continue
        if b"gunicorn" in command and f"127.0.0.1:{port}".encode() in command:
            fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
            found[int(pid)] = (int(fields["PPid"]), int(fields["VmRSS"].split()[0]) // 1024)
    return {pid: rss for pid, (parent, rss) in found.items() if parent in found}


def percentile(values, fraction):
    values = sorted(values)
    return values[min(len(values) - 1, round(fraction * (len(values) - 1)))]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--clients", type=int, default=16)
    args = parser.parse_args()
    print(machine())
    with running_server() as base:
        port = int(base.rsplit(":", 1)[1])
        before = workers(port)
        print(f"\n1. Load: {args.clients} clients for {args.seconds} s, {len(MIX)} URLs in turn")
        results = load(base, args.clients, args.seconds)
        times = [ms for _, ms, _, _ in results]
        statuses = Counter(status for _, _, status, _ in results)
        after = workers(port)
        print(f"  {len(results) / args.seconds:.1f} requests/s, p50 {statistics.median(times):.0f} ms, "
              f"p99 {percentile(times, 0.99):.0f} ms, statuses {dict(statuses)}")
        print(f"  errors: {sum(n for s, n in statuses.items() if s != 200)}")
        print(f"  worker memory (MB) before {sorted(before.values())}, after {sorted(after.values())}")

        print("\n2. Fault: the same load; the database file is moved away for 10 s after 5 s")
        away = DATABASE.with_name(DATABASE.name + ".away")
        times = {}

        def fault():
            time.sleep(5)
            times["gone"] = time.monotonic()
            os.rename(DATABASE, away)
            time.sleep(10)
            os.rename(away, DATABASE)
            times["back"] = time.monotonic()

        mover = threading.Thread(target=fault)
        mover.start()
        results = load(base, args.clients, 25)
        mover.join()
        gone, back = times["gone"], times["back"]
        gone_for = [(s, path in NO_DATABASE) for start, ms, s, path in results if start >= gone + 0.5 and start + ms / 1000 <= back]
        served_after = sorted(start for start, _, s, path in results if start >= back and s == 200 and path not in NO_DATABASE)
        late = [s for start, _, s, _ in results if start >= back + 5 and s != 200]
        print(f"  while gone, URLs that read the database: {dict(Counter(s for s, free in gone_for if not free))} (only 503 expected);"
              f" the others (/meta, the shell): {dict(Counter(s for s, free in gone_for if free))}")
        first = f"{served_after[0] - back:.2f} s" if served_after else "never"
        print(f"  first 200 after it is back: {first}; errors from 5 s after: {len(late)}")
        print(f"  workers before {sorted(after)}, after {sorted(workers(port))} (the same: none restarted)")


if __name__ == "__main__":
    main()
