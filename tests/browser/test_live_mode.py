"""Live mode: the page follows the newest run and reloads every portlet's data every 30 s. The
browser's clock is Playwright's, fast-forwarded; the requests the page makes are counted.

(The test cannot add lumisections while the page reloads: the test database is one in-memory
SQLite shared with the server's threads, and concurrent reads after an uncommitted write fail
with "table is locked". So it checks that the data are asked for again, not that they grew.)"""
import re
from datetime import timedelta

from django.db.models import Max

from apps.oms.models import Lumisection, Run
from tests.browser.helpers import SETTLED, portlet, traces

PAGE = "/pages/lumi_deadtime"
PROBES = ("inst_lumi", "cumulative_lumi", "deadtime_by_source")


def seconds(hh_mm_ss):
    h, m, s = map(int, hh_mm_ss.split(":"))
    return 3600 * h + 60 * m + s


def test_live_mode_follows_the_newest_run_and_reloads_every_30_s(server, new_page, orm):
    newest = Run.objects.aggregate(n=Max("run_number"))["n"]
    page = new_page()
    asked = []
    page.on("request", lambda r: "/api/v1/plots/" in r.url and asked.append(r.url.split("/api/v1/plots/")[1].split("?")[0]))
    page.clock.install()
    page.goto(f"{server}{PAGE}?live=1")
    page.wait_for_function(SETTLED)
    assert page.locator("input[name=live]").is_checked()
    assert traces(page, "Instantaneous luminosity")[0][1] == Lumisection.objects.filter(run_number=newest).count()
    assert f"run {newest}" in portlet(page, "Instantaneous luminosity").locator(".gtitle").text_content()
    assert sorted(asked) == sorted(PROBES)
    context = page.locator(".controller .context")
    first_update = re.search(r"live, updated (\d\d:\d\d:\d\d) UTC, every 30 s$", context.text_content()).group(1)

    # The page's clock also runs on its own between these steps (seconds on a busy machine): a
    # margin before the 30 s, so the reload cannot come before the test waits for it.
    page.clock.fast_forward(timedelta(seconds=25))
    assert sorted(asked) == sorted(PROBES)  # not yet
    with page.expect_request(lambda r: "/api/v1/plots/deadtime_by_source" in r.url):
        page.clock.fast_forward(timedelta(seconds=6))
    page.wait_for_function(SETTLED)
    assert sorted(asked) == sorted(PROBES * 2)
    second_update = re.search(r"updated (\d\d:\d\d:\d\d) UTC", context.text_content()).group(1)
    assert 30 <= (seconds(second_update) - seconds(first_update)) % 86400 <= 40  # the 30 s timer, on the page's clock
    assert re.search(r"\?live=1$", page.url)  # still following the newest run, not pinned to one
    # Unticking live pins the run shown: the URL becomes its permalink, and reloading stops.
    page.locator("input[name=live]").uncheck()
    page.wait_for_url(re.compile(rf"\?run={newest}$"))
    page.wait_for_function(SETTLED)
    assert "live" not in context.text_content()
    reloaded = len(asked)
    page.clock.fast_forward(timedelta(seconds=61))
    page.wait_for_timeout(200)
    assert len(asked) == reloaded
    assert page.console_errors == []
