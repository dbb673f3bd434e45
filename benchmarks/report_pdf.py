"""Benchmark (not a test): the Shift report of 2018-10-09/evening as a PDF, against a real
gunicorn worker (``manage.py serve --workers 1``) on the demo database, with the time of each
stage from the response's Server-Timing header: queries (every portlet, in-process), figures →
SVG (what drawing the plots took beyond the queries: Chromium draws each plot while the next
portlets are queried), layout (WeasyPrint, in a process of its own) and layout-cpu, the CPU
seconds of that process, which other work on the machine does not inflate as it does the wall time.

Then the layout per section: the same report's HTML made in this process, each portlet laid out
alone (with the title block, whose own time is taken off), in CPU seconds (the best of 3), which
other work on the machine does not inflate: where WeasyPrint's time goes.

Targets: cold (the first PDF of a new worker: kaleido starts its Chromium) ≤ 4 s; warm (the
next ones, Chromium kept) ≤ 2 s.

    .venv/bin/python benchmarks/report_pdf.py [--repeats 5]
"""
import argparse
import html
import re
import statistics
import time
import urllib.request

from common import machine, running_server, setup_django, units

PAGE, QUERY = "shift_report", "shift=2018-10-09/evening"
URL = f"/pages/{PAGE}.pdf?{QUERY}"
COLD_TARGET_S, WARM_TARGET_S = 4, 2
SECTION = re.compile(r"<section.*?</section>", re.S)


def fetch_pdf(base):
    start = time.perf_counter()
    request = urllib.request.Request(base + URL, data=b"notes.13=Benchmark+notes", method="POST")
    with urllib.request.urlopen(request, timeout=60) as response:
        body = response.read()
        timing = response.headers["Server-Timing"]
    assert body.startswith(b"%PDF"), body[:100]
    stages = dict(part.strip().split(";dur=") for part in timing.split(","))
    return time.perf_counter() - start, {name: float(ms) / 1000 for name, ms in stages.items()}, len(body)


def line(label, seconds, stages, target):
    parts = " · ".join(f"{name} {value:.2f} s" for name, value in stages.items())
    print(f"  {label:<7} {seconds:6.2f} s  {seconds / target:5.2f} × target ({target} s = {units(target * 1000):.2f} units)   [{parts}]")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    print(machine() + "\n")
    with running_server(workers=1) as base:
        cold, stages, size = fetch_pdf(base)
        print(f"Shift report PDF, {URL} ({size // 1024} kB), one gunicorn worker:")
        line("cold", cold, stages, COLD_TARGET_S)
        warm = [fetch_pdf(base) for _ in range(args.repeats)]
        median = statistics.median(w[0] for w in warm)
        typical = min(warm, key=lambda w: abs(w[0] - median))
        line("warm", median, typical[1], WARM_TARGET_S)
        print(f"  (warm: median of {args.repeats}; stages of the request nearest the median)")
    print_layout_per_section()


def report_html():
    """The Shift report's HTML, as the server makes it for the PDF (plots drawn by kaleido here)."""
    setup_django()
    from django.http import QueryDict
    from django.test import RequestFactory

    from apps.workspace.pages import pages
    from apps.reports.pdf import PagePdf
    from apps.workspace.selection import resolve

    page = pages()[PAGE]
    selection = resolve(page.selectors, QueryDict(QUERY), page.opens_on)
    return PagePdf(RequestFactory().get(URL), page, selection, {}).document()[1]


def layout_cpu_s(document):
    """The CPU seconds WeasyPrint takes to lay out ``document`` and write its PDF, the cyclic
    garbage collector paused as in a PDF's layout process: the best of 3."""
    import weasyprint

    from apps.reports.fetcher import OwnFilesFetcher
    from pixelws.dialect.views import cyclic_gc_paused

    best = float("inf")
    for _ in range(3):
        with cyclic_gc_paused():
            start = time.process_time()
            weasyprint.HTML(string=document, base_url="http://testserver/", url_fetcher=OwnFilesFetcher("testserver")).write_pdf()
            best = min(best, time.process_time() - start)
    return best


def print_layout_per_section():
    document = report_html()
    sections = list(SECTION.finditer(document))
    alone = lambda *parts: document[: sections[0].start()] + "".join(parts) + document[sections[-1].end() :]  # noqa: E731
    layout_cpu_s(alone())  # fonts loaded
    base = layout_cpu_s(alone())
    whole = layout_cpu_s(document)
    print(f"\nLayout per section (WeasyPrint in this process, CPU s, best of 3): the whole report {whole:.2f} s")
    print(f"  {base:6.3f} s  the title block (and each section's page)")
    for match in sections:
        section = match.group()
        title = html.unescape(re.search(r"<h2>(.*?)</h2>", section).group(1))
        cells, plot = section.count("<td") + section.count("<th"), 'class="plot"' in section
        what = f"{cells} cells" if cells else f"plot, {len(section) // 1024} kB" if plot else ""
        print(f"  {layout_cpu_s(alone(section)) - base:6.3f} s  {title[:60]:<60} {what}")


if __name__ == "__main__":
    main()
