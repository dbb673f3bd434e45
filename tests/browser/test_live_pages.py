"""Live pages in a real browser on growing data: a real server (two workers) on a copy of the
demo database that the test grows while the page watches (a new run going on, its lumisections,
an LV trip), with a live period of 1 s; and on the frozen week (the test database's server),
which says that no new data came since it ended."""
import re

import pytest

from tests.browser.helpers import SETTLED, portlet, traces
from tests.live.growing import Growing
from tests.live.serving import copy_database, serving

pytestmark = pytest.mark.long

LUMI = "Instantaneous luminosity"
STATUS_LINE = ".controller .live-status"


@pytest.fixture(scope="module")
def grown(django_db_setup, tmp_path_factory):
    """(the server's URL, a Growing on its database): a run going on with 5 lumisections."""
    from django.conf import settings

    directory = tmp_path_factory.mktemp("live")
    database = directory / "pixelws.sqlite3"
    copy_database(settings.SQLITE_PATH, database)
    growing = Growing.on_file(database)
    growing.start_run(lumisections=5)
    # Sharing off: each request reads the database as it is (the 10 s bound is tests/live/test_live_status.py's).
    with serving(database, directory, LIVE_PERIOD=1, SHARED_QUERY_SECONDS=0, LIVE_STALE=600) as base:
        yield base, growing


def status_line(page):
    return page.locator(STATUS_LINE).text_content()


def drag_zoom(page, title):
    """Zoom the plot as a user does: a drag across the middle half of its plot area."""
    box = portlet(page, title).locator(".nsewdrag").first.bounding_box()
    y = box["y"] + box["height"] / 2
    page.mouse.move(box["x"] + box["width"] * 0.25, y)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.5, y, steps=5)
    page.mouse.move(box["x"] + box["width"] * 0.75, y, steps=5)
    page.mouse.up()


def plot_state(page, title):
    """(the x axis's range, each trace's visibility) of a plot as drawn."""
    return portlet(page, title).locator(".plot").evaluate(
        "g => [g._fullLayout.xaxis.range.map(Number), g._fullData.filter(t => t.legendgroup !== 'Events').map(t => t.visible)]")


def test_a_live_page_grows_in_place_and_shows_an_alarm_going_on(grown, new_page):
    base, growing = grown
    run = growing.newest_run()[0]
    page = new_page()
    portlet_requests = []
    page.on("request", lambda r: "/api/workspace/pages/" in r.url and portlet_requests.append(r.headers.get("if-none-match")))
    page.goto(f"{base}/pages/lumi_deadtime?live=1")
    page.wait_for_function(SETTLED)
    page.wait_for_function(f"() => document.querySelector('{STATUS_LINE}')?.textContent.includes('newest LS 5,')")
    assert re.fullmatch(rf"Live · newest LS 5, \d\d:\d\d:\d\d UTC \(run {run}, going on\)", status_line(page))
    assert f"run {run}" in portlet(page, LUMI).locator(".gtitle").text_content()
    assert traces(page, LUMI)[0][1] == 5
    assert page.url.endswith("/pages/lumi_deadtime?live=1")  # following the newest, not pinned to one run

    # The user zooms in and hides a trace; then a lumisection arrives.
    drag_zoom(page, LUMI)
    page.wait_for_function("g => g._fullLayout.xaxis.autorange === false", arg=portlet(page, LUMI).locator(".plot").element_handle())
    graph = portlet(page, LUMI).locator(".plot").element_handle()
    portlet(page, LUMI).locator(".legend .traces .legendtoggle").first.click(force=True)
    page.wait_for_function("g => g._fullData[0].visible === 'legendonly'", arg=graph)  # after plotly's double-click wait
    zoomed = plot_state(page, LUMI)
    assert "legendonly" in zoomed[1]
    growing.add_lumisection()
    page.wait_for_function(f"() => document.querySelector('{STATUS_LINE}').textContent.includes('newest LS 6,')")
    page.wait_for_function("g => g.data[0].x.length === 6", arg=graph)
    assert plot_state(page, LUMI) == zoomed  # grown in place: the zoom and the hidden trace kept
    assert page.locator(".live-banner").count() == 0 and not page.title().startswith("1 alarm")
    # The refreshes asked each portlet with the ETag of what it showed.
    assert portlet_requests and portlet_requests[-1] is not None

    # An LV channel trips: a banner names the alarms and links the page that shows them.
    growing.lv_trip("BPix_BmI_SEC1_LV_ANALOG")
    banner = page.get_by_role("alert")
    banner.wait_for()
    assert banner.locator("strong").text_content() == "2 alarms going on"
    links = banner.locator("a").evaluate_all("as => as.map(a => [a.textContent, a.getAttribute('href')])")
    assert [text for text, _ in links] == ["LV current of BPix_BmI_SEC1_LV_ANALOG below its limits", "LV channel BPix_BmI_SEC1_LV_ANALOG tripped"]
    assert all(re.fullmatch(r"/pages/power\?shift=\d{4}-\d\d-\d\d/(morning|evening|night)", href) for _, href in links)
    assert page.title().startswith("2 alarms · Lumi & dead time")
    banner.locator("a").last.click()
    page.wait_for_url(re.compile(r"/pages/power\?shift="))
    page.wait_for_function(SETTLED)
    growing.lv_back_on("BPix_BmI_SEC1_LV_ANALOG")
    assert page.console_errors == []


def test_a_live_table_keeps_its_scroll_as_it_grows(grown, new_page):
    base, growing = grown
    page = new_page()
    page.set_viewport_size({"width": 1400, "height": 900})
    refused = []
    page.on("response", lambda r: r.status >= 400 and refused.append((r.status, r.url)))
    page.goto(f"{base}/pages/power?live=1")
    page.wait_for_function(SETTLED)
    body = portlet(page, "Power groups, worst state first").locator(".portlet-body")
    assert body.evaluate("b => b.scrollHeight > b.clientHeight + 40")  # a table longer than its portlet
    body.evaluate("b => { b.scrollTop = 40; }")
    before = page.locator(STATUS_LINE).text_content()
    growing.add_lumisection()
    growing.lv_trip("BPix_BmO_SEC2_LV_ANALOG")
    page.wait_for_function(f"() => document.querySelector('{STATUS_LINE}').textContent !== {before!r}")
    page.get_by_role("alert").wait_for()
    page.wait_for_function("() => document.querySelector('.portlet[data-title=\"Power groups, worst state first\"] tbody')?.textContent.includes('TRIPPED')")
    assert body.evaluate("b => b.scrollTop") == 40
    growing.lv_back_on("BPix_BmO_SEC2_LV_ANALOG")
    assert refused == [] and page.console_errors == []


def test_the_frozen_week_says_no_new_data_since_it_ended(server, new_page):
    page = new_page()
    page.goto(f"{server}/pages/power?live=1")
    page.wait_for_function(SETTLED)
    page.wait_for_function(f"() => document.querySelector('{STATUS_LINE}')?.textContent.length > 0")
    assert status_line(page) == "No new data since 2018-10-16 13:26:00 UTC"
    assert page.locator(STATUS_LINE).get_attribute("class") == "live-status stale"
    assert page.get_by_role("alert").count() == 0
    assert page.title() == "Power: LV & HV · morning shift 2018-10-16 · Pixel"


def test_live_polls_the_status_every_period_and_asks_portlets_only_when_it_moved(server, page):
    """The frozen week never moves: after the first load, a poll every 30 s (the browser's clock,
    fast-forwarded) asks the status, never the portlets again."""
    asked = {"status": [], "portlets": []}
    page.on("request", lambda r: "/api/workspace/live" in r.url and asked["status"].append(r.url))
    page.on("request", lambda r: "/api/workspace/pages/" in r.url and "/svg?" not in r.url and asked["portlets"].append(r.url))  # not the first paint
    page.clock.install()
    page.goto(f"{server}/pages/lumi_deadtime?live=1")
    page.wait_for_function(SETTLED)
    page.wait_for_function(f"() => document.querySelector('{STATUS_LINE}')?.textContent.length > 0")
    portlets, status = len(asked["portlets"]), len(asked["status"])
    # Each portlet asked once, or not at all when its content came with the page's HTML (first screen).
    assert status == 1 and len(set(asked["portlets"])) == portlets <= len(page.locator(".portlet").all()), asked
    page.clock.pause_at(page.evaluate("Date.now()") / 1000 + 1)  # ahead: the page's clock runs on meanwhile
    with page.expect_request(re.compile(r"/api/workspace/live$")):
        page.clock.run_for(30_500)
    page.clock.run_for(30_000)
    assert len(asked["status"]) >= status + 1 and len(asked["portlets"]) == portlets
    # Unticking live pins the run shown: the URL becomes its permalink, and the status line goes.
    page.clock.resume()
    page.locator("input[name=live]").uncheck()
    page.wait_for_url(re.compile(r"\?run=\d+$"))
    assert page.locator(STATUS_LINE).count() == 0
    # Ticking it again follows the newest: the run leaves the URL.
    page.locator("input[name=live]").check()
    page.wait_for_url(re.compile(r"/pages/lumi_deadtime\?live=1$"))
