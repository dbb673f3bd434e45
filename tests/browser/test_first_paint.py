"""A page's first paint in a real browser: its plots drawn by the server (SVG) before plotly.js has
run, and plotly.js taking each over with the same drawing (apps/workspace/first_paint.py,
frontend/js/portlets/plot.js).

plotly.js's request is held (not answered) while the server's drawing is read, then let through:
plotly then draws the same figure in the same place, and what both drew is compared.
"""
import pytest

from apps.oms.probes import SOURCE_LABELS
from tests.browser.helpers import SETTLED, portlet

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


@pytest.mark.parametrize("url, titles", PAGES)
def test_the_first_screen_shows_the_servers_plots_then_plotly_draws_the_same(server, page, url, titles):
    release = held_plotly(page)
    page.goto(server + url)
    first = {}
    for title in titles:
        picture = portlet(page, title).locator(".first-paint")
        picture.wait_for(state="visible")
        first[title] = picture.evaluate(DRAWN)
        assert first[title]["title"] and first[title]["x"] and first[title]["y"], (title, first[title])
    assert page.evaluate("typeof window.Plotly") == "undefined"
    release()
    page.wait_for_function(SETTLED)
    for title in titles:
        plot = portlet(page, title)
        assert plot.locator(".first-paint").count() == 0 and plot.get_attribute("data-state") == "ready", plot.text_content()
        assert plot.locator(".plot .svg-container").evaluate(DRAWN) == first[title], title


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
