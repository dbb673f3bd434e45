"""Benchmark (not a test): the Lumi & dead time page's time to first drawn plot in headless
Chromium, and each probe's server time, on the demo database (make demo-db).

Targets: first plot ≤ 1 s, probe ≤ 100 ms. Prints each figure with its ratio to the target.

    .venv/bin/python benchmarks/page_first_plot.py [--runs 5]
"""
import argparse
import statistics
import tempfile

from common import machine, row, running_server, setup_django, timings_ms

FIRST_PLOT_TARGET_MS = 1000
PROBE_TARGET_MS = 100
RUN, FILL = 324245, 7269
PAGE = f"/pages/lumi_deadtime?run={RUN}"
FIGURE_ONLY = "fields[plots]=title,empty,figure"  # what the page asks for
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]  # fmt: skip



def probe_times(repeats):
    setup_django()
    from django.test import Client

    from pixelws.probes import registry

    client = Client()
    print(f"Probe server time (in-process, median of {repeats}, demo database):")
    lumi_probes = [name for name, probe in sorted(registry.items()) if "fill" in {p.name for p in probe.parameters}]
    for name in lumi_probes:  # the page's (the masking probes: benchmarks/pixel_probes.py)
        for scope in (f"run={RUN}", f"fill={FILL}"):
            url = f"/api/v1/plots/{name}?{scope}&{FIGURE_ONLY}"
            assert client.get(url).status_code == 200, url
            row(f"{name} {scope}", statistics.median(timings_ms(lambda: client.get(url), repeats)), PROBE_TARGET_MS)


def first_plot_times(runs):
    from playwright.sync_api import sync_playwright


    # A browser with a profile on disk, as a shifter's: Chromium keeps plotly.js in its HTTP cache
    # and, from the third load on, its compiled code (V8's code cache), which a fresh context lacks.
    with running_server() as base, sync_playwright() as playwright, tempfile.TemporaryDirectory() as profile:
        context = playwright.chromium.launch_persistent_context(
            profile, executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS, viewport={"width": 1400, "height": 1400}
        )
        times = []
        for _ in range(runs):
            page = context.new_page()
            page.goto(base + PAGE)
            page.wait_for_function("performance.getEntriesByName('pixelws:first-plot').length", timeout=60_000)
            times.append(page.evaluate("performance.getEntriesByName('pixelws:first-plot')[0].startTime"))
            page.close()
        context.close()
    print(f"\nTime to first drawn plot, {PAGE} (gunicorn as `make run`, headless Chromium, one profile):")
    row("first visit (empty cache)", times[0], FIRST_PLOT_TARGET_MS)
    if len(times) > 1:
        row("second visit (plotly.js cached, compiled again)", times[1], FIRST_PLOT_TARGET_MS)
    if len(times) > 2:
        row(f"later visits (compiled code cached), median of {len(times) - 2}", statistics.median(times[2:]), FIRST_PLOT_TARGET_MS)

def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=6, help="page loads")
    parser.add_argument("--repeats", type=int, default=20, help="requests per probe")
    args = parser.parse_args()
    print(machine() + "\n")
    probe_times(args.repeats)
    first_plot_times(args.runs)


if __name__ == "__main__":
    main()
