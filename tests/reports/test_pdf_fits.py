"""Every page's PDF keeps every word inside its page: read back with pdftotext -bbox, which
places each word of the PDF (tables, headings and the plots' SVG text) on its page, and drops
the characters that lie off it, which pypdf still reads from the PDF's text (pdftext.py). The
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
    """The oracle itself: a table wider than A4 (as the shift report's was) is caught."""
    from weasyprint import HTML

    cells = "".join(f"<td>column{i:02d}value</td>" for i in range(14))
    pdf = HTML(string=f"<p>{' '.join(['word'] * 40)}</p><table><tr>{cells}</tr></table>").write_pdf()
    words, outside = words_outside(pdf, tmp_path)
    assert words == 46  # 40 words, 5 cells and the part of a sixth that are on the page
    cut, off = outside
    assert cut[1] == "column05" and cut[3] > cut[4]  # runs past the right edge
    assert off == ("characters off every page", "".join(sorted("value" + "".join(f"column{i:02d}value" for i in range(6, 14)))))
