"""Benchmark (not a test): time from navigation until a page's first plot is visible in headless
Chromium, drawn by the server into the page's HTML (apps/workspace/first_screen.py), cold (a new
browser profile) and on a second visit (the same profile), median of --runs; beside it when the
HTML had arrived, when plotly.js drew its first plot and when the page was fully drawn (every
portlet settled, plotly.js having taken over every plot).

Targets, in yardstick units (benchmarks/common.py): cold ≤ 0.4, second visit ≤ 0.25; every page
fully drawn ≤ 1.5 s on an idle machine.

    .venv/bin/python benchmarks/first_paint.py [--runs 3] [--port 8170]
"""
import argparse
import os
import statistics
import tempfile
import time
import urllib.request

from common import machine, row, running_server, yardstick_s

PAGES = {
    "Lumi & dead time, run 324245": "/pages/lumi_deadtime?run=324245",
    "FED errors, run 324245": "/pages/fed_errors?run=324245",
    "Shift report, 2018-10-09/evening": "/pages/shift_report?shift=2018-10-09/evening",
}
COLD_UNITS, SECOND_UNITS, FULLY_DRAWN_MS = 0.4, 0.25, 1500
VIEWPORT = {"width": 1400, "height": 900}
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]  # fmt: skip
# A plot's SVG (the server's in the HTML, or plotly's) put in the page, and painted: with the first
# contentful paint if it was in the page by then (a MutationObserver's callback runs before the
# next paint), else the frame after it was put in.
IN_PAGE = """new MutationObserver((changes, observer) => {
  if (!document.querySelector('.first-paint svg, .plot .main-svg')) return;
  observer.disconnect();
  performance.mark('pixelws:plot-in-page');
  requestAnimationFrame(() => setTimeout(() => performance.mark('pixelws:plot-painted'), 0));
}).observe(document, { subtree: true, childList: true });"""
VISIBLE = """() => { const at = (name) => performance.getEntriesByName(name)[0]?.startTime;
  const fcp = at('first-contentful-paint'), inPage = at('pixelws:plot-in-page');
  return fcp !== undefined && inPage <= fcp ? fcp : at('pixelws:plot-painted'); }"""
DRAWN = """() => { const ps = [...document.querySelectorAll('.portlet')];
  return ps.length > 0 && ps.every(p => p.dataset.state && p.dataset.state !== 'loading')
    && !document.querySelector('.first-paint'); }"""


def contention():
    """Wall time over CPU time of the yardstick's loop, run once now: how much of a core this
    process gets on the shared machine."""
    wall, cpu, s = time.perf_counter(), time.process_time(), 0
    for i in range(10**7):
        s += i * i
    return (time.perf_counter() - wall) / (time.process_time() - cpu)


def answering(base, seconds=180):
    """Until the server answers: running_server waits 10 s, a busy machine starts it slower."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            urllib.request.urlopen(f"{base}/api/v1/", timeout=5)
            return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)


def mark(page, name):
    page.wait_for_function("name => performance.getEntriesByName(name).length", arg=name, timeout=120_000)
    return page.evaluate("name => performance.getEntriesByName(name)[0].startTime", name)


def visit(context, url):
    """{visible, html, plotly, drawn} ms from navigation, one visit in a new tab."""
    page = context.new_page()
    page.add_init_script(IN_PAGE)
    page.goto(url)
    mark(page, "pixelws:plot-painted")
    times = {"visible": page.evaluate(VISIBLE), "plotly": mark(page, "pixelws:first-plot")}
    page.wait_for_function(DRAWN, timeout=120_000)
    times["drawn"] = page.evaluate("() => performance.now()")
    times["html"] = page.evaluate("() => performance.getEntriesByType('navigation')[0].responseEnd")
    page.close()
    return times


def profiles(playwright, url, runs):
    """[(cold, second visit)] of ``runs`` new browser profiles on disk."""
    visits = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as profile:
            context = playwright.chromium.launch_persistent_context(
                profile, executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS, viewport=VIEWPORT)
            visits.append((visit(context, url), visit(context, url)))
            context.close()
    return visits


def median(visits, which, key):
    return statistics.median(v[which][key] for v in visits)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="new browser profiles per page, each visited twice")
    parser.add_argument("--port", type=int, default=None)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    print(machine())
    print(f"Contention: the yardstick's loop takes {contention():.1f} × its CPU time in wall time now (1.0 on an idle"
          " machine): the yardstick counts CPU seconds, the page's times are wall times, so busy-machine units overstate them")
    cold_ms, second_ms = round(COLD_UNITS * yardstick_s() * 1000, 1), round(SECOND_UNITS * yardstick_s() * 1000, 1)
    with tempfile.TemporaryDirectory() as kept:
        os.environ["PIXELWS_FIRST_PAINT_DIR"] = kept  # the server starts with no SVG kept
        with running_server(port=args.port) as base, sync_playwright() as playwright:
            answering(base)
            results = {title: profiles(playwright, base + path, args.runs) for title, path in PAGES.items()}
    print(f"\nFrom navigation, {VIEWPORT['width']}×{VIEWPORT['height']}, headless Chromium, gunicorn as `make run`, "
          f"median of {args.runs} new profiles (the first one's first visit: the server draws, then keeps):")  # fmt: skip
    for title, visits in results.items():
        print(f"{title}")
        row("cold: a plot visible", median(visits, 0, "visible"), cold_ms)
        row("second visit: a plot visible", median(visits, 1, "visible"), second_ms)
        row("cold: fully drawn (plotly.js took over every plot)", median(visits, 0, "drawn"), FULLY_DRAWN_MS)
        row("second visit: fully drawn", median(visits, 1, "drawn"), FULLY_DRAWN_MS)
        row("  the first cold visit of all: a plot visible", visits[0][0]["visible"], cold_ms)
        row("  the first cold visit of all: fully drawn", visits[0][0]["drawn"], FULLY_DRAWN_MS)
        row("  cold: the HTML arrived", median(visits, 0, "html"), cold_ms)
        row("  second visit: the HTML arrived", median(visits, 1, "html"), second_ms)
        row("  cold: plotly.js drew its first plot", median(visits, 0, "plotly"), FULLY_DRAWN_MS)


if __name__ == "__main__":
    main()
