"""The Lumi & dead time page in a real browser, against the demo data.

Expected values come from the ORM (the views), never from the page itself.
"""
import csv
import io
import re

import pytest
from django.db.models import Avg, Max

from apps.oms.models import Deadtime, Lumisection, Run
from apps.oms.probes import SOURCE_LABELS
from tests.browser.helpers import SETTLED, open_settled, portlet, traces

RUN, OTHER_RUN, FILL = 324245, 324246, 7269
PAGE = "/pages/lumi_deadtime"


def axis_titles(page, title):
    plot = portlet(page, title)
    # Plotly puts zero-width spaces around superscripts: 10<sup>30</sup> reads "10\u200b30\u200b".
    return tuple(plot.locator(t).text_content().replace("\u200b", "") for t in (".xtitle", ".ytitle"))


def ls_count(run):
    return Lumisection.objects.filter(run_number=run).count()


def wait_for_points(page, title, count):
    """Until the plot shows ``count`` points and its portlet is ready (the page's timeout applies)."""
    page.wait_for_function(
        """([title, count]) => { const p = document.querySelector(`.portlet[data-title="${title}"]`);
           const g = p && p.querySelector('.plot');
           return g && g.data && g.data[0].x.length === count && p.dataset.state === 'ready'; }""",
        arg=[title, count],
    )


@pytest.fixture
def lumi_page(server, page, orm):
    """The page at RUN, for a test that changes what it shows."""
    open_settled(page, f"{server}{PAGE}?run={RUN}")
    return page


@pytest.fixture
def run_read(loaded_once):
    """The page at RUN, loaded once for the tests that only read it (its plots, summaries, table
    and CSV downloads)."""
    return loaded_once(f"{PAGE}?run={RUN}")


def test_plots_of_a_run(run_read, orm):
    page, n = run_read, ls_count(RUN)
    assert traces(page, "Instantaneous luminosity") == [["Delivered", n], ["Recorded", n]]
    assert axis_titles(page, "Instantaneous luminosity") == ("Lumisection", "Instantaneous luminosity [1030cm-2s-1]")
    assert traces(page, "Integrated luminosity") == [["Delivered", n], ["Recorded", n]]
    assert axis_titles(page, "Integrated luminosity") == ("Lumisection", "Integrated luminosity [pb-1]")
    assert traces(page, "Dead time by source") == [[name, n] for name in SOURCE_LABELS.values()]
    assert axis_titles(page, "Dead time by source") == ("Lumisection", "Dead time [%]")
    assert page.console_errors == []


def test_summaries_and_runs_table(run_read, orm):
    page = run_read
    run = Run.objects.get(run_number=RUN)
    assert portlet(page, "Delivered (run)").locator(".value").text_content() == f"{run.delivered_lumi:.2f}"
    assert portlet(page, "Delivered (run)").locator(".units").text_content() == "pb-1"
    headers = portlet(page, "Runs of the fill with dead time").locator("th").all_text_contents()
    assert headers[0] == "Run number ▲" and "Delivered lumi [pb-1]" in headers and headers[-1] == "Dead time (beam active) [%]"
    expected = []
    for r in Run.objects.filter(fill_number=FILL).order_by("run_number"):
        dead = Deadtime.objects.filter(run_number=r.run_number).aggregate(p=Avg("ba_total_pct"))["p"]
        expected.append([str(r.run_number), f"{r.delivered_lumi:.3f}", f"{r.recorded_lumi:.3f}", f"{dead:.3f}"])
    rows = portlet(page, "Runs of the fill with dead time").locator("tbody tr")
    cells = [rows.nth(i).locator("td").all_text_contents() for i in range(rows.count())]
    assert [[c[0], c[4], c[5], c[6]] for c in cells] == expected
    assert portlet(page, "Runs of the fill with dead time").locator("tr.current td").first.text_content() == str(RUN)
    # A table links the rows it shows: its query and the joined one.
    links = portlet(page, "Runs of the fill with dead time").locator(".sources a")
    assert links.all_text_contents() == ["runs", "deadtimes"]
    shown = page.request.get(links.first.get_attribute("href")).json()["data"]
    assert [o["id"] for o in shown] == [c[0] for c in cells]


def test_changing_the_run_updates_url_and_plots(lumi_page, orm):
    page = lumi_page
    run_input = page.locator("input[name=run]")
    run_input.fill(str(OTHER_RUN))
    run_input.press("Enter")
    page.wait_for_url(re.compile(rf"\?run={OTHER_RUN}$"))
    wait_for_points(page, "Instantaneous luminosity", ls_count(OTHER_RUN))
    assert f"run {OTHER_RUN}" in portlet(page, "Instantaneous luminosity").locator(".gtitle").text_content()
    # A click on a run of the table shows that run.
    portlet(page, "Runs of the fill with dead time").locator("tbody tr", has_text=str(RUN)).first.click()
    page.wait_for_url(re.compile(rf"\?run={RUN}$"))
    wait_for_points(page, "Dead time by source", ls_count(RUN))
    # Back returns to the previous run.
    page.go_back()
    page.wait_for_url(re.compile(rf"\?run={OTHER_RUN}$"))
    wait_for_points(page, "Dead time by source", ls_count(OTHER_RUN))
    assert page.console_errors == []


def test_quick_run_changes_show_the_last_run_without_errors(lumi_page, orm):
    """Changing the run before the answers arrive cuts off the older requests: only the newest
    selection is drawn, and the cut-off requests are not reported as errors."""
    page = lumi_page
    runs = list(Run.objects.filter(fill_number=FILL).order_by("run_number").values_list("run_number", flat=True))
    run_input = page.locator("input[name=run]")
    for run in runs * 2:
        run_input.fill(str(run))
        run_input.press("Enter")
    last = runs[-1]
    page.wait_for_url(re.compile(rf"\?run={last}$"))
    wait_for_points(page, "Dead time by source", ls_count(last))
    page.wait_for_function(SETTLED)
    assert traces(page, "Instantaneous luminosity") == [["Delivered", ls_count(last)], ["Recorded", ls_count(last)]]
    assert portlet(page, "Runs of the fill with dead time").locator("tr.current td").first.text_content() == str(last)
    assert page.locator("input[name=run]").input_value() == str(last)
    assert page.locator(".controller .context").text_content().startswith(f"Run {last} ·")
    assert page.title().startswith(f"Lumi & dead time · run {last}")
    assert page.console_errors == []


def test_a_permalink_restores_the_view_in_a_fresh_browser(server, new_page, orm):
    first = new_page()
    open_settled(first, f"{server}{PAGE}?run={RUN}")
    first.locator("input[name=ls_min]").fill("100")
    first.locator("input[name=ls_min]").press("Enter")
    first.wait_for_url(re.compile(r"ls_min=100"))
    first.wait_for_function(SETTLED)
    first.locator("input[name=ls_max]").fill("250")
    first.locator("input[name=ls_max]").press("Enter")
    first.wait_for_url(re.compile(r"ls_max=250"))
    wait_for_points(first, "Integrated luminosity", 151)
    shared = first.url
    fresh = new_page()  # another browser context: nothing kept but the URL
    open_settled(fresh, shared)
    assert fresh.locator("input[name=run]").input_value() == str(RUN)
    assert fresh.locator("input[name=ls_min]").input_value() == "100"
    assert fresh.locator("input[name=ls_max]").input_value() == "250"
    assert traces(fresh, "Integrated luminosity") == [["Delivered", 151], ["Recorded", 151]]
    assert fresh.console_errors == []


def test_two_clicks_from_the_workspace_to_the_newest_run(server, page, orm):
    page.goto(f"{server}/")
    page.locator("#nav").get_by_role("link", name="Lumi & dead time").click()
    newest = Run.objects.aggregate(n=Max("run_number"))["n"]
    page.wait_for_url(re.compile(rf"{PAGE}\?run={newest}$"))  # the default view is a permalink too
    page.wait_for_function(SETTLED)
    assert traces(page, "Instantaneous luminosity")[0][1] == ls_count(newest)


def test_a_fill_plots_against_time(server, new_page, orm):
    page = new_page()
    open_settled(page, f"{server}{PAGE}?fill={FILL}")
    n = Lumisection.objects.filter(fill_number=FILL).count()
    assert traces(page, "Instantaneous luminosity") == [["Delivered", n], ["Recorded", n]]
    assert axis_titles(page, "Instantaneous luminosity")[0] == "Time (UTC)"
    assert portlet(page, "Delivered (run)").locator(".portlet-message").text_content() == "Choose a run above."


def test_errors_and_missing_data_are_said_not_blank(server, new_page, orm):
    page = new_page()
    open_settled(page, f"{server}{PAGE}?run=999999")
    assert "There is no run 999999" in page.locator(".controller .context").text_content()
    # A probe answers an unknown run as every probe does (pixelws/scope.py): a 404 naming run.
    assert portlet(page, "Instantaneous luminosity").get_attribute("data-state") == "error"
    assert portlet(page, "Instantaneous luminosity").locator(".portlet-message").text_content() == (
        "The API refused: Not Found: There is no run 999999 in the database. (run)")
    open_settled(page, f"{server}{PAGE}?fill={FILL}&ls_min=3")
    message = portlet(page, "Dead time by source").locator(".portlet-message").text_content()
    assert portlet(page, "Dead time by source").get_attribute("data-state") == "error"
    assert "ls_min" in message and message.startswith("The API refused: Bad Request")


def test_csv_download_of_a_plot(run_read, orm):
    page = run_read
    with page.expect_download() as download:
        portlet(page, "Integrated luminosity").locator("button.csv").click()
    rows = list(csv.reader(io.StringIO(open(download.value.path()).read())))
    assert rows[0] == ["series", "x", "y"]
    assert len(rows) == 1 + 2 * ls_count(RUN)
    assert rows[1][:2] == ["Delivered", "1"]


def test_csv_download_of_a_table_and_a_summary(run_read, orm):
    page = run_read

    def download(title, filename):
        with page.expect_download() as started:
            portlet(page, title).locator("button.csv").click()
        assert started.value.suggested_filename == filename
        return list(csv.reader(io.StringIO(open(started.value.path()).read())))

    rows = download("Runs of the fill with dead time", "runs_of_the_fill_with_dead_time.csv")
    runs = list(Run.objects.filter(fill_number=FILL).order_by("run_number"))
    assert rows[0][0] == "run_number" and rows[0][-1] == "beamactive_total_deadtime.percent"
    assert [r[0] for r in rows[1:]] == [str(r.run_number) for r in runs]
    assert [float(r[rows[0].index("delivered_lumi")]) for r in rows[1:]] == [r.delivered_lumi for r in runs]
    summary = download("Delivered (run)", "delivered_run.csv")
    assert summary[0] == ["quantity", "value", "units"]
    assert summary[1][0] == "Delivered luminosity of the run" and summary[1][2] == "pb^{-1}"
    assert float(summary[1][1]) == Run.objects.get(run_number=RUN).delivered_lumi


def test_previous_and_next_run_buttons_open_the_neighbouring_runs(lumi_page, server, orm):
    """◀ ▶ ask the API for the newest run before (the oldest after) the one shown (shell.js step)."""
    page = lumi_page
    before = Run.objects.filter(run_number__lt=RUN).order_by("-run_number").first().run_number
    after = Run.objects.filter(run_number__gt=RUN).order_by("run_number").first().run_number
    page.get_by_title("Previous run").click()
    page.wait_for_url(f"{server}{PAGE}?run={before}")
    page.get_by_title("Next run").click()
    page.wait_for_url(f"{server}{PAGE}?run={RUN}")
    page.get_by_title("Next run").click()
    page.wait_for_url(f"{server}{PAGE}?run={after}")
    assert page.console_errors == []
