"""Benchmark (not a test): the events resource on the demo database (make demo-db), in-process,
wall time of the whole request (view query to JSON:API document), median of N: every event of
each shift of the demo week (worst and median shift), and every event of the week.

Targets: a shift's events ≤ 100 ms, the demo week's ≤ 300 ms.

    .venv/bin/python benchmarks/events.py [--repeats 5]
"""
import argparse
import statistics
from datetime import datetime, timezone

from common import machine, row, setup_django, timings_ms

SHIFT_TARGET_MS, WEEK_TARGET_MS = 100, 300
SINCE, UNTIL = datetime(2018, 10, 8, 6, tzinfo=timezone.utc), datetime(2018, 10, 16, 6, tzinfo=timezone.utc)
ISO = "%Y-%m-%dT%H:%M:%SZ"


def url(since, until):
    return (f"/api/v1/events?filter[start_time][GE]={since:{ISO}}&filter[start_time][LT]={until:{ISO}}"
            "&sort=start_time&page[limit]=10000")  # fmt: skip


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    print(machine() + "\n")
    setup_django()
    from django.test import Client

    from pixelws.shifts import Shift

    client = Client()

    def fetch(since, until):
        response = client.get(url(since, until))
        assert response.status_code == 200, response.content[:300]
        return len(response.json()["data"])

    shifts, shift = [], Shift.at(SINCE)
    while shift.start < UNTIL:
        shifts.append(shift)
        shift = shift.step(1)
    measured = []
    for shift in shifts:
        events = fetch(shift.start, shift.end)
        ms = statistics.median(timings_ms(lambda: fetch(shift.start, shift.end), args.repeats))
        measured.append((ms, shift, events))
    print(f"Every event of a shift, {len(shifts)} shifts, median of {args.repeats} each:")
    worst = max(measured, key=lambda m: m[0])
    middle = sorted(measured, key=lambda m: m[0])[len(measured) // 2]
    row(f"  the median shift ({middle[1]}, {middle[2]} events)", middle[0], SHIFT_TARGET_MS)
    row(f"  the slowest shift ({worst[1]}, {worst[2]} events)", worst[0], SHIFT_TARGET_MS)
    events = fetch(SINCE, UNTIL)
    print(f"Every event of the week ({SINCE:%Y-%m-%d %H:%M} – {UNTIL:%Y-%m-%d %H:%M} UTC, {events} events):")
    row("  the whole week", statistics.median(timings_ms(lambda: fetch(SINCE, UNTIL), args.repeats)), WEEK_TARGET_MS)


if __name__ == "__main__":
    main()
