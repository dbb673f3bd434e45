"""Every page's PDF keeps every word inside its page: read back with pdftotext -bbox, which
places each word of the PDF (tables, headings and the plots' SVG text), from a copy whose pages
are grown on every side, so that a word off its page is placed too (pdftext.py). The
night of the LV trip's Shift report, the widest of its tables, is checked with its notes and as
a handover, in test_digest.py, which makes those PDFs."""
import io
import re

import pytest
from pypdf import PdfReader

from apps.workspace.pages import pages

from .made import made_pdf
from .pdftext import words_outside

pytestmark = pytest.mark.long

# The default selection of each page, and the selection with the widest tables (the LV trip's rows).
URLS = [f"/pages/{page_id}.pdf" for page_id in sorted(pages())] + ["/pages/power.pdf?shift=2018-10-09/night"]


@pytest.mark.django_db
@pytest.mark.parametrize("url", URLS)
def test_every_word_of_a_pages_pdf_is_inside_its_page(url, tmp_path, settings):
    settings.PDF_TIME_LIMIT = 300  # a loaded test machine: what counts here is the layout
    response = made_pdf(url)
    assert response.status_code == 200, response.content[:300]
    words, outside = words_outside(response.content, tmp_path)
    assert words > 30 and outside == []


@pytest.mark.django_db
def test_a_page_of_lines_and_bars_embeds_no_image(settings):
    """Its plots are vector: axis titles are text, and no image is embedded (the maps embed only
    their cells: test_pdf.py)."""
    settings.PDF_TIME_LIMIT = 300
    response = made_pdf("/pages/lumi_deadtime.pdf")
    assert response.status_code == 200, response.content[:300]
    reader = PdfReader(io.BytesIO(response.content))
    text = re.sub(r"\s+", "", "".join(page.extract_text() for page in reader.pages))
    assert "Integratedluminosity[pb-1]" in text
    assert sum(len(page.images) for page in reader.pages) == 0


def test_the_check_sees_a_word_past_the_edge(tmp_path):
    """The oracle itself: a table wider than A4 (as the shift report's was) is caught, each word
    past the edge named whole where it lies, and so is a word left of the page."""
    from weasyprint import HTML

    cells = "".join(f"<td>column{i:02d}value</td>" for i in range(14))
    lefty = '<p style="position: absolute; left: -200px">lefty</p>'
    pdf = HTML(string=f"<p>{' '.join(['word'] * 40)}</p><table><tr>{cells}</tr></table>{lefty}").write_pdf()
    words, outside = words_outside(pdf, tmp_path)
    assert words == 45  # 40 words and the 5 cells on the page
    past = {word: (page, x0, x1, width) for page, word, x0, x1, width in outside}
    assert sorted(past) == [f"column{i:02d}value" for i in range(5, 14)] + ["lefty"]
    page, x0, x1, width = past["column05value"]
    assert page == 1 and x0 < width < x1  # runs past the right edge
    assert all(x0 > width for _, x0, _, width in (past[f"column{i:02d}value"] for i in range(6, 14)))
    assert past["lefty"][2] < 0
