"""A timeline's HTML has one home, as a table's: its type's template (templates/portlets/timeline.html)
made from its content, served as ``html`` and carried by the Shift report's first screen, where
what went wrong comes first; every text in it is escaped."""
import re
from html import unescape

import pytest

from apps.workspace.pages import pages
from apps.workspace.portlets import html
from tests.jsonapi import get
from tests.workspace.test_portlet_markup import HOSTILE, Elements

SHIFT = "shift=2018-10-09/evening"


def timeline_index():
    return next(i for i, p in enumerate(pages()["shift_report"].portlets) if p["type"] == "timeline")


def lines(markup):
    """(severity, source, subject, text) of each line of a timeline's HTML, a group's members after it."""
    found = []
    for severity, source, what in re.findall(r'<li class="severity-(\w+)[^"]*" data-source="([^"]*)" data-severity="\1">(.*?)(?=<ol>|</li>)', markup, re.S):
        subject = re.search(r'(?:<a href="[^"]*">|<span class="subject">)([^<]*)<', what).group(1)
        text = re.search(r'<span class="text">([^<]*)</span>', what).group(1)
        found.append((severity, source, unescape(subject), unescape(text)))
    return found


def test_the_timelines_html_shows_its_contents_lines_alarms_first(api):
    content = get(api, f"/api/workspace/pages/shift_report/portlets/{timeline_index()}?{SHIFT}")["data"]["attributes"]
    at = {c["name"]: i for i, c in enumerate(content["table"]["header"])}
    expected = []
    for row in content["table"]["rows"]:
        for line in [row, *row.get("members", [])]:
            cell = lambda name: line["cells"][at[name]]["text"]  # noqa: E731
            expected.append((line["severity"], line["source"], cell("subject"), cell("text")))
    assert lines(content["html"]) == expected
    assert expected[0][0] == "alarm"  # what went wrong leads
    drawn = Elements(content["html"])
    top = [li for li in drawn.all("li") if "data-source" in li["attrs"]]
    assert len([li for li in top if "group" in li["attrs"]["class"]]) == len([r for r in content["table"]["rows"] if r.get("members")])
    assert [o["attrs"]["value"] for o in drawn.all("option")] == content["severities"]
    assert [i["attrs"]["value"] for i in drawn.all("input")] == list(dict.fromkeys(r["source"] for r in content["table"]["rows"]))
    assert "hidden" in [li for li in drawn.all("li") if li["attrs"].get("class") == "none"][0]["attrs"]  # until no line is left


@pytest.mark.usefixtures("nothing_kept")
def test_the_shift_reports_first_screen_carries_the_timeline_inert(client, api):
    index = timeline_index()
    served = get(api, f"/api/workspace/pages/shift_report/portlets/{index}?{SHIFT}")["data"]["attributes"]["html"]
    section = re.search(rf'<section [^>]*id="first-screen-{index}".*?</section>', client.get(f"/pages/shift_report?{SHIFT}").content.decode(), re.S).group(0)
    body = re.search(r'<div class="portlet-body painted">(.*)</div>\n', section, re.S).group(1)
    assert body.replace(" disabled>", ">") == served  # its choices do nothing until the page's script takes it over
    assert body.count(" disabled>") == served.count('type="checkbox"') + 1  # each source's box and the severity


def test_every_text_of_a_timeline_is_escaped():
    cell = {"text": HOSTILE}
    row = {"severity": "alarm", "source": HOSTILE, "start": HOSTILE, "end": HOSTILE, "duration": HOSTILE, "events": [0],
           "cells": [{"text": HOSTILE, "title": HOSTILE}, cell, {"text": HOSTILE, "link": f'/x?"{HOSTILE}'}, cell]}  # fmt: skip
    header = [{"name": n} for n in ("start_time", "severity", "subject", "text")]
    content = {"state": "ready", "severities": ["info", "alarm"], "table": {"header": header, "rows": [row]}}
    drawn = Elements(html({"type": "timeline", "title": HOSTILE}, content))
    assert drawn.all("script") == [] and drawn.all("b") == []
    assert drawn.all("a")[0]["attrs"]["href"] == f'/x?"{HOSTILE}' and drawn.all("a")[0]["text"] == HOSTILE
    assert drawn.all("time")[0]["attrs"]["datetime"] == HOSTILE and drawn.all("input")[0]["attrs"]["value"] == HOSTILE
