"""axe-core (npm, pinned in package.json) on every page and on Explore with a filter: no critical
or serious violation (unlabelled inputs, scrolling regions the keyboard cannot reach); moderate
ones (e.g. two navigations of one name) are reported as warnings."""
import warnings
from pathlib import Path

import pytest
from django.conf import settings

from apps.workspace.pages import pages
from tests.browser.helpers import LAPTOP, open_settled

pytestmark = pytest.mark.long

AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
FAILING = ("critical", "serious")
PAGES = [f"/pages/{page_id}" for page_id in sorted(pages())] + [
    "/explore?resource=lumisections&x=lumisection_number&y=delivered_lumi&filter[run_number][EQ]=324245"
    "&filter[bpix_ready][EQ]=true&filter[start_time][GT]=2018-10-09T00:00:00Z"
]
# What axe says of each violation: its rule, impact, and where (the first few elements).
AUDIT = """async () => {
  const { violations } = await axe.run(document, { resultTypes: ['violations'] });
  return violations.map(v => ({ id: v.id, impact: v.impact, help: v.help,
                                where: v.nodes.slice(0, 3).map(n => n.target.join(' ')) }));
}"""


@pytest.fixture(scope="module")
def audited(screen):
    """audited(url) → the violations axe finds on the settled page (1400×900)."""
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: `make install` installs axe-core from package-lock.json")
    # The page's CSP refuses inline scripts: axe is injected as one, for the test only.
    page = screen(viewport=LAPTOP, bypass_csp=True)

    def audit(url):
        open_settled(page, url)
        page.add_script_tag(path=str(AXE))
        return page.evaluate(AUDIT)

    return audit


@pytest.mark.parametrize("path", PAGES)
def test_axe_finds_nothing_critical_or_serious(server, audited, path):
    violations = audited(f"{server}{path}")
    assert [v for v in violations if v["impact"] in FAILING] == []
    for v in violations:
        warnings.warn(f"axe-core, {v['impact']} on {path}: {v['id']} ({v['help']}) at {v['where']}", stacklevel=1)
