"""Benchmark (not a test): a server worker's peak memory for the series shapes of issue 19 (High
1–2), each answered by the budget before any row is read, and the largest shapes the budget lets
through. One gunicorn worker on the demo database (make demo-db), port 8102 unless --port.

Target: the worker's peak resident memory ≤ 300 MB whatever the query.

    .venv/bin/python benchmarks/series_memory.py
"""
import argparse
import time
import urllib.error
import urllib.request

from common import children, machine, peak_rss_mb, running_server

SHAPES = [
    ("29 696 ROCs × 2 y × 2000 buckets (High 1)", "resource=readbacks&x=vana&y=vd,va&group=roc_name&buckets=2000&fields[plots]=empty"),
    ("144 channels × 6 y × 5000 buckets (High 2)", "resource=hv_channels&x=time&y=voltage,current,warning_low,warning_high,alarm_low,alarm_high"
     "&group=channel&buckets=5000"),
    ("144 channels × 10 y × 5000 buckets (High 2)", "resource=hv_channels&x=time&y=voltage,current,warning_low,warning_high,alarm_low,alarm_high,"
     "reading_id,layer,ring,modules&group=channel&buckets=5000"),
    ("all 10 numeric y of hv_channels × 5000 buckets, no group", "resource=hv_channels&x=time&y=voltage,current,warning_low,warning_high,alarm_low,alarm_high,"
     "reading_id,layer,ring,modules&buckets=5000"),
    ("144 channels × 1 y × 1000 buckets (within the budget)", "resource=hv_channels&x=time&y=current&group=channel&buckets=1000"),
    ("44 power groups × 3 y × 1000 buckets (within the budget)", "resource=hv_channels&x=time&y=voltage,current,warning_high"
     "&group=power_group&buckets=1000"),
    ("44 power groups × 4 y × 1000 buckets (over the budget)", "resource=hv_channels&x=time&y=voltage,current,warning_high,alarm_high"
     "&group=power_group&buckets=1000"),
    ("lumisections, 5000 buckets × 6 y, grouped by run", "resource=lumisections&x=start_time&y=delivered_lumi,recorded_lumi,pileup,init_lumi,"
     "end_lumi,prescale_index&group=run_number&buckets=5000"),
]  # fmt: skip
TARGET_MB = 300


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8102)
    args = parser.parse_args()
    print(machine() + "\n")
    pids = []
    with running_server(workers=1, port=args.port, pids=pids) as base:
        [worker] = children(pids[0])
        print(f"One worker (pid {worker}), peak {peak_rss_mb(worker):.0f} MB after start.\n")
        print(f"  {'shape':<58} {'status':>6} {'time':>7} {'answer':>9} {'worker peak':>12}")
        for label, query in SHAPES:
            started = time.monotonic()
            try:
                with urllib.request.urlopen(f"{base}/api/v1/plots/series?{query}", timeout=120) as response:
                    status, size = response.status, len(response.read())
            except urllib.error.HTTPError as error:
                status, size = error.code, len(error.read())
            peak = peak_rss_mb(worker)
            print(f"  {label:<58} {status:>6} {time.monotonic() - started:6.1f}s {size / 1e6:7.2f}MB {peak:9.0f} MB"
                  f"{'' if peak <= TARGET_MB else '  OVER ' + str(TARGET_MB) + ' MB'}")  # fmt: skip
        print(f"\nWorker peak {peak_rss_mb(worker):.0f} MB (target ≤ {TARGET_MB} MB).")


if __name__ == "__main__":
    main()
