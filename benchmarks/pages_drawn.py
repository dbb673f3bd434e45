"""Benchmark (not a test): every workspace page in headless Chromium with its default selection
(the pages the issue names with theirs), against gunicorn as ``make run`` serves it, on the demo
database (make demo-db): the time from navigation until every portlet has settled (each plot
drawn, each table filled), cold (a new browser profile) and warm (the same page again).

Target: every page ≤ 1.5 s on an idle machine.

    .venv/bin/python benchmarks/pages_drawn.py [--runs 3] [--pages fed_errors shift_report]
"""
import argparse
import statistics
import tempfile

from common import ROOT, machine, running_server
from page_first_plot import CHROMIUM_ARGS

TARGET_MS = 1500
# Pages that need a selection to show anything, with the one the issue measured.
# (readback: the default, the latest run, has none: its portlets say so, benchmarks/daq_probes.py times that.)
SELECTIONS = {"fed_errors": "run=324245", "shift_report": "shift=2018-10-09/evening", "fed_channels": "fed_channel=1300/1",
              "readback": "run=324245"}
# Every portlet settled, and when: the page's own clock, from navigation start.
SETTLED = """() => { const ps = [...document.querySelectorAll('.portlet')];
  return ps.length > 0 && ps.every(p => p.dataset.state && p.dataset.state !== 'loading') && performance.now(); }"""
STATES = "() => [...document.querySelectorAll('.portlet')].map(p => p.dataset.state)"


def page_names():
    return sorted(p.stem for p in (ROOT / "apps/workspace/pages").glob("*.yaml"))


def drawn_ms(context, url):
    page = context.new_page()
    try:
        page.goto(url)
        ms = page.wait_for_function(SETTLED, polling="raf", timeout=60_000).json_value()
        states = page.evaluate(STATES)
    finally:
        page.close()
    return ms, states


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="cold + warm visits per page, each in a new profile")
    parser.add_argument("--pages", nargs="*", default=None, help="only these pages")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    print(machine() + "\n")
    names = args.pages or page_names()
    print(f"Every portlet settled (plots drawn), headless Chromium 1400×900, gunicorn 2 workers; median of {args.runs}"
          f" (target ≤ {TARGET_MS} ms):")  # fmt: skip
    print(f"  {'page':<48} {'cold':>8} {'warm':>8}   portlets")
    slowest = 0.0
    with running_server() as base, sync_playwright() as playwright:
        for name in names:
            url = f"{base}/pages/{name}" + (f"?{SELECTIONS[name]}" if name in SELECTIONS else "")
            cold, warm = [], []
            for _ in range(args.runs):
                with tempfile.TemporaryDirectory() as profile:
                    context = playwright.chromium.launch_persistent_context(
                        profile, executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS,
                        viewport={"width": 1400, "height": 900},
                    )  # fmt: skip
                    ms, states = drawn_ms(context, url)
                    cold.append(ms)
                    warm.append(drawn_ms(context, url)[0])
                    context.close()
            counts = {s: states.count(s) for s in sorted(set(states))}
            label = f"{name}" + (f"?{SELECTIONS[name]}" if name in SELECTIONS else "")
            cold_ms, warm_ms = statistics.median(cold), statistics.median(warm)
            slowest = max(slowest, cold_ms, warm_ms)
            print(f"  {label:<48} {cold_ms:6.0f} ms {warm_ms:6.0f} ms   {counts}")
    print(f"  slowest: {slowest:.0f} ms ({'met' if slowest <= TARGET_MS else 'NOT met'} on this machine; {machine()})")


if __name__ == "__main__":
    main()
