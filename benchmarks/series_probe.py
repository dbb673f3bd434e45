"""Benchmark (not a test): the generic series probe on the demo database (make demo-db), in-process,
database to plotly figure as the Explore page asks for it (server time, median of N); a downsampling
over time also in one slice (pixelws.downsampling cuts SQLite's query into one slice per core).

Targets: a week of the largest DCS resource (hv_channels) in 1000 buckets per layer ≤ 300 ms; a
histogram of lumisections.pileup over the week ≤ 100 ms.

    .venv/bin/python benchmarks/series_probe.py [--repeats 7]
"""
import argparse
import statistics

from common import machine, one_slice, row, setup_django, timings_ms

WEEK = "filter[time][GE]=2018-10-08T00:00:00Z&filter[time][LT]=2018-10-17T00:00:00Z"
FIGURE = "fields[plots]=title,empty,figure"
CASES = [
    ("hv_channels current, a week in 1000 buckets, per layer", f"resource=hv_channels&x=time&y=current&group=layer&{WEEK}", 300),
    ("the same, BPix only (subdetector=BPix)", f"resource=hv_channels&x=time&y=current&group=layer&filter[subdetector]=BPix&{WEEK}", 300),
    ("lumisections pileup histogram, the week, 50 bins", "resource=lumisections&x=pileup&kind=histogram", 100),
    ("delivered lumi per LS of run 324245 (2100 LS)", "resource=lumisections&x=lumisection_number&y=delivered_lumi"
     "&filter[run_number]=324245&buckets=3000", 100),
    ("delivered lumi vs pileup, the week, 2000 points sampled", "resource=lumisections&x=pileup&y=delivered_lumi&kind=scatter", 100),
]  # fmt: skip


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args()
    print(machine() + "\n")
    setup_django()
    from django.test import Client

    client = Client()
    print(f"The series probe (/api/v1/plots/series), median of {args.repeats}:")
    for label, query, target in CASES:
        url = f"/api/v1/plots/series?{query}&{FIGURE}"
        response = client.get(url)
        assert response.status_code == 200, response.content[:300]
        probe_ms = statistics.median(timings_ms(lambda: client.get(url), args.repeats))
        row(f"{label} ({len(response.content) / 1e6:.2f} MB)", probe_ms, target)
        if "x=time" in query:
            with one_slice():
                serial_ms = statistics.median(timings_ms(lambda: client.get(url), args.repeats))
            row("    the same, its query in one slice (one core)", serial_ms, target)


if __name__ == "__main__":
    main()
