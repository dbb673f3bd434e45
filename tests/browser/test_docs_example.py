"""The example page of docs/add-a-page.md, copied from the document as a summer student would,
opens at the newest fill: its plot and its table show that fill, neither asks the API without one."""
import re
import shutil

import pytest
from django.conf import settings
from django.db.models import Max

from apps.oms.models import Fill, Lumisection, Run
from apps.workspace import pages
from tests.browser.helpers import open_settled, table_rows, traces

DOC = settings.BASE_DIR / "docs" / "add-a-page.md"


@pytest.fixture
def example_page(settings, tmp_path):
    """The workspace's pages plus the document's example, served for one test."""
    text = DOC.read_text()
    path = re.search(r"^`(apps/workspace/pages/\w+\.yaml)`:\n\n```yaml\n(.*?)```", text, re.M | re.S)
    for shipped in pages.PAGES_DIR.glob("*.yaml"):
        shutil.copy(shipped, tmp_path)
    (tmp_path / path.group(1).rsplit("/", 1)[1]).write_text(path.group(2))
    settings.WORKSPACE_PAGES_DIR = tmp_path
    assert pages.load_all()[1] == []  # the example checks out
    yield path.group(1).rsplit("/", 1)[1].removesuffix(".yaml")


def test_the_example_page_opens_at_the_newest_fill(server, page, orm, example_page):
    open_settled(page, f"{server}/pages/{example_page}")
    newest = Fill.objects.aggregate(n=Max("fill_number"))["n"]
    assert page.url.endswith(f"/pages/{example_page}?fill={newest}")  # a permalink, as for a run
    n = Lumisection.objects.filter(fill_number=newest).count()
    assert traces(page, "Integrated luminosity") == [["Delivered", n], ["Recorded", n]]
    runs = Run.objects.filter(fill_number=newest, delivered_lumi__gt=1).order_by("-run_number")
    assert [row[0] for row in table_rows(page, "Runs of the fill with luminosity")] == [str(r.run_number) for r in runs]
