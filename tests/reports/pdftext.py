"""A PDF's words where poppler's pdftotext places them (Debian's poppler-utils: `make poppler`),
and the check every page's PDF passes: each word inside its page (test_pdf_fits, test_digest)."""
import html
import io
import re
import shutil
import subprocess

import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.generic import RectangleObject

WORD = re.compile(r'<word xMin="([-\d.]+)" yMin="([-\d.]+)" xMax="([-\d.]+)" yMax="([-\d.]+)">(.*?)</word>')
PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">')
BEYOND = 10000  # points: how far past its page's edges a word is still found


def require_pdftotext():
    if shutil.which("pdftotext") is None:
        pytest.fail("pdftotext is missing: `make poppler` installs Debian's poppler-utils")


def bbox_xml(pdf, tmp_path):
    """``pdftotext -bbox``'s XHTML of the PDF: a <page> per page, a <word> per word with its box."""
    require_pdftotext()
    path = tmp_path / "document.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True).stdout


def placed_words(pdf, tmp_path):
    """[(x0, x1, word)] of every word pdftotext places in the PDF."""
    return [(float(x0), float(x1), html.unescape(word)) for x0, _, x1, _, word in WORD.findall(bbox_xml(pdf, tmp_path))]


def words_outside(pdf, tmp_path):
    """(the number of words inside their page, [(page, word, x0, x1, page width) of each word
    not inside its page]) in points. pdftotext drops the characters that lie off a page, so it
    reads a copy of the PDF whose pages' boxes are grown by BEYOND on every side: a word past an
    edge is placed there, whole, where it lies."""
    reader = PdfReader(io.BytesIO(pdf))
    writer = PdfWriter(clone_from=reader)
    for page in writer.pages:
        box = page.mediabox
        page.mediabox = RectangleObject([box.left - BEYOND, box.bottom - BEYOND, box.right + BEYOND, box.top + BEYOND])
        page.cropbox = page.mediabox  # pdftotext places words within the crop box when there is one
    grown = io.BytesIO()
    writer.write(grown)
    inside, outside, number = 0, [], 0
    for line in bbox_xml(grown.getvalue(), tmp_path).splitlines():
        if page := PAGE.search(line):
            width, height, number = float(page[1]) - 2 * BEYOND, float(page[2]) - 2 * BEYOND, number + 1
        elif word := WORD.search(line):
            x0, y0, x1, y1 = (value - BEYOND for value in map(float, word.groups()[:4]))
            if x0 < 0 or y0 < 0 or x1 > width + 0.5 or y1 > height + 0.5:
                outside.append((number, html.unescape(word[5]), round(x0), round(x1), round(width)))
            else:
                inside += 1
    return inside, outside
