"""Live mode: the page follows the newest run and reloads every portlet's data every 30 s. The
browser's clock is Playwright's, fast-forwarded; the requests the page makes are counted.

(The test cannot add lumisections while the page reloads: the test database is one in-memory
SQLite shared with the server's threads, and concurrent reads after an uncommitted write fail
with "table is locked". So it checks that the data are asked for again, not that they grew.)"""
import re

from django.db.models import Max

from apps.oms.models import Lumisection, Run
from apps.workspace.pages import pages
from tests.browser.helpers import SETTLED, portlet, traces

PAGE = "/pages/lumi_deadtime"
PROBES = ("inst_lumi", "cumulative_lumi", "deadtime_by_source")
# The page's plot portlets by their place in the page file, which names their content's URL.
PLOTS = {str(i): p["configuration"]["probe"] for i, p in enumerate(pages()["lumi_deadtime"].portlets) if p["type"] == "plot"}
CONTENT = re.compile(rf"/api/workspace/pages/lumi_deadtime/portlets/({'|'.join(PLOTS)})(\?|$)")


def probe_of(url):
    """The probe whose plot a request asks for, as the content of one of the page's plot portlets."""
    match = CONTENT.search(url)
    return PLOTS[match[1]] if match else None


def seconds(hh_mm_ss):
    h, m, s = map(int, hh_mm_ss.split(":"))
    return 3600 * h + 60 * m + s


def plot_fetches(page):
    """How many plots the page has fetched, counted in the page as fetch() is called: no waiting
    for the network to tell."""
    return page.evaluate("window.plotFetches")


COUNT_PLOT_FETCHES = """
    const originalFetch = window.fetch;
    window.plotFetches = 0;
    window.fetch = (url, ...rest) => {
      if (new RegExp(%r).test(String(url))) window.plotFetches += 1;
      return originalFetch(url, ...rest);
    };
""" % CONTENT.pattern


def test_live_mode_follows_the_newest_run_and_reloads_every_30_s(server, new_page, orm):
    newest = Run.objects.aggregate(n=Max("run_number"))["n"]
    page = new_page()
    asked = []
    assert sorted(PLOTS.values()) == sorted(PROBES)
    page.on("request", lambda r: probe_of(r.url) and asked.append(probe_of(r.url)))
    page.add_init_script(COUNT_PLOT_FETCHES)
    page.clock.install()
    page.goto(f"{server}{PAGE}?live=1")
    page.wait_for_function(SETTLED)
    assert page.locator("input[name=live]").is_checked()
    assert traces(page, "Instantaneous luminosity")[0][1] == Lumisection.objects.filter(run_number=newest).count()
    assert f"run {newest}" in portlet(page, "Instantaneous luminosity").locator(".gtitle").text_content()
    assert sorted(asked) == sorted(PROBES)
    context = page.locator(".controller .context")
    first_update = re.search(r"live, updated (\d\d:\d\d:\d\d) UTC, every 30 s$", context.text_content()).group(1)

    # From here the page's clock moves only when the test moves it, so the 30 s are exact. The
    # timer was set in the second the page says it updated, so it fires in the second 30 s on.
    page.clock.pause_at(page.evaluate("Date.now()") / 1000)  # seconds
    now = page.evaluate("Date.now()")
    into_the_second = (now - seconds(first_update) * 1000) % 86_400_000  # ms since that second began
    page.clock.run_for(30_000 - into_the_second - 1000)  # before the earliest the timer can fire
    assert plot_fetches(page) == len(PROBES) and sorted(asked) == sorted(PROBES)  # not yet
    with page.expect_request(lambda r: probe_of(r.url) == "deadtime_by_source"):
        page.clock.run_for(2000)  # past the latest it can
    page.wait_for_function(SETTLED, polling=100)  # the clock still paused
    assert plot_fetches(page) == 2 * len(PROBES) and sorted(asked) == sorted(PROBES * 2)
    second_update = re.search(r"updated (\d\d:\d\d:\d\d) UTC", context.text_content()).group(1)
    # The data came once run_for() had left the clock 31 s after the second of the first update.
    assert (seconds(second_update) - seconds(first_update)) % 86400 == 31
    page.clock.resume()
    assert re.search(r"\?live=1$", page.url)  # still following the newest run, not pinned to one
    # Unticking live pins the run shown: the URL becomes its permalink, and reloading stops.
    page.locator("input[name=live]").uncheck()
    page.wait_for_url(re.compile(rf"\?run={newest}$"))
    page.wait_for_function(SETTLED)
    assert "live" not in context.text_content()
    reloaded = plot_fetches(page)
    page.clock.pause_at(page.evaluate("Date.now()") / 1000)  # seconds
    page.clock.run_for(61_000)  # runs every timer due in 61 s, in the page, before it returns
    assert plot_fetches(page) == reloaded
    assert page.console_errors == []
