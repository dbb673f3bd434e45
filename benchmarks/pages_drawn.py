"""Benchmark (not a test): every workspace page in headless Chromium with its default selection
(the pages the issue names with theirs), against gunicorn as ``make run`` serves it, on the demo
database (make demo-db): the time from navigation until every portlet has settled (each plot
drawn, each table filled), cold (a new browser profile) and warm (the same page again), and per
page its slowest request: the browser's time for it (from its start until its last byte) and the
server's share (the ``Server-Timing`` header; the rest is waiting for a worker, and the transfer).
``--waterfall`` prints every request of a page's visits in the order they started.

Target: every page ≤ 1.5 s on an idle machine.

    .venv/bin/python benchmarks/pages_drawn.py [--runs 3] [--pages fed_errors shift_report] [--waterfall] [--port 8160]
"""
import argparse
import re
import statistics
import tempfile
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

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


SERVER_MS = re.compile(r"app;dur=([0-9.]+)")


@dataclass
class Request:
    path: str  # path and query, unquoted
    start_ms: float  # from the page's navigation
    browser_ms: float  # from the request's start until its last byte
    server_ms: float | None  # the server's own time (Server-Timing), None when not sent (a cached answer)

    def __str__(self):
        server = "cached" if self.server_ms is None else f"server {self.server_ms:.0f} ms"
        return f"{self.browser_ms:.0f} ms ({server}, started at {self.start_ms:.0f} ms) {self.path}"


def drawn_ms(context, url):
    """(ms until every portlet settled, the portlets' states, the page's requests in start order)."""
    page = context.new_page()
    finished = []
    page.on("requestfinished", lambda request: finished.append(request))
    try:
        page.goto(url)
        ms = page.wait_for_function(SETTLED, polling="raf", timeout=60_000).json_value()
        states = page.evaluate(STATES)
        requests = timed(finished)
    finally:
        page.close()
    return ms, states, requests


def timed(finished):
    if not finished:
        return []
    origin = min(r.timing["startTime"] for r in finished)  # the navigation's request
    requests = []
    for request in finished:
        timing = request.timing
        headers = request.response().headers  # fetched now, while the page is open
        server = SERVER_MS.search(headers.get("server-timing", ""))
        parts = urlsplit(request.url)
        requests.append(Request(unquote(parts.path + (f"?{parts.query}" if parts.query else "")),
                                timing["startTime"] - origin, timing["responseEnd"],
                                float(server.group(1)) if server else None))  # fmt: skip
    return sorted(requests, key=lambda r: r.start_ms)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="cold + warm visits per page, each in a new profile")
    parser.add_argument("--pages", nargs="*", default=None, help="only these pages")
    parser.add_argument("--waterfall", action="store_true", help="print every request of each visit")
    parser.add_argument("--port", type=int, default=None, help="serve on this port (default: a free one)")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    print(machine() + "\n")
    names = args.pages or page_names()
    print(f"Every portlet settled (plots drawn), headless Chromium 1400×900, gunicorn 2 workers; median of {args.runs}"
          f" (target ≤ {TARGET_MS} ms):")  # fmt: skip
    print(f"  {'page':<48} {'cold':>8} {'warm':>8}   portlets; the slowest request of the slowest visit")
    slowest = 0.0
    with running_server(port=args.port) as base, sync_playwright() as playwright:
        for name in names:
            url = f"{base}/pages/{name}" + (f"?{SELECTIONS[name]}" if name in SELECTIONS else "")
            cold, warm, visits = [], [], []
            for _ in range(args.runs):
                with tempfile.TemporaryDirectory() as profile:
                    context = playwright.chromium.launch_persistent_context(
                        profile, executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS,
                        viewport={"width": 1400, "height": 900},
                    )  # fmt: skip
                    ms, states, requests = drawn_ms(context, url)
                    cold.append(ms)
                    visits.append(("cold", ms, requests))
                    ms, _, requests = drawn_ms(context, url)
                    warm.append(ms)
                    visits.append(("warm", ms, requests))
                    context.close()
            counts = {s: states.count(s) for s in sorted(set(states))}
            label = f"{name}" + (f"?{SELECTIONS[name]}" if name in SELECTIONS else "")
            cold_ms, warm_ms = statistics.median(cold), statistics.median(warm)
            slowest = max(slowest, cold_ms, warm_ms)
            print(f"  {label:<48} {cold_ms:6.0f} ms {warm_ms:6.0f} ms   {counts}")
            kind, ms, requests = max(visits, key=lambda v: v[1])
            print(f"  {'':<48} slowest request ({kind} visit, {ms:.0f} ms): {max(requests, key=lambda r: r.browser_ms)}")
            if args.waterfall:
                for kind, ms, requests in visits:
                    print(f"    {kind} visit, {ms:.0f} ms, {len(requests)} requests:")
                    for request in requests:
                        print(f"      {request}")
    print(f"  slowest: {slowest:.0f} ms ({'met' if slowest <= TARGET_MS else 'NOT met'} on this machine; {machine()})")


if __name__ == "__main__":
    main()
