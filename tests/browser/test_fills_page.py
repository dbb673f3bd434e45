"""The Fills and runs page: a chosen fill is shown, highlighted, on the page of the table that holds it."""
import re

from apps.oms.models import Fill, Run
from tests.browser.helpers import SETTLED, open_settled, portlet, table_rows

PAGE = "/pages/fills_runs"
PAGE_SIZE = 10  # the Fills table's page_size in apps/workspace/pages/fills_runs.yaml


def fills_newest_first():
    return list(Fill.objects.filter(era="Run2018D").order_by("-fill_number").values_list("fill_number", flat=True))


def test_the_chosen_fill_is_shown_on_its_page_of_the_table(server, page, orm):
    fills = fills_newest_first()
    chosen = fills[PAGE_SIZE + 2]  # on the second page, newest first
    open_settled(page, f"{server}{PAGE}?fill={chosen}")
    table = portlet(page, "Fills")
    assert table.locator("tr.current td").first.text_content() == str(chosen)
    assert [int(r[0]) for r in table_rows(page, "Fills")] == fills[PAGE_SIZE : 2 * PAGE_SIZE]
    assert table.locator(".paging span").text_content() == f"rows {PAGE_SIZE + 1}–{min(2 * PAGE_SIZE, len(fills))} of {len(fills)}"
    runs = [str(r) for r in Run.objects.filter(fill_number=chosen).order_by("run_number").values_list("run_number", flat=True)]
    assert [r[0] for r in table_rows(page, "Runs of the fill")] == runs
    # Paging away and choosing a fill there keeps that page; the newest fill opens the first page.
    table.locator("button[data-page='-1']").click()
    page.wait_for_function(SETTLED)
    table.locator("tbody tr", has_text=str(fills[1])).first.click()
    page.wait_for_url(re.compile(rf"\?fill={fills[1]}$"))
    page.wait_for_function(SETTLED)
    assert table.locator("tr.current td").first.text_content() == str(fills[1])
    assert [int(r[0]) for r in table_rows(page, "Fills")] == fills[:PAGE_SIZE]
