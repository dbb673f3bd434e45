"""Every page's PDF keeps every word inside its page: read back with pdftotext -bbox, which
places each word of the PDF (tables, headings and the plots' SVG text) on its page, and drops
the characters that lie off it, which pypdf still reads from the PDF's text."""
import html
import io
import re
from collections import Counter

import pytest
from django.test import Client
from pypdf import PdfReader

from apps.workspace.pages import pages

from .pdftext import bbox_xml

pytestmark = pytest.mark.long

WORD = re.compile(r'<word xMin="([-\d.]+)" yMin="([-\d.]+)" xMax="([-\d.]+)" yMax="([-\d.]+)">(.*?)</word>')
PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">')
# The default selection of each page, and the selections with the widest tables (the LV trip's rows).
URLS = [f"/pages/{page_id}.pdf" for page_id in sorted(pages())] + [
    "/pages/power.pdf?shift=2018-10-09/night", "/pages/shift_report.pdf?shift=2018-10-09/night"]


def words_outside(pdf, tmp_path):
    boxes = bbox_xml(pdf, tmp_path)
    outside, number, placed = [], 0, []
    for line in boxes.splitlines():
        if page := PAGE.search(line):
            width, height, number = float(page[1]), float(page[2]), number + 1
        elif word := WORD.search(line):
            placed.append(html.unescape(word[5]))
            x0, y0, x1, y1 = map(float, word.groups()[:4])
            if x0 < 0 or y0 < 0 or x1 > width + 0.5 or y1 > height + 0.5:
                outside.append((number, word[5], round(x0), round(x1), round(width)))
    written = re.sub(r"\s+", "", "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages))
    off_page = Counter(written) - Counter("".join(placed))
    if off_page:
        outside.append(("characters off every page", "".join(sorted(off_page.elements()))))
    return len(placed), outside


@pytest.mark.django_db
@pytest.mark.parametrize("url", URLS)
def test_every_word_of_a_pages_pdf_is_inside_its_page(url, tmp_path, settings):
    settings.PDF_TIME_LIMIT = 300  # a loaded test machine: what counts here is the layout
    response = Client().get(url)
    assert response.status_code == 200, response.content[:300]
    words, outside = words_outside(response.content, tmp_path)
    assert words > 30 and outside == []


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
