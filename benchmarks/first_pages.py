"""Benchmark (not a test): every resource's first page, as OMS's client, Explore and the API's own
links ask for it, on the demo database (make demo-db). In-process (Django's test client, the whole
response), median of N: no filter, then one filter on an indexed attribute. Then SQLite's
``EXPLAIN QUERY PLAN`` of each first page's row query and of its ``totalResourceCount``.
Target: ≤ 50 ms each.

    .venv/bin/python benchmarks/first_pages.py [--repeats 7] [--no-plans]
"""
import argparse
import statistics

from common import cpu_timings_ms, machine, setup_django, target_text, timings_ms

TARGET_MS = 50
# One filter per resource on an attribute its source tables index (docs/oracle.md).
FILTERED = {
    "eras": "filter[name][EQ]=2018D",
    "fills": "filter[fill_number][EQ]=7269",
    "runs": "filter[fill_number][EQ]=7269",
    "lumisections": "filter[run_number][EQ]=324245",
    "deadtimes": "filter[run_number][EQ]=324245",
    "pixel_modules": "filter[name][EQ]=BPix_BmI_SEC1_LYR1_LDR1F_MOD1",
    "pixel_rocs": "filter[module_name][EQ]=BPix_BmI_SEC1_LYR1_LDR1F_MOD1",
    "masked_rocs": "filter[run_number][EQ]=324245",
    "masked_channels": "filter[run_number][EQ]=324245",
    "power_groups": "filter[name][EQ]=BPix_BmI_SEC1",
    "lv_channels": "filter[channel][EQ]=BPix_BmI_SEC1_LV_D",
    "hv_channels": "filter[channel][EQ]=BPix_BmI_SEC1_HV_L1",
    "leakage_currents": "filter[channel][EQ]=BPix_BmI_SEC1_HV_L1",
    "temperatures": "filter[time][GE]=2018-10-12T00:00:00Z",
    "co2_flows": "filter[time][GE]=2018-10-12T00:00:00Z",
    "humidities": "filter[time][GE]=2018-10-12T00:00:00Z",
    "cleanroom_probes": "filter[time][GE]=2018-10-12T00:00:00Z",
    "castor_probes": "filter[time][GE]=2018-10-12T00:00:00Z",
    "pixel_feds": "filter[fed_id][EQ]=1300",
    "fed_channels": "filter[run_number][EQ]=324245",
    "fed_errors": "filter[run_number][EQ]=324245",
    "readbacks": "filter[run_number][EQ]=324245",
    "events": "filter[start_time][GE]=2018-10-12T00:00:00Z",
    "handovers": "filter[shift][EQ]=2018-10-09/evening",
}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--no-plans", action="store_true", help="figures only")
    args = parser.parse_args()
    setup_django()
    from django.db import router
    from django.test import Client

    from pixelws.dialect import registry
    from pixelws.query_plans import query_plan, selects_run_by

    print(machine())
    print(f"Each resource's first page through the API, in-process, median of {args.repeats} (target ≤ {target_text(TARGET_MS)}):")
    print("  wall time (CPU time of this process: the wall time on an idle machine, whatever else runs)")
    print(f"  {'resource':<18} {'no filter':>20} {'one filter':>20}   filter")
    client = Client()
    worst = worst_cpu = 0.0
    for name in sorted(registry):
        figures = []
        for params in ("", FILTERED[name]):
            url = f"/api/v1/{name}?{params}"
            assert client.get(url).status_code == 200, url
            figures.append(statistics.median(timings_ms(lambda: client.get(url), args.repeats)))
            figures.append(statistics.median(cpu_timings_ms(lambda: client.get(url), args.repeats)))
        worst = max(worst, *figures)
        worst_cpu = max(worst_cpu, figures[1], figures[3])
        print(f"  {name:<18} {figures[0]:7.1f} ({figures[1]:5.1f}) ms {figures[2]:7.1f} ({figures[3]:5.1f}) ms   {FILTERED[name]}")
    print(f"  slowest: {worst:.1f} ms wall, {worst_cpu:.1f} ms CPU (target {'met' if worst <= TARGET_MS else 'NOT met'} in wall"
          f" time, {'met' if worst_cpu <= TARGET_MS else 'NOT met'} in CPU time); {machine()}")
    if args.no_plans:
        return
    print("\nEXPLAIN QUERY PLAN of each first page (no filter): each statement the API runs for it")
    for name, resource in sorted(registry.items()):
        database = router.db_for_read(resource.model)
        for sql in selects_run_by(lambda: client.get(f"/api/v1/{name}"), database):
            print(f"  {name}: {sql[:110]}{'…' if len(sql) > 110 else ''}")
            for line in query_plan(sql, database):
                print(f"      {line}")


if __name__ == "__main__":
    main()
