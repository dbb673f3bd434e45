"""Every page as a person first sees it: at its default selection (Power and the Shift report: the
LV trip's shift, on a phone), on a laptop (1400×900) and on a phone (390×844). No portlet in error
or waiting for a choice, no table wider than its portlet, no unit markup left in any text (plots
included), every portlet's CSV button and data links inside it, where a thumb reaches them; on a
phone nothing wider than the screen, and no plot's legend loses an entry. axe-core (npm, pinned
in package.json) on every page at the laptop's size and on Explore with a filter: no critical or
serious violation (unlabelled inputs, scrolling regions the keyboard cannot reach); moderate ones
(e.g. two navigations of one name) are reported as warnings. The Shift report on a phone opens
on what its page file puts first.

One page per screen loads every page in turn, as a shifter's tab does, and each load serves every
check that reads it: pytest runs a page's tests together (``page_id`` is a module-scoped parameter)."""
import re
import warnings
from pathlib import Path

import pytest
from django.conf import settings

from apps.workspace.pages import pages
from apps.demo_source.dcs_generator import LV_TRIP
from tests.browser.helpers import LAPTOP, PHONE, open_settled, portlet

pytestmark = pytest.mark.long
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

PAGE_IDS = sorted(pages())
EXPLORE = ("/explore?resource=lumisections&x=lumisection_number&y=delivered_lumi&filter[run_number][EQ]=324245"
           "&filter[bpix_ready][EQ]=true&filter[start_time][GT]=2018-10-09T00:00:00Z")
AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
FAILING = ("critical", "serious")
# What axe says of each violation: its rule, impact, and where (the first few elements).
AUDIT = """async () => {
  const { violations } = await axe.run(document, { resultTypes: ['violations'] });
  return violations.map(v => ({ id: v.id, impact: v.impact, help: v.help,
                                where: v.nodes.slice(0, 3).map(n => n.target.join(' ')) }));
}"""
# What OMS's unit strings look like when nobody formatted them: \mu, ^{-1}, {\circ}, a raw _{…}.
RAW_UNITS = re.compile(r"\\[A-Za-z]|\^\{|_\{|\{\\|ᶜⁱʳᶜ")

LOOK = """() => {
  const portlets = [...document.querySelectorAll('.portlet')].map(p => ({
    title: p.dataset.title, state: p.dataset.state, message: p.querySelector('.portlet-message').textContent,
    width: p.getBoundingClientRect().width,
    tables: [...p.querySelectorAll('table')].map(t => t.getBoundingClientRect().width),
    plots: [...p.querySelectorAll('.plot')].map(g => g.getBoundingClientRect().width),
    // Tick labels that run into their axis' title (rotated category labels did).
    crossings: [...p.querySelectorAll('.plot')].flatMap(g => ['x', 'y'].flatMap(axis => {
      const title = g.querySelector(`.g-${axis}title text`);
      if (!title || !title.textContent) return [];
      const t = title.getBoundingClientRect();
      return [...g.querySelectorAll(`.${axis}tick text`)].map(e => e.getBoundingClientRect())
        .filter(r => r.width && r.left < t.right && t.left < r.right && r.top < t.bottom && t.top < r.bottom)
        .map(() => title.textContent);
    })),
  }));
  const svgText = [...document.querySelectorAll('svg text')].map(t => t.textContent).join('\\n');
  return { portlets, text: document.body.innerText + '\\n' + svgText,
           pageWidth: document.documentElement.scrollWidth, screen: window.innerWidth };
}"""


@pytest.fixture(scope="module", params=PAGE_IDS)
def page_id(request):
    return request.param


@pytest.fixture(scope="module")
def laptop(screen):
    # The page's CSP refuses inline scripts: axe is injected as one, for the test only.
    return screen(viewport=LAPTOP, bypass_csp=True)


@pytest.fixture(scope="module")
def on_a_laptop(server, laptop, page_id):
    """The page at its default selection, settled on the laptop screen: loaded once for its checks."""
    open_settled(laptop, f"{server}/pages/{page_id}")
    return laptop


@pytest.fixture(scope="module")
def on_a_phone(server, screen, page_id):
    """The page on the phone screen (Power and the Shift report at the LV trip's shift), settled."""
    page = screen(viewport=PHONE)
    query = f"?shift={TRIP_SHIFT}" if page_id in ("power", "shift_report") else ""
    page.console_errors.clear()  # this page's own, for a test that checks them
    open_settled(page, f"{server}/pages/{page_id}{query}")
    return page


def audited(page):
    """The violations axe finds on the settled page."""
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: `make install` installs axe-core from package-lock.json")
    page.add_script_tag(path=str(AXE))
    return page.evaluate(AUDIT)


def no_critical_or_serious(violations, where):
    assert [v for v in violations if v["impact"] in FAILING] == []
    for v in violations:
        warnings.warn(f"axe-core, {v['impact']} on {where}: {v['id']} ({v['help']}) at {v['where']}", stacklevel=2)


def test_a_page_opens_readable_on_a_laptop(on_a_laptop, page_id):
    page = on_a_laptop
    assert page.evaluate(OUT_OF_REACH) == []
    seen = page.evaluate(LOOK)
    assert seen["portlets"], page_id
    unsettled = [(p["title"], p["state"], p["message"]) for p in seen["portlets"] if p["state"] not in ("ready", "empty")]
    assert unsettled == []
    wide = [(p["title"], round(w), round(p["width"])) for p in seen["portlets"] for w in p["tables"] if w > p["width"] + 0.5]
    assert wide == []
    assert [(p["title"], c) for p in seen["portlets"] for c in p["crossings"]] == []
    assert RAW_UNITS.findall(seen["text"]) == []
    assert seen["pageWidth"] <= seen["screen"]


def test_axe_finds_nothing_critical_or_serious(on_a_laptop, page_id):
    no_critical_or_serious(audited(on_a_laptop), f"/pages/{page_id}")


def test_axe_finds_nothing_critical_or_serious_on_explore_with_a_filter(server, laptop):
    open_settled(laptop, f"{server}{EXPLORE}")
    no_critical_or_serious(audited(laptop), EXPLORE)


@pytest.mark.parametrize("page_id", ["shift_report"], indirect=True)
def test_the_shift_report_on_a_phone_opens_on_the_notes_then_what_happened(on_a_phone):
    """What the page file puts first comes first: the notes with Hand over on the first screen,
    then what happened, the LV trip's alarm within three screens."""
    page = on_a_phone
    order = page.locator(".portlet").evaluate_all(
        "ps => ps.map(p => [p.dataset.title, p.getBoundingClientRect().top]).sort((a, b) => a[1] - b[1]).map(p => p[0])")
    assert order[:3] == ["Shifter's notes", "What happened", "Runs of the shift"]
    notes = portlet(page, "Shifter's notes")
    for part in (notes.locator("textarea"), notes.get_by_role("button", name="Hand over")):
        assert part.bounding_box()["y"] + part.bounding_box()["height"] <= PHONE["height"]  # on the first screen
    channel = LV_TRIP[0]  # the LV trip's alarm, within the first three screens
    trip = portlet(page, "What happened").locator("li.severity-alarm", has_text=channel.removesuffix("_LV_DIGITAL")).first
    assert trip.bounding_box()["y"] < 3 * PHONE["height"]
    assert page.console_errors == []


def test_a_page_fits_a_phone(on_a_phone):
    page = on_a_phone
    legends = page.evaluate(LEGENDS)
    # In any order: plotly lists stacked bars from the top down.
    assert [(l["title"], sorted(l["expected"])) for l in legends] == [(l["title"], sorted(l["shown"])) for l in legends]
    assert page.evaluate(OUT_OF_REACH) == []
    seen = page.evaluate(LOOK)
    assert seen["pageWidth"] <= 390
    narrow = [(p["title"], round(w)) for p in seen["portlets"] for w in p["plots"] if w < 0.85 * 390]
    assert narrow == []
    assert not page.locator("#nav-pages").is_visible()  # the sidebar folded into its menu
    page.get_by_role("button", name="☰ Pages").click()
    assert page.locator("#nav-pages").is_visible()
