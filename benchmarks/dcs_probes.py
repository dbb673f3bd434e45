"""Benchmark (not a test): DCS series downsampled in SQL to 1000 buckets over the demo week, on the
demo database (make demo-db), in-process: the query alone (pixelws.downsampling) and the whole
dcs_series probe (database to plotly figure, as the page asks for it), in wall time; then the probe
with its query in one slice (one core), and its CPU time over all cores (the work it costs). On
SQLite the downsampling query runs in one slice per core, in threads (pixelws.downsampling): on a
busy machine the wall time grows towards the one-slice figure.

Target: ≤ 200 ms each for a week of one layer's leakage currents and of all LV channels, as the
pages ask for them (per layer, per BPix / FPix supply); per channel on request.

Then dcs_out_of_limits as the pages ask for it (the Shift report: all 7 reading resources over a
shift; Leakage currents: the HV channels over the newest shift) and over the week, wall and CPU
time. Target: ≤ 150 ms for the Shift report's selection.

    .venv/bin/python benchmarks/dcs_probes.py [--repeats 7] [--out-of-limits]
"""
import argparse
import statistics
from datetime import datetime, timezone

from common import cpu_timings_ms, machine, one_slice, row, setup_django, timings_ms

TARGET_MS = 200
SINCE, UNTIL = datetime(2018, 10, 8, 6, tzinfo=timezone.utc), datetime(2018, 10, 16, 6, tzinfo=timezone.utc)
WEEK = "since=2018-10-08T06:00:00Z&until=2018-10-16T06:00:00Z"
FIGURE = "fields[plots]=title,empty,figure"
OUT_OF_LIMITS_TARGET_MS = 150
OUT_OF_LIMITS = [
    ("the Shift report's: all 7 reading resources, shift 2018-10-09/evening", "shift=2018-10-09/evening"),
    ("Leakage currents': hv_channels, shift 2018-10-16/morning", "resource=hv_channels&shift=2018-10-16/morning"),
    ("all 7 over the week", WEEK),
]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--out-of-limits", action="store_true", help="only dcs_out_of_limits")
    args = parser.parse_args()
    print(machine() + "\n")
    setup_django()
    from django.db.models.functions import Substr
    from django.test import Client

    from apps.dcs.models import LeakageCurrent, LvReading
    from pixelws.downsampling import downsample

    client = Client()
    cases = [
        ("layer-1 leakage per module at 20 °C, one line for the layer (the default)", LeakageCurrent.objects.filter(layer=1),
         "corrected_per_module", ("subdetector", "layer", "ring"), "resource=leakage_currents&value=corrected_per_module&layer=1"),
        ("layer-1 leakage per module at 20 °C, per channel (24)", LeakageCurrent.objects.filter(layer=1),
         "corrected_per_module", ("channel",), "resource=leakage_currents&value=corrected_per_module&layer=1&group=channel"),
        ("all LV channels' currents, BPix / FPix analog / digital (the default)",
         LvReading.objects.annotate(subdetector=Substr("channel", 1, 4)), "current", ("subdetector", "supply"),
         "resource=lv_channels&value=current"),
        ("all LV channels' currents, per channel (88)", LvReading.objects.all(), "current", ("channel",),
         "resource=lv_channels&value=current&group=channel"),
    ]  # fmt: skip
    if not args.out_of_limits:
        print(f"A week ({SINCE:%Y-%m-%d %H:%M} – {UNTIL:%Y-%m-%d %H:%M} UTC) in 1000 buckets, median of {args.repeats}:")
    for label, rows, value, by, query in [] if args.out_of_limits else cases:
        groups = downsample(rows, value, since=SINCE, until=UNTIL, by=by)
        readings = sum(b.count for filled in groups.values() for b in filled)
        print(f"  {label}: {readings} readings")
        query_ms = statistics.median(timings_ms(lambda: downsample(rows, value, since=SINCE, until=UNTIL, by=by), args.repeats))
        row("    the downsampling query (rows → buckets)", query_ms, TARGET_MS)
        url = f"/api/v1/plots/dcs_series?{query}&{WEEK}&{FIGURE}"
        response = client.get(url)
        assert response.status_code == 200, response.content[:300]
        probe_ms = statistics.median(timings_ms(lambda: client.get(url), args.repeats))
        row(f"    the dcs_series probe ({len(response.content) / 1e6:.1f} MB figure)", probe_ms, TARGET_MS)
        with one_slice():
            serial_ms = statistics.median(timings_ms(lambda: client.get(url), args.repeats))
        row("    the same, its query in one slice (one core)", serial_ms, TARGET_MS)
        cpu_ms = statistics.median(cpu_timings_ms(lambda: client.get(url), args.repeats))
        print(f"      the probe's CPU time, all cores together (its work)     {cpu_ms:8.1f} ms")
    print(f"\ndcs_out_of_limits, median of {args.repeats}:")
    for label, query in OUT_OF_LIMITS:
        url = f"/api/v1/plots/dcs_out_of_limits?{query}&fields[plots]=title,table,sources"
        response = client.get(url)
        assert response.status_code == 200, response.content[:300]
        print(f"  {label}: {response.json()['data']['attributes']['title']}")
        row("    wall time", statistics.median(timings_ms(lambda: client.get(url), args.repeats)), OUT_OF_LIMITS_TARGET_MS)
        cpu_ms = statistics.median(cpu_timings_ms(lambda: client.get(url), args.repeats))
        print(f"      CPU time                                                 {cpu_ms:8.1f} ms")


if __name__ == "__main__":
    main()
