"""The browser asks the server and knows no rule of its own: a controller value registered in
Python alone works in the page, and a drill-down opens the link the portlet's content carries."""
import shutil

import pytest
from django.db.models import Max
from playwright.sync_api import expect

from apps.daq.models import FedError
from apps.oms.models import Run
from apps.workspace import pages, schemas
from pixelws.controller import ALL, SELECTORS, URL_VALUES, VALUES, Selector, Value, page_link
from pixelws.probes import Parameter
from tests.browser.helpers import SETTLED, open_settled, portlet, table_rows

FIRST_RUN = Value("first_run", "First run", "The first run listed.", "run_number", "GE",
                  Parameter("first_run", "integer", help="the first run listed"), widget="number", label="From run", size=8)  # fmt: skip
PAGE = """title: Runs from one
folder: Tests
controller: {selectors: [first_run]}
portlets:
  - {title: Runs from the one chosen, type: table, pos_x: 0, pos_y: 0, size_x: 12, size_y: 4,
     configuration: {resource: runs, columns: [run_number], sort: run_number, filters: {"run_number[GE]": $first_run}}}
"""


@pytest.fixture
def first_run(settings, tmp_path, monkeypatch):
    """A value and its selector registered as a student would add one (pixelws/controller.py),
    and a page choosing it."""
    for registry, value in ((ALL, FIRST_RUN), (URL_VALUES, FIRST_RUN), (VALUES, FIRST_RUN),
                            (SELECTORS, Selector("first_run", ("first_run",)))):  # fmt: skip
        monkeypatch.setitem(registry, "first_run", value)
    schemas.controller_schema.cache_clear()
    schemas.portlet_schema.cache_clear()
    for shipped in pages.PAGES_DIR.glob("*.yaml"):
        shutil.copy(shipped, tmp_path)
    (tmp_path / "runs_from_one.yaml").write_text(PAGE)
    settings.WORKSPACE_PAGES_DIR = tmp_path
    assert pages.load_all()[1] == []
    yield "runs_from_one"
    schemas.controller_schema.cache_clear()
    schemas.portlet_schema.cache_clear()


def test_a_value_registered_in_python_works_in_the_page(server, new_page, orm, first_run):
    page = new_page()
    open_settled(page, f"{server}/pages/{first_run}")
    table = portlet(page, "Runs from the one chosen")
    assert table.get_attribute("data-state") == "waiting"
    assert table.locator(".portlet-message").text_content() == "Choose a first run above."
    field = page.locator("input[name=first_run]")
    assert field.get_attribute("title") == FIRST_RUN.description
    runs = list(Run.objects.order_by("run_number").values_list("run_number", flat=True))
    chosen = runs[-3]
    field.fill(str(chosen))
    field.press("Enter")
    page.wait_for_url(f"**/pages/{first_run}?first_run={chosen}")
    page.wait_for_function(SETTLED)
    assert [row[0] for row in table_rows(page, "Runs from the one chosen")] == [str(r) for r in runs[-3:]]
    assert page.console_errors == []
    # A value the server refuses is left out and said, in the server's words (naming it).
    open_settled(page, f"{server}/pages/{first_run}?first_run=12abc")
    page.wait_for_function("() => document.querySelector('.context').classList.contains('problem')")
    assert "(first_run)" in page.locator(".context").text_content()
    assert table.locator(".portlet-message").text_content() == "Choose a first run above."
    assert page.url.endswith(f"/pages/{first_run}")
    assert page.console_errors and all("status of 400" in error for error in page.console_errors)  # the refusal, as the browser logs it


def test_a_drill_down_opens_the_link_of_the_portlets_content(server, new_page, orm, api):
    run = FedError.objects.aggregate(n=Max("run_number"))["n"]
    page = new_page()
    open_settled(page, f"{server}/pages/fed_errors?run={run}")
    content = api.get(f"/api/workspace/pages/fed_errors/portlets/2?run={run}").json()["data"]["attributes"]
    assert content["title"] == "Channels with the most errors"
    first = content["table"]["rows"][0]
    channel = first["cells"][[c["name"] for c in content["table"]["header"]].index("fed_channel")]["text"]
    assert first["drill"] == page_link("fed_channels", {"run": run, "fed_channel": channel})
    portlet(page, "Channels with the most errors").locator("tbody tr").first.click()
    page.wait_for_url(f"{server}{first['drill']}")
    # The drill-down page is drawn in place: the old page's portlets read settled until it is.
    expect(page.locator("input[name=fed_channel]")).to_have_value(channel)
    # A plot's cell: its value in the slot of the link its content carries.
    open_settled(page, f"{server}/pages/fed_errors?run={run}")
    plot = api.get(f"/api/workspace/pages/fed_errors/portlets/6?run={run}").json()["data"]["attributes"]
    assert plot["title"] == "FED errors in BPix layer 1"
    roc = "BPix_BmO_SEC1_LYR1_LDR1F_MOD1_ROC0"
    assert plot["drilldown"]["link"].replace(plot["drilldown"]["slot"], roc) == page_link("roc_history", {"run": run, "roc": roc})
    portlet(page, "FED errors in BPix layer 1").locator(".plot").evaluate(f"g => g.emit('plotly_click', {{points: [{{customdata: '{roc}'}}]}})")
    page.wait_for_url(f"{server}{page_link('roc_history', {'run': run, 'roc': roc})}")
    assert page.console_errors == []
