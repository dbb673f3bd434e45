"""A page's first screen in its HTML (apps/workspace/first_screen.py, templates/first_screen.html):
the controller with the selection's values, every portlet's place, the summaries' values and the
tables' rows near the top, the plots kept for the selection as SVG, and nothing drawn (the
browser loads it all) when the selection is refused or no time is left."""
import re

import pytest

from apps.workspace import first_paint, first_screen
from apps.workspace.pages import pages
from tests.jsonapi import get

LUMI = "/pages/lumi_deadtime?run=324245"


pytestmark = pytest.mark.usefixtures("nothing_kept")  # tests/workspace/conftest.py


def section(html, index):
    """The HTML of the first screen's portlet ``index``."""
    return re.search(rf'<section [^>]*id="first-screen-{index}".*?</section>', html, re.S).group(0)


def test_the_summaries_and_the_controller_come_with_the_html(client, api):
    html = client.get(LUMI).content.decode()
    run = get(api, "/api/v1/runs/324245")["data"]["attributes"]
    delivered = section(html, 0)  # Delivered (run)
    assert f'<span class="value">{run["delivered_lumi"]:.2f}</span>' in delivered
    assert 'href="http://testserver/api/v1/runs?' in delivered  # its data link, as the browser shows it
    assert 'grid-column: 1 / span 3; grid-row: 1 / span 1' in delivered
    assert re.search(r'<input name="run" [^>]*value="324245"', html)
    assert re.search(rf'<input name="fill" [^>]*value="{run["fill_number"]}"', html)  # what the run implies
    assert len(re.findall(r'<section class="portlet ', html)) == len(pages()["lumi_deadtime"].portlets)


def test_a_tables_rows_come_with_the_html_as_the_content_serves_them(client, api):
    html = client.get("/pages/fed_errors?run=324245").content.decode()
    index = next(i for i, p in enumerate(pages()["fed_errors"].portlets) if p["title"] == "FEDs with the most errors")
    table = get(api, f"/api/workspace/pages/fed_errors/portlets/{index}?run=324245")["data"]["attributes"]["table"]
    drawn = section(html, index)
    rows = [[re.sub(r"<[^>]+>", "", cell) for cell in re.findall(r"<td[^>]*>(.*?)</td>", row)] for row in re.findall(r"<tr[^>]*>(.*?)</tr>", drawn, re.S)[1:]]
    assert rows == [[cell["text"] for cell in row["cells"]] for row in table["rows"]] and len(rows) >= 5


def test_a_kept_drawing_comes_with_the_html_at_its_place_size(client, api, nothing_kept):
    plot = pages()["lumi_deadtime"].portlets[4]  # Instantaneous luminosity, half the width, 4 rows
    width, height = first_screen.body_size(plot)
    assert (width, height) == (572, 439)  # as Chromium lays the grid out at 1400 px (tests/browser/test_first_paint.py)
    drawn = api.get(f"/api/workspace/pages/lumi_deadtime/portlets/4/svg?run=324245&width={width}&height={height}").content.decode()
    html = client.get(LUMI).content.decode()
    assert f'<div class="first-paint" data-width="{width}" data-height="{height}">{drawn}</div>' in section(html, 4)


def test_no_time_left_leaves_every_portlet_to_the_browser(client, monkeypatch):
    monkeypatch.setattr(first_screen, "BUDGET_S", 0)
    html = client.get(LUMI).content.decode()
    assert len(re.findall(r'<div class="portlet-body"></div>', html)) == len(pages()["lumi_deadtime"].portlets)
    assert "<svg" not in html


def test_the_portlets_are_drawn_from_the_top_as_long_as_time_is_left(client, monkeypatch):
    """The Lumi page's summaries stand above its plots: a plot that takes the whole budget still
    leaves them drawn, and what stands below it to the browser."""
    clock = [0.0]
    monkeypatch.setattr(first_screen.time, "monotonic", lambda: clock[0])
    monkeypatch.setattr(first_screen, "BUDGET_S", 1)
    started = first_paint.started

    def slow(*args, **kwargs):
        clock[0] += 2  # this drawing's figure took longer than the whole budget
        return started(*args, **kwargs)

    monkeypatch.setattr(first_paint, "started", slow)
    html = client.get(LUMI).content.decode()
    kinds = [p["type"] for p in pages()["lumi_deadtime"].portlets]
    first_plot = kinds.index("plot")
    assert kinds[:first_plot] == ["summary"] * 4
    for index in range(first_plot):
        assert '<span class="value">' in section(html, index)
    assert all('<div class="portlet-body"></div>' in section(html, i) for i in range(first_plot + 1, len(kinds)))


def test_a_refused_selection_draws_no_first_screen(client):
    html = client.get("/pages/lumi_deadtime?run=999999999").content.decode()
    assert "first-screen-" not in html and 'class="loading"' in html  # the page's script says what is wrong


def test_a_settled_selections_first_screen_is_asked_once_a_changing_ones_each_time(client, monkeypatch):
    asked = []
    made = first_screen.content
    monkeypatch.setattr(first_screen, "content", lambda portlet, *args: asked.append(portlet["title"]) or made(portlet, *args))
    client.get(LUMI), client.get(LUMI)
    assert asked.count("Delivered (run)") == 1  # an ended run: remembered (first_paint.remember)
    monkeypatch.setattr(first_paint, "settled", lambda selection, now=None: False)  # as a live run's
    asked.clear()
    client.get(LUMI), client.get(LUMI)
    assert asked.count("Delivered (run)") == 2 and asked.count("Instantaneous luminosity") == 2
