"""Every page on a phone (390×844): what the page file puts first comes first (the Shift report's
notes with Hand over, then what happened), no plot's legend loses an entry, and every portlet's
CSV button and data links stay inside it, where a thumb reaches them (on a laptop too)."""
import pytest

from apps.demo_source.dcs_generator import LV_TRIP
from apps.workspace.pages import pages
from tests.browser.helpers import open_settled, portlet

pytestmark = pytest.mark.long

PHONE = {"width": 390, "height": 844}
TRIP_SHIFT = "2018-10-09/night"
# Per plot: the entries its legend should show (plotly's traces with a legend entry, one per
# legend group) and those it shows whole, inside the legend's box and the plot's.
LEGENDS = """() => [...document.querySelectorAll('.portlet .plot')].filter(g => g._fullLayout?.showlegend).map(g => {
  const groups = new Set();
  const expected = g._fullData.filter(t => t.showlegend !== false && t.visible !== false).filter(t => {
    if (!t.legendgroup) return true;
    if (groups.has(t.legendgroup)) return false;
    groups.add(t.legendgroup);
    return true;
  }).map(t => t.name);
  const box = g.querySelector('.legend .bg').getBoundingClientRect();
  const frame = g.getBoundingClientRect();
  const inside = (r, o) => r.width > 0 && r.left >= o.left - 1 && r.right <= o.right + 1 && r.top >= o.top - 1 && r.bottom <= o.bottom + 1;
  const shown = [...g.querySelectorAll('.legend .traces')].filter(e => {
    const r = e.getBoundingClientRect();
    return inside(r, box) && inside(r, frame);
  }).map(e => e.querySelector('.legendtext').textContent);
  return { title: g.closest('.portlet').dataset.title, expected, shown };
})"""
# Per portlet: its CSV button and data links that stick out of it (cut off by its frame).
OUT_OF_REACH = """() => [...document.querySelectorAll('.portlet')].flatMap(p => {
  const frame = p.getBoundingClientRect();
  return [...p.querySelectorAll('header .csv, header .sources a')].filter(e => {
    const r = e.getBoundingClientRect();
    return r.left < frame.left || r.right > frame.right + 0.5;
  }).map(e => [p.dataset.title, e.textContent]);
})"""


@pytest.fixture(scope="module")
def phone(browser):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.set_default_timeout(90_000)
    yield page
    context.close()


def test_the_shift_report_opens_on_the_notes_then_what_happened(server, phone):
    open_settled(phone, f"{server}/pages/shift_report?shift={TRIP_SHIFT}")
    order = phone.locator(".portlet").evaluate_all(
        "ps => ps.map(p => [p.dataset.title, p.getBoundingClientRect().top]).sort((a, b) => a[1] - b[1]).map(p => p[0])")
    assert order[:3] == ["Shifter's notes", "What happened", "Runs of the shift"]
    notes = portlet(phone, "Shifter's notes")
    for part in (notes.locator("textarea"), notes.get_by_role("button", name="Hand over")):
        assert part.bounding_box()["y"] + part.bounding_box()["height"] <= PHONE["height"]  # on the first screen
    channel = LV_TRIP[0]  # the LV trip's alarm, within the first three screens
    trip = portlet(phone, "What happened").locator("li.severity-alarm", has_text=channel.removesuffix("_LV_DIGITAL")).first
    assert trip.bounding_box()["y"] < 3 * PHONE["height"]


@pytest.mark.parametrize("page_id", sorted(pages()))
def test_no_legend_loses_an_entry_and_every_link_is_reachable(server, phone, page_id):
    query = f"?shift={TRIP_SHIFT}" if page_id in ("power", "shift_report") else ""
    open_settled(phone, f"{server}/pages/{page_id}{query}")
    legends = phone.evaluate(LEGENDS)
    # In any order: plotly lists stacked bars from the top down.
    assert [(l["title"], sorted(l["expected"])) for l in legends] == [(l["title"], sorted(l["shown"])) for l in legends]
    assert phone.evaluate(OUT_OF_REACH) == []


@pytest.mark.parametrize("page_id", sorted(pages()))
def test_every_link_is_reachable_on_a_laptop(server, browser, page_id):
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    page.set_default_timeout(90_000)
    open_settled(page, f"{server}/pages/{page_id}")
    assert page.evaluate(OUT_OF_REACH) == []
    context.close()
