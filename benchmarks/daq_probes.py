"""Benchmark (not a test): server time of the DAQ probes, database to plotly figure, and
``fed_errors`` of one run through the API against raw SQL + JSON, on the demo database
(make demo-db), in-process.

Targets: FED errors of run 324245 per LS per type, the error ROC map, the readback map of one
run, the readback distribution (and its refusal of a run without readbacks) and the readback trend,
each ≤ 150 ms; 10 000 fed_errors rows through the API ≤ 2 × raw SQL + orjson.

    .venv/bin/python benchmarks/daq_probes.py [--repeats 20]
"""
import argparse
import logging
import statistics

from common import cpu_timings_ms, machine, row, setup_django, timings_ms

RUN = 324245  # 2100 lumisections, the timeout storm
NO_READBACKS = 324361  # the week's last run: the readback page's default, refused
TARGET_MS = 150
FIGURE = "fields[plots]=title,empty,figure,table"  # what the pages ask for


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=20)
    args = parser.parse_args()
    print(machine() + "\n")
    setup_django()
    logging.getLogger("django.request").setLevel(logging.ERROR)  # the refusal's 400, measured 40 times, is no news
    from django.test import Client

    from api_throughput import in_process
    from apps.geometry.phase1 import MAP_NAMES
    from pixelws.probes import prepare_all

    client = Client()
    (prepared,) = timings_ms(prepare_all, 1)  # static geometry and cabling, as each gunicorn worker starts

    def median_ms(url):
        assert client.get(url).status_code == 200, url
        return statistics.median(timings_ms(lambda: client.get(url), args.repeats))

    print(f"DAQ probes, run {RUN}, median of {args.repeats} (server time, in-process):")
    row("FED errors per LS per type (fed_errors_per_ls)", median_ms(f"/api/v1/plots/fed_errors_per_ls?run={RUN}&{FIGURE}"), TARGET_MS)
    for map_name in MAP_NAMES:
        row(f"error ROC map {map_name} (fed_error_roc_map)",
            median_ms(f"/api/v1/plots/fed_error_roc_map?run={RUN}&map={map_name}&{FIGURE}"), TARGET_MS)
    for map_name in ("BPix_L1", "BPix_L4"):
        row(f"readback map {map_name}, Vana (readback_map)",
            median_ms(f"/api/v1/plots/readback_map?run={RUN}&map={map_name}&{FIGURE}"), TARGET_MS)
    # The readback probes in wall and CPU time (this process's, all its threads: the wall time of
    # an idle machine, whatever else runs; the trend's slices run in two threads).
    refusal = f"/api/v1/plots/readback_distribution?run={NO_READBACKS}&{FIGURE}"
    assert client.get(refusal).status_code == 400, refusal
    for label, url in (("readback_distribution, Vana", f"/api/v1/plots/readback_distribution?run={RUN}&{FIGURE}"),
                       ("readback_trend (every run's readbacks), Vd", f"/api/v1/plots/readback_trend?quantity=vd&{FIGURE}"),
                       (f"readback_distribution refused: run {NO_READBACKS} has none", refusal)):  # fmt: skip
        row(label, statistics.median(timings_ms(lambda: client.get(url), args.repeats)), TARGET_MS)
        row("  the same, CPU time", statistics.median(cpu_timings_ms(lambda: client.get(url), args.repeats)), TARGET_MS)
    print("  others, for information:")
    for probe in ("fed_error_heatmap", "top_feds", "top_fed_channels", "fed_errors_by_type"):
        row(f"  {probe}", median_ms(f"/api/v1/plots/{probe}?run={RUN}&{FIGURE}"), TARGET_MS)
    row("  fed_channel_history", median_ms(f"/api/v1/plots/fed_channel_history?fed_channel=1212/17&{FIGURE}"), TARGET_MS)
    row("  top_feds of a shift", median_ms(f"/api/v1/plots/top_feds?shift=2018-10-09/evening&{FIGURE}"), TARGET_MS)
    row("  (once per process, at worker start: every probe's static work)", prepared, TARGET_MS)
    print()
    in_process(min(args.repeats, 11), "fed_errors", f"filter[run_number]={RUN}", f"WHERE run_number = {RUN}",
               "run_number DESC, lumisection_number, fed_id, fed_channel, error_type")


if __name__ == "__main__":
    main()
