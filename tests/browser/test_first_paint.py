"""A page's first paint in a real browser: its plots drawn by the server (SVG) into the page's HTML
before any script has run, and plotly.js taking each over with the same drawing
(apps/workspace/first_screen.py, first_paint.py, frontend/js/portlets/plot.js).

plotly.js's request is held (not answered) while the server's drawing is read, then let through:
plotly then draws the same figure in the same place, and what both drew is compared.
"""
from urllib.parse import urlsplit

import pytest

from apps.oms.probes import SOURCE_LABELS
from apps.workspace import first_screen
from apps.workspace.first_screen import body_size
from apps.workspace.pages import pages
from tests.browser.helpers import LAPTOP, SETTLED, portlet

PLOTLY = "**/static/vendor/plotly-cartesian.min.js*"
PAGES = [
    ("/pages/lumi_deadtime?run=324245", ["Instantaneous luminosity", "Integrated luminosity", "Dead time by source"]),
    ("/pages/fed_errors?run=324245", ["Errors per lumisection", "Errors per FED and channel"]),
    ("/pages/shift_report?shift=2018-10-09/evening", ["Dead time in the shift", "Luminosity per run"]),
]
# What a drawing shows, read alike from the server's SVG (.first-paint) and from plotly's
# (.svg-container: two SVGs, the plot and, over it, its titles and legend): the size, the titles,
# each axis's tick labels and where they stand, the traces and the legend.
DRAWN = """root => {
  const texts = (selector) => [...root.querySelectorAll(selector)].map(t => t.textContent.replace(/\\u200b/g, ''));
  const ticks = (axis) => [...root.querySelectorAll(`.${axis}tick text`)].map(t => [t.textContent, Math.round(t.getBoundingClientRect()[axis === 'x' ? 'left' : 'top'] - root.getBoundingClientRect()[axis === 'x' ? 'left' : 'top'])]);
  const svg = root.querySelector('svg');
  // plotly takes the container's fractional width (669.33 px), the server the browser's whole pixels
  const px = (name) => Math.round(parseFloat(svg.getAttribute(name)));
  return { width: px('width'), height: px('height'), title: texts('.gtitle'),
           axes: texts('.xtitle, .ytitle, .x2title, .y2title'), x: ticks('x'), y: ticks('y'),
           traces: root.querySelectorAll('.cartesianlayer .trace, .heatmaplayer image, .hm').length, legend: texts('.legendtext') };
}"""


@pytest.fixture(autouse=True)
def time_enough(monkeypatch):
    """The first screen is drawn from the top: on a busy machine the tables above a plot may take
    its whole budget. These tests are about the drawings; the budget's own: test_first_screen.py."""
    monkeypatch.setattr(first_screen, "BUDGET_S", 120)


def drawn_in_advance(page, server, url, titles):
    """The server asked to draw these plots at the size its first screen gives them (GET …/svg
    waits for kaleido and keeps the drawing): the page's HTML then carries them, whatever the
    machine's load (the HTML waits for a drawing at most first_screen.BUDGET_S). Their indices."""
    path, query = urlsplit(url).path, urlsplit(url).query
    page_id = path.rsplit("/", 1)[1]
    indices = [index for index, placed in enumerate(pages()[page_id].portlets) if placed["title"] in titles]
    for index in indices:
        width, height = body_size(pages()[page_id].portlets[index])
        answer = page.request.get(f"{server}/api/workspace/pages/{page_id}/portlets/{index}/svg?{query}&width={width}&height={height}")
        assert answer.status == 200, answer.text()
    return indices


def held_plotly(page):
    """plotly.js's requests, held until released(): the page must show its plots without it."""
    held, released = [], []

    def hold(route):
        if released:
            route.continue_()
        else:
            held.append(route)

    def release():
        released.append(True)
        for route in held:
            route.continue_()

    page.route(PLOTLY, hold)
    return release


@pytest.mark.parametrize("page", [{"viewport": LAPTOP}], indirect=True, ids=["laptop"])
@pytest.mark.parametrize("url, titles", PAGES)
def test_the_first_screen_shows_the_servers_plots_then_plotly_draws_the_same(server, page, new_page, url, titles):
    """The first screen is in the HTML: a browser that runs no script shows the plots, each drawn
    at its place's size, where the page built by its JavaScript puts the plot (the controller and
    header drawn by the server as tall as the script's), so nothing moves when the script runs.
    With scripts, the page shows the server's drawings before plotly.js has come, and plotly then
    draws the same in the same place."""
    indices = drawn_in_advance(page, server, url, titles)
    without_javascript = new_page(viewport=LAPTOP, java_script_enabled=False)
    without_javascript.goto(server + url)
    for title in titles:
        box = portlet(without_javascript, title).locator(".first-paint svg").bounding_box()
        body = portlet(without_javascript, title).locator(".portlet-body").bounding_box()
        assert (round(box["width"]), round(box["height"])) == (round(body["width"]), round(body["height"])), title
        drawn = portlet(without_javascript, title).locator(".first-paint").evaluate(DRAWN)
        assert drawn["title"] and drawn["axes"] and drawn["traces"], (title, drawn)
    assert without_javascript.locator("#nav a.current").text_content() == without_javascript.locator(".page-header h1").text_content()
    places = {title: portlet(without_javascript, title).bounding_box() for title in titles}

    release = held_plotly(page)
    asked = []
    page.on("request", lambda request: "/svg?" in request.url and asked.append(request.url))
    page.goto(server + url)
    first = {}
    for title in titles:
        picture = portlet(page, title).locator(".first-paint")
        picture.wait_for(state="visible")
        first[title] = picture.evaluate(DRAWN)
        assert first[title]["title"] and first[title]["x"] and first[title]["y"], (title, first[title])
    assert page.evaluate("typeof window.Plotly") == "undefined"
    # Each came with the HTML, at the size the browser gives the plot (plots further down may be asked for).
    assert [url for url in asked if any(f"/portlets/{index}/svg?" in url for index in indices)] == []
    release()
    page.wait_for_function(SETTLED)
    for title in titles:
        plot = portlet(page, title)
        assert plot.locator(".first-paint").count() == 0 and plot.get_attribute("data-state") == "ready", plot.text_content()
        assert plot.locator(".plot .svg-container").evaluate(DRAWN) == first[title], title
    assert {title: portlet(page, title).bounding_box() for title in titles} == places


def test_the_lumi_plots_drawn_by_the_server_show_the_runs_traces(server, new_page):
    """What the server drew, checked against the probe's own labels, not against plotly's drawing."""
    page = new_page()
    release = held_plotly(page)
    page.goto(f"{server}/pages/lumi_deadtime?run=324245")
    dead_time = portlet(page, "Dead time by source").locator(".first-paint")
    dead_time.wait_for(state="visible")
    drawn = dead_time.evaluate(DRAWN)
    assert sorted(drawn["legend"]) == sorted(SOURCE_LABELS.values())  # stacked: the legend lists them top down
    assert drawn["axes"] == ["Lumisection", "Dead time [%]"]
    release()
