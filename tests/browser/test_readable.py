"""Every page as a person first sees it: at its default selection, on a laptop (1400×900) and on
a phone (390×844). No portlet in error or waiting for a choice, no table wider than its portlet,
no unit markup left in any text (plots included); on a phone nothing wider than the screen."""
import re

import pytest

from apps.workspace.pages import pages
from tests.browser.helpers import open_settled

pytestmark = pytest.mark.long

PAGE_IDS = sorted(pages())
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


@pytest.fixture(scope="module")
def screen(browser):
    """screen(width, height) → a page of a fresh context of that viewport."""
    contexts = []

    def open_screen(width, height):
        context = browser.new_context(viewport={"width": width, "height": height})
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(60_000)
        return page

    yield open_screen
    for context in contexts:
        context.close()


@pytest.mark.parametrize("page_id", PAGE_IDS)
def test_a_page_opens_readable_on_a_laptop(server, screen, page_id):
    page = screen(1400, 900)
    open_settled(page, f"{server}/pages/{page_id}")
    seen = page.evaluate(LOOK)
    assert seen["portlets"], page_id
    unsettled = [(p["title"], p["state"], p["message"]) for p in seen["portlets"] if p["state"] not in ("ready", "empty")]
    assert unsettled == []
    wide = [(p["title"], round(w), round(p["width"])) for p in seen["portlets"] for w in p["tables"] if w > p["width"] + 0.5]
    assert wide == []
    assert [(p["title"], c) for p in seen["portlets"] for c in p["crossings"]] == []
    assert RAW_UNITS.findall(seen["text"]) == []
    assert seen["pageWidth"] <= seen["screen"]


@pytest.mark.parametrize("page_id", PAGE_IDS)
def test_a_page_fits_a_phone(server, screen, page_id):
    page = screen(390, 844)
    open_settled(page, f"{server}/pages/{page_id}")
    seen = page.evaluate(LOOK)
    assert seen["pageWidth"] <= 390
    narrow = [(p["title"], round(w)) for p in seen["portlets"] for w in p["plots"] if w < 0.85 * 390]
    assert narrow == []
    assert not page.locator("#nav-pages").is_visible()  # the sidebar folded into its menu
    page.get_by_role("button", name="☰ Pages").click()
    assert page.locator("#nav-pages").is_visible()


def test_an_empty_out_of_limit_table_says_nothing_left_its_limits(server, screen):
    page = screen(1400, 900)
    open_settled(page, f"{server}/pages/power?shift=2018-10-09/night")
    hv = page.locator('.portlet[data-title="HV out-of-limit intervals"] .portlet-message')
    assert hv.text_content() == "No HV channel left its limits during the night shift 2018-10-09."
