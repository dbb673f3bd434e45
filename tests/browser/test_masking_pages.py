"""The masking pages in a real browser, against the demo data: what each map, plot and table shows
is checked against the masking views through the ORM, never against the page itself."""
import pytest

from apps.oms.models import Run
from apps.pixel.models import MaskedChannel, MaskedRoc
from apps.geometry.maps import SUMMARY_PARTS
from tests.browser.helpers import SETTLED, open_settled, portlet, settled_in_place, table_rows, traces

RUN = 324245
BPIX_MAPS = {"Layer 1": "BPix_L1", "Layer 2": "BPix_L2", "Layer 3": "BPix_L3", "Layer 4": "BPix_L4"}
FPIX_MAPS = {"Ring 1": "FPix_R1", "Ring 2": "FPix_R2"}
# Plotly's own hit test: where on the screen (page pixels) a heatmap cell holding `name` is drawn.
CELL_POSITION = """(g, name) => {
  const t = g.data[0], L = g._fullLayout, box = g.getBoundingClientRect();
  for (let iy = 0; iy < t.customdata.length; iy++) for (let ix = 0; ix < t.customdata[iy].length; ix++)
    if (t.customdata[iy][ix] === name)
      return [box.left + L._size.l + L.xaxis.l2p(t.x[ix]), box.top + L._size.t + L.yaxis.l2p(t.y[iy])];
  return null; }"""


def masked_on_map(map_name, run=RUN, ls=None):
    rows = MaskedRoc.objects.filter(run_number=run, map_name=map_name)
    if ls is not None:
        rows = rows.filter(first_lumisection_number__lte=ls, last_lumisection_number__gte=ls)
    return set(rows.values_list("roc_name", flat=True))


def cells(page, title, value=1):
    """ROC names of the cells of a portlet's heatmap whose z is ``value``, as plotly holds them."""
    return set(portlet(page, title).locator(".plot").evaluate(
        """(g, value) => { const t = g.data[0], names = [];
           t.z.forEach((row, iy) => row.forEach((z, ix) => { if (z === value) names.push(t.customdata[iy][ix]); }));
           return names; }""", value))  # fmt: skip


@pytest.fixture
def bpix_of_the_run(loaded_once):
    """The BPix maps of RUN, loaded once: for the test that reads them, then the one that hovers
    and clicks (after it: it leaves the page)."""
    return loaded_once(f"/pages/masked_bpix?run={RUN}")


def test_bpix_maps_show_the_masked_rocs_of_the_run(bpix_of_the_run):
    page = bpix_of_the_run
    for title, map_name in BPIX_MAPS.items():
        assert portlet(page, title).get_attribute("data-state") == "ready"
        assert cells(page, title) == masked_on_map(map_name), title
    rows = {r[0]: r[1:] for r in table_rows(page, "Masked ROCs per part")}
    assert list(rows) == list(SUMMARY_PARTS)
    layer_1 = len(masked_on_map("BPix_L1"))
    assert rows["BPix L1"] == [str(layer_1), "1536", f"{100 * layer_1 / 1536:.3f}"]


def test_fpix_maps_at_one_lumisection(server, page):
    ls = 700
    open_settled(page, f"{server}/pages/masked_fpix?run={RUN}&ls={ls}")
    for title, map_name in FPIX_MAPS.items():
        assert cells(page, title) == masked_on_map(map_name, ls=ls), title
    assert page.locator("input[name=ls]").input_value() == str(ls)
    # Each map links the API rows it is drawn from: following the link gives its masked cells.
    link = portlet(page, "Ring 1").locator(".sources a")
    assert link.all_text_contents() == ["masked_rocs"]
    rows = page.request.get(link.get_attribute("href") + "&page[limit]=10000").json()["data"]
    assert {o["attributes"]["roc_name"] for o in rows} == masked_on_map("FPix_R1", ls=ls) == cells(page, "Ring 1")


def test_hovering_a_masked_roc_names_it_and_a_click_opens_its_history(bpix_of_the_run):
    page = bpix_of_the_run
    name = sorted(masked_on_map("BPix_L1"))[0]
    x, y = portlet(page, "Layer 1").locator(".plot").evaluate(CELL_POSITION, name)
    page.mouse.move(x, y)
    hover = portlet(page, "Layer 1").locator(".hoverlayer")
    hover.get_by_text(name).wait_for()
    assert "masked: LS" in hover.text_content()
    page.mouse.click(x, y)
    page.wait_for_url(f"**/pages/roc_history?run={RUN}&roc={name}")
    settled_in_place(page, "Masking intervals")
    runs = Run.objects.count()
    assert traces(page, "Masked lumisections per run") == [["Masked", runs]]
    intervals = MaskedRoc.objects.filter(roc_name=name).count()
    assert len(table_rows(page, "Masking intervals")) == intervals
    assert page.locator("input[name=roc]").input_value() == name


def test_masked_over_time_plot_and_tables(server, page):
    open_settled(page, f"{server}/pages/masked_over_time?run={RUN}")
    last_ls = Run.objects.get(run_number=RUN).last_lumisection_number
    assert traces(page, "Masked per lumisection") == [["Masked FED channels", last_ls], ["Masked ROCs", last_ls]]
    channels = MaskedChannel.objects.filter(run_number=RUN).count()
    rocs = MaskedRoc.objects.filter(run_number=RUN).count()
    assert f"of {channels}" in portlet(page, "Masked FED channels").locator(".paging").text_content()
    assert f"of {rocs}" in portlet(page, "Masked ROCs").locator(".paging").text_content()
    at_1000 = portlet(page, "Masked per lumisection").locator(".plot").evaluate("g => g.data[1].y[999]")
    assert at_1000 == MaskedRoc.objects.filter(run_number=RUN, first_lumisection_number__lte=1000,
                                               last_lumisection_number__gte=1000).count()  # fmt: skip


def test_comparison_with_the_previous_run(server, page):
    open_settled(page, f"{server}/pages/masked_comparison?run={RUN}")
    previous = Run.objects.filter(run_number__lt=RUN).order_by("-run_number").first().run_number
    now, before = masked_on_map("BPix_L1"), masked_on_map("BPix_L1", run=previous)
    assert cells(page, "BPix layer 1", 1) == now - before
    assert cells(page, "BPix layer 1", -1) == before - now
    every_map = {n for m in ("BPix_L1", "BPix_L2", "BPix_L3", "BPix_L4", "FPix_R1", "FPix_R2") for n in masked_on_map(m)}
    every_map_before = {n for m in ("BPix_L1", "BPix_L2", "BPix_L3", "BPix_L4", "FPix_R1", "FPix_R2")
                        for n in masked_on_map(m, run=previous)}  # fmt: skip
    rows = table_rows(page, "Newly masked and recovered ROCs")
    assert {r[0] for r in rows if r[2] == "newly masked"} == every_map - every_map_before
    assert {r[0] for r in rows if r[2] == "recovered"} == every_map_before - every_map
    # Names read from the left, like the maps' hover text.
    first_cell = portlet(page, "Newly masked and recovered ROCs").locator("td").first
    assert first_cell.evaluate("td => getComputedStyle(td).textAlign") == "left"
    # Another reference run is one field away, and lands in the URL and the maps.
    earlier = Run.objects.filter(run_number__lt=previous).order_by("-run_number").first().run_number
    page.fill("input[name=reference_run]", str(earlier))
    page.press("input[name=reference_run]", "Enter")
    page.wait_for_url(f"**/pages/masked_comparison?run={RUN}&reference_run={earlier}")
    page.wait_for_function(SETTLED)
    assert cells(page, "BPix layer 1", -1) == masked_on_map("BPix_L1", run=earlier) - now


def test_roc_history_opens_on_a_roc_masked_in_the_newest_run_then_shows_the_one_typed(server, page):
    open_settled(page, f"{server}/pages/roc_history")
    newest = max(MaskedRoc.objects.values_list("run_number", flat=True))
    first = sorted(MaskedRoc.objects.filter(run_number=newest).values_list("roc_name", flat=True))[0]
    assert page.url == f"{server}/pages/roc_history?roc={first}"
    for title in ("Masked lumisections per run", "Masking intervals"):
        assert portlet(page, title).get_attribute("data-state") == "ready"
    assert len(table_rows(page, "Masking intervals")) == MaskedRoc.objects.filter(roc_name=first).count()
    name = sorted(masked_on_map("FPix_R1"))[0]
    page.fill("input[name=roc]", name)
    page.press("input[name=roc]", "Enter")
    page.wait_for_url(f"**/pages/roc_history?roc={name}")
    page.wait_for_function(SETTLED)
    assert len(table_rows(page, "Masking intervals")) == MaskedRoc.objects.filter(roc_name=name).count()


def test_a_malformed_roc_name_gets_the_apis_explanation(server, new_page):
    page = new_page()
    open_settled(page, f"{server}/pages/roc_history?roc=BPix_BmO_SEC9_LYR1_LDR1F_MOD1_ROC0")
    message = portlet(page, "Masked lumisections per run").locator(".portlet-message").text_content()
    assert portlet(page, "Masked lumisections per run").get_attribute("data-state") == "error"
    assert "is not a ROC name" in message and "BPix_BmO_SEC1_LYR1_LDR1F_MOD1" in message
    # The browser reports the refused requests, and nothing else.
    assert page.console_errors and all("status of 400" in e for e in page.console_errors)
