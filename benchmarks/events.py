"""Benchmark (not a test): the events resource on the demo database (make demo-db), in-process,
the whole request (view query to JSON:API document), median of N: every event of each shift of
the demo week (worst and median shift), and every event of the week; then the Events timeline of
a shift (the events going on in it), the Shift report's timeline portlet (alarms first, routine
kinds counted) and a time plot's markers. Wall time, and this process's CPU
time (its own work, whatever else the machine runs).

Targets: a shift's events ≤ 100 ms, the demo week's ≤ 300 ms.

    .venv/bin/python benchmarks/events.py [--repeats 5]
"""
import argparse
import os
import statistics
from datetime import datetime, timezone

from common import cpu_timings_ms, machine, row, setup_django, target_text, timings_ms

SHIFT_TARGET_MS, WEEK_TARGET_MS = 100, 300
SINCE, UNTIL = datetime(2018, 10, 8, 6, tzinfo=timezone.utc), datetime(2018, 10, 16, 6, tzinfo=timezone.utc)
ISO = "%Y-%m-%dT%H:%M:%SZ"
PLOTS = {  # a shift's timeline (the events going on in it) and time plots with markers
    "the timeline of the week's last shift": "/api/v1/plots/events_timeline?shift=2018-10-15/night",
    "the timeline of the LV trip's shift": "/api/v1/plots/events_timeline?shift=2018-10-09/night",
    "its What happened, alarms first, routine kinds counted": "/api/workspace/pages/shift_report/portlets/24?shift=2018-10-09/night",
    "LV currents of the LV trip's shift, marked": "/api/v1/plots/dcs_series?resource=lv_channels&value=current&shift=2018-10-09/night",
    "FED errors per LS of run 324245, marked": "/api/v1/plots/fed_errors_per_ls?run=324245",
}  # fmt: skip


def url(since, until):
    return (f"/api/v1/events?filter[start_time][GE]={since:{ISO}}&filter[start_time][LT]={until:{ISO}}"
            "&sort=start_time&page[limit]=10000")  # fmt: skip


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    print(machine() + "\n")
    os.environ["PIXELWS_SHARED_QUERY_SECONDS"] = "0"  # each request queries alone: what one plot costs, not a cache hit
    setup_django()
    from django.test import Client

    from pixelws.shifts import Shift

    client = Client()

    def fetch(path):
        response = client.get(path)
        assert response.status_code == 200, response.content[:300]
        return response

    def measure(label, path, target):
        wall = statistics.median(timings_ms(lambda: fetch(path), args.repeats))
        cpu = statistics.median(cpu_timings_ms(lambda: fetch(path), args.repeats))
        row(label, wall, target)
        print(f"  {'    its CPU time':<58} {cpu:8.1f} ms   {cpu / target:5.2f} × target ({target_text(target)})")

    shifts, shift = [], Shift.at(SINCE)
    while shift.start < UNTIL:
        shifts.append(shift)
        shift = shift.step(1)
    measured = []
    for shift in shifts:
        events = len(fetch(url(shift.start, shift.end)).json()["data"])
        cpu = statistics.median(cpu_timings_ms(lambda: fetch(url(shift.start, shift.end)), args.repeats))
        measured.append((cpu, shift, events))
    print(f"Every event of a shift, {len(shifts)} shifts, median of {args.repeats} each (chosen by CPU time):")
    worst = max(measured, key=lambda m: m[0])
    middle = sorted(measured, key=lambda m: m[0])[len(measured) // 2]
    measure(f"  the median shift ({middle[1]}, {middle[2]} events)", url(middle[1].start, middle[1].end), SHIFT_TARGET_MS)
    measure(f"  the slowest shift ({worst[1]}, {worst[2]} events)", url(worst[1].start, worst[1].end), SHIFT_TARGET_MS)
    events = len(fetch(url(SINCE, UNTIL)).json()["data"])
    print(f"Every event of the week ({SINCE:%Y-%m-%d %H:%M} – {UNTIL:%Y-%m-%d %H:%M} UTC, {events} events):")
    measure("  the whole week", url(SINCE, UNTIL), WEEK_TARGET_MS)
    print("The events going on in a shift or a run, on the pages:")
    for label, path in PLOTS.items():
        measure(f"  {label}", path, SHIFT_TARGET_MS)


if __name__ == "__main__":
    main()
