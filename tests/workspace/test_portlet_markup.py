"""A table's and a summary's HTML has one home, their type (apps/workspace/portlets/markup.py,
templates/portlets/summary.html), made from the portlet's content. The content endpoint serves it as ``html`` (the browser inserts it)
and the page's first screen carries the same; every text in it is escaped."""
import re
from html.parser import HTMLParser

import pytest

from apps.workspace.pages import pages
from apps.workspace.portlets import html, registry
from apps.workspace.portlets.base import table
from tests.jsonapi import get

FILLS = "/api/workspace/pages/fills_runs/portlets/0"  # fills of Run2018D, 10 a page, newest first, select: fill
HOSTILE = '<script>alert("x")</script> & <b>'


class Elements(HTMLParser):
    """Each element of an HTML fragment in document order: {tag, attrs, text} (its text nodes
    joined, its descendants' included)."""

    def __init__(self, markup):
        super().__init__()
        self.elements, self.open = [], []
        self.feed(markup)

    def handle_starttag(self, tag, attrs):
        element = {"tag": tag, "attrs": dict(attrs), "text": ""}
        self.elements.append(element)
        if tag not in ("wbr", "br", "col"):
            self.open.append(element)

    def handle_endtag(self, tag):
        while self.open and self.open.pop()["tag"] != tag:
            pass

    def handle_data(self, data):
        for element in self.open:
            element["text"] += data

    def all(self, tag):
        return [e for e in self.elements if e["tag"] == tag]


def attributes(api, url):
    return get(api, url)["data"]["attributes"]


def test_a_tables_html_shows_its_contents_rows_header_and_paging(api):
    fills = [o["attributes"]["fill_number"] for o in get(api, "/api/v1/fills?filter[era]=Run2018D&sort=-fill_number&page[limit]=10000")["data"]]
    content = attributes(api, f"{FILLS}?fill={fills[13]}")  # the second page, its 4th row current
    drawn = Elements(content["html"])
    header = content["table"]["header"]
    assert [th["text"] for th in drawn.all("th")][:2] == [header[0]["label"] + " ▼", header[1]["label"]]
    assert drawn.all("th")[4]["text"] == f"{header[4]['label']} [1030cm-2s-1]"  # its units_html: 10<sup>30</sup>…
    assert [th["attrs"].get("data-sort") for th in drawn.all("th")] == [h.get("sort") for h in header]
    rows = drawn.all("tr")[1:]
    assert [tr["attrs"]["data-row"] for tr in rows] == [str(i) for i in range(len(content["table"]["rows"]))]
    assert [[td["text"] for td in Elements(f"<table>{row}</table>").all("td")] for row in re.findall(r"<tr data-row.*?</tr>", content["html"])] \
        == [[cell["text"] for cell in row["cells"]] for row in content["table"]["rows"]]  # fmt: skip
    assert [tr["attrs"].get("class") for tr in rows] == ["selectable current" if i == 3 else "selectable" for i in range(len(rows))]
    previous, following = drawn.all("button")
    assert (previous["attrs"]["data-page"], following["attrs"]["data-page"]) == ("-1", "1")
    assert "disabled" not in previous["attrs"] and ("disabled" in following["attrs"]) == (len(fills) <= 20)
    assert drawn.all("span")[-1]["text"] == content["table"]["paging"]["text"] == f"rows 11–{min(20, len(fills))} of {len(fills)}"
    first_page = Elements(attributes(api, f"{FILLS}?fill={fills[0]}")["html"]).all("button")
    assert "disabled" in first_page[0]["attrs"] and "disabled" not in first_page[1]["attrs"]


def test_a_probes_table_and_a_summary(api):
    probe_table = attributes(api, "/api/workspace/pages/fed_errors/portlets/2?run=324245")
    drawn = Elements(probe_table["html"])
    assert drawn.all("button") == [] and drawn.all("span")[-1]["text"] == probe_table["table"]["paging"]["text"]
    assert all(tr["attrs"]["class"] == "selectable" for tr in drawn.all("tr")[1:])  # a drill-down: a click anywhere on its row
    assert drawn.all("a") == []  # …not a link in a cell
    summary = attributes(api, "/api/workspace/pages/lumi_deadtime/portlets/0?run=324245")
    assert summary["html"] == (f'<p class="summary-value"><span class="value">{summary["summary"]["value"]}</span> '
                               f'<span class="units">pb<sup>-1</sup></span></p>\n'
                               f'<p class="summary-label">{summary["summary"]["label"]}</p>')  # fmt: skip
    plot = attributes(api, "/api/workspace/pages/pileup/portlets/0?run=324245")
    assert "html" not in plot  # plotly.js draws it


def test_a_message_has_no_html(api):
    waiting = attributes(api, "/api/workspace/pages/roc_history/portlets/0?run=324245")
    assert waiting["state"] == "waiting" and "html" not in waiting


@pytest.mark.parametrize("url, title", [
    ("/pages/fed_errors?run=324245", "FEDs with the most errors"),
    ("/pages/lumi_deadtime?run=324245", "Delivered (run)"),
    ("/pages/fills_runs?fill=7269", None),  # its first table
])  # fmt: skip
def test_the_first_screen_carries_the_html_the_content_serves(client, api, nothing_kept, url, title):
    path, query = url.split("?")
    page = pages()[path.removeprefix("/pages/")]
    index = next(i for i, p in enumerate(page.portlets) if p["title"] == title or title is None and p["type"] == "table")
    served = attributes(api, f"/api/workspace/pages/{page.id}/portlets/{index}?{query}")["html"]
    section = re.search(rf'<section [^>]*id="first-screen-{index}".*?</section>', client.get(url).content.decode(), re.S).group(0)
    body = re.search(r'<div class="portlet-body painted">(.*)</div>\n', section, re.S).group(1)
    # The same markup; its buttons do nothing until the page's script takes it over.
    assert body.replace(" disabled>", ">") == served.replace(" disabled>", ">")
    assert ["disabled" in b["attrs"] for b in Elements(body).all("button")] == [True] * len(Elements(served).all("button"))


def test_every_text_of_a_table_and_a_summary_is_escaped():
    header, rows = table([("name", HOSTILE, "")], [[HOSTILE], ["BPix_BmO_SEC8"]], link=lambda i, j: f'/pages/x?y="{HOSTILE}' if i == 0 else None)
    content = {"state": "ready", "table": {"header": header, "rows": rows, "sort": None,
                                           "paging": {"offset": 0, "limit": 2, "total": 2, "text": HOSTILE}}}  # fmt: skip
    drawn = Elements(registry["table"].html({"title": HOSTILE, "configuration": {"probe": "x"}}, content))
    assert drawn.all("script") == [] and drawn.all("b") == []
    assert [th["text"] for th in drawn.all("th")] == [HOSTILE]
    assert [td["text"] for td in drawn.all("td")] == [HOSTILE, "BPix_BmO_SEC8"]  # its <wbr>s are no text
    assert drawn.all("a")[0]["attrs"]["href"] == f'/pages/x?y="{HOSTILE}'
    assert drawn.all("nav")[0]["attrs"]["aria-label"] == f"{HOSTILE}: rows" and drawn.all("span")[-1]["text"] == HOSTILE
    summary = Elements(html({"type": "summary", "title": "t"}, {"state": "ready", "summary": {"value": HOSTILE, "units_html": "", "label": HOSTILE}}))
    assert summary.all("script") == [] and [p["text"] for p in summary.all("p")] == [f"{HOSTILE} ", HOSTILE]
