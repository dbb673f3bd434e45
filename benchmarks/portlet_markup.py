"""Benchmark (not a test): what a table's and a summary's HTML (PortletType.html, made by the
server for the browser and the first screen) costs, in-process, CPU time of this process, median
of N: every table and summary of three pages (Shift report, FED errors, Lumi & dead time), their
content made once; then a table of 500 rows of five columns (a probe's long list).

Targets: a page's portlet ≤ 5 ms; 500 rows ≤ 25 ms (a Django template took 220 ms).

    .venv/bin/python benchmarks/portlet_markup.py [--repeats 5]
"""
import argparse
import statistics

from common import cpu_timings_ms, machine, row, setup_django

PAGES = {"shift_report": {"shift": "2018-10-09/evening"}, "fed_errors": {"run": "324245"}, "lumi_deadtime": {"run": "324245"}}
PORTLET_TARGET_MS, LONG_TARGET_MS, LONG_ROWS = 5, 25, 500


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    setup_django()
    from django.http import QueryDict

    from apps.workspace.pages import pages
    from apps.workspace.portlets import Context, content, html
    from apps.workspace.portlets.base import whole_table
    from apps.workspace.selection import resolve

    print(machine() + "\n")
    print("A portlet's HTML, from its content:")
    for page_id, state in PAGES.items():
        page = pages()[page_id]
        query = QueryDict(mutable=True)
        query.update(state)
        selection = resolve(page.selectors, query, page.opens_on)
        context = Context(selection, lambda path: f"http://testserver{path}", refusals_shown=False)
        for index, portlet in enumerate(page.portlets):
            made = content(portlet, context, index) if portlet["type"] in ("table", "summary") else {}
            if made.get("state") == "ready":
                rows = len(made["table"]["rows"]) if "table" in made else 1
                ms = statistics.median(cpu_timings_ms(lambda: html(portlet, made), args.repeats))
                row(f"{page_id}: {portlet['title'][:32]} ({rows} rows)", ms, PORTLET_TARGET_MS)
    columns = [{"name": f"c{j}", "title": f"Column {j}"} for j in range(5)]
    values = [[f"BPix_BmO_SEC{i % 8}_LYR1_LDR6F_MOD3_ROC{i % 16}", i, i * 1.5, "2018-10-09T13:05:00Z", "masked"] for i in range(LONG_ROWS)]
    long = {"state": "ready", "table": whole_table(columns, values, lambda i, j: f"/pages/roc_history?roc={values[i][0]}" if j == 0 else None)}
    ms = statistics.median(cpu_timings_ms(lambda: html({"type": "table", "title": "Long", "configuration": {"probe": "p"}}, long), args.repeats))
    row(f"{LONG_ROWS} rows of 5 columns, the first linked", ms, LONG_TARGET_MS)


if __name__ == "__main__":
    main()
