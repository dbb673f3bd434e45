"""Benchmark (not a test): server time of the masking probes, database to plotly figure, on the
demo database (make demo-db), in-process.

Targets: a full-detector map set for one run (six ROC maps and the summary) ≤ 150 ms; the
masked-over-time probe for a 2000-LS run ≤ 300 ms.

    .venv/bin/python benchmarks/pixel_probes.py [--repeats 20]
"""
import argparse
import statistics

from common import machine, row, setup_django, timings_ms

RUN = 324245  # 2100 lumisections
MAP_SET_TARGET_MS, OVER_TIME_TARGET_MS = 150, 300
FIGURE = "fields[plots]=title,empty,figure,table"  # what the pages ask for


def median_ms(action, repeats):
    return statistics.median(timings_ms(action, repeats))



def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=20)
    args = parser.parse_args()
    print(machine() + "\n")
    setup_django()
    from django.test import Client

    from apps.geometry.phase1 import MAP_NAMES
    from apps.oms.models import Run

    client = Client()
    urls = [f"/api/v1/plots/roc_map?run={RUN}&map={m}&{FIGURE}" for m in MAP_NAMES]
    urls.append(f"/api/v1/plots/masked_summary?run={RUN}&{FIGURE}")

    def map_set():
        for url in urls:
            assert client.get(url).status_code == 200, url

    from pixelws.probes import prepare_all

    (prepared,) = timings_ms(prepare_all, 1)  # the static map geometry, as each gunicorn worker starts
    last_ls = Run.objects.get(run_number=RUN).last_lumisection_number
    over_time = f"/api/v1/plots/masked_over_time?run={RUN}&{FIGURE}"
    print(f"Masking probes, run {RUN} ({last_ls} LS), median of {args.repeats} (server time, in-process):")
    row("full-detector map set (6 ROC maps + summary)", median_ms(map_set, args.repeats), MAP_SET_TARGET_MS)
    row("  (once per process, at worker start: the static map geometry)", prepared, MAP_SET_TARGET_MS)
    for url in urls:
        row(f"  {url.split('?')[0].rsplit('/', 1)[1]} {url.split('map=')[1].split('&')[0] if 'map=' in url else ''}",
            median_ms(lambda: client.get(url), args.repeats), MAP_SET_TARGET_MS)
    row(f"masked_over_time ({last_ls} LS)", median_ms(lambda: client.get(over_time), args.repeats), OVER_TIME_TARGET_MS)
    for probe in ("roc_map_comparison?map=BPix_L4&", "masked_roc_changes?", "roc_history?roc=BPix_BmI_SEC2_LYR1_LDR2F_MOD3_ROC0&"):
        url = f"/api/v1/plots/{probe}run={RUN}&{FIGURE}".replace("ROC0&run=324245", "ROC0")
        row(probe.split("?")[0], median_ms(lambda: client.get(url), args.repeats), MAP_SET_TARGET_MS)


if __name__ == "__main__":
    main()
