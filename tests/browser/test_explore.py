"""Explore in Chromium, as a summer student would: build a plot from the resource's /meta, reload
its URL and get the same plot, copy it as a page, and open that page from a new page file."""
import shutil

import pytest

from apps.oms.models import Lumisection
from apps.workspace import pages
from tests.browser.helpers import open_settled

BOTH_SETTLED = """() => { const ps = [...document.querySelectorAll('.portlet')];
  return ps.length === 2 && ps.every(p => p.dataset.state && p.dataset.state !== 'loading'); }"""
FIGURE = "g => g.data.map(t => ({name: t.name, x: t.x, y: t.y}))"


@pytest.fixture
def pages_folder(settings, tmp_path):
    """The workspace's pages in a folder of their own, where a test may add one."""
    for shipped in pages.PAGES_DIR.glob("*.yaml"):
        shutil.copy(shipped, tmp_path)
    settings.WORKSPACE_PAGES_DIR = tmp_path
    yield tmp_path


def test_build_reload_and_copy_as_page(server, page, orm, pages_folder):
    page.goto(f"{server}/explore")
    page.select_option("select[name=resource]", "lumisections")
    page.select_option("select[name=x]", "lumisection_number")
    page.select_option("select[name=y]", ["delivered_lumi"])
    page.fill("input[name=buckets]", "3000")
    page.press("input[name=buckets]", "Enter")
    page.click("[data-add-filter]")
    page.select_option("[data-filter] select[name=f_attribute]", "run_number")
    page.fill("[data-filter] input[name=f_value]", "324245")
    page.press("[data-filter] input[name=f_value]", "Enter")
    page.wait_for_function(BOTH_SETTLED)
    assert page.url == (f"{server}/explore?resource=lumisections&x=lumisection_number&y=delivered_lumi&buckets=3000"
                        "&filter[run_number][EQ]=324245")  # fmt: skip
    drawn = page.locator(".portlet-plot .plot").evaluate(FIGURE)
    lumisections = Lumisection.objects.filter(run_number=324245).order_by("lumisection_number")
    expected = list(lumisections.values_list("lumisection_number", "delivered_lumi"))
    [trace] = drawn  # one lumisection per bucket: the values themselves
    assert trace["name"] == "Delivered lumi" and list(zip(trace["x"], trace["y"])) == [tuple(e) for e in expected]
    assert page.locator(".portlet-table").get_by_text(f"rows 1–20 of {len(expected)}").is_visible()

    page.reload()  # the URL is the whole choice
    page.wait_for_function(BOTH_SETTLED)
    assert page.locator(".portlet-plot .plot").evaluate(FIGURE) == drawn
    assert page.locator("select[name=x]").input_value() == "lumisection_number"
    assert page.locator("[data-filter] input[name=f_value]").input_value() == "324245"

    page.click("[data-copy]")
    page.wait_for_selector(".copied:not([hidden])")
    yaml_text = page.locator(".page-yaml").input_value()
    assert "run_number[EQ]: $run" in yaml_text
    assert '"PlotPortlet"' in page.locator(".portal-json").input_value()

    (pages_folder / "delivered_per_ls.yaml").write_text(yaml_text)  # pasted into a new page file
    assert pages.load_all()[1] == []
    open_settled(page, f"{server}/pages/delivered_per_ls?run=324245")
    assert page.locator(".portlet-plot .plot").evaluate(FIGURE) == drawn


def test_a_histogram_grouped_and_a_refused_choice_says_why(server, new_page, orm):
    page = new_page()
    page.goto(f"{server}/explore?resource=lumisections&kind=histogram&x=pileup&bins=30&group=bpix_ready")
    page.wait_for_function(BOTH_SETTLED)
    traces = page.locator(".portlet-plot .plot").evaluate("g => g.data.map(t => [t.name, t.y.reduce((a, b) => a + b, 0)])")
    ready = Lumisection.objects.filter(bpix_ready=True).count()
    assert traces == [["False", Lumisection.objects.count() - ready], ["True", ready]]
    assert page.locator("select[name=y]").count() == 0  # a histogram counts x: no y to choose

    page.goto(f"{server}/explore?resource=lumisections&kind=histogram&x=pileup&filter[pileup][LIKE]=1")
    page.wait_for_function(BOTH_SETTLED)
    message = page.locator(".portlet-plot .portlet-message").text_content()
    assert "LIKE compares text; 'pileup' is a float" in message and "filter[pileup][LIKE]" in message
