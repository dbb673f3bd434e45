"""A PDF's words where poppler's pdftotext places them (Debian's poppler-utils: `make poppler`),
and the check every page's PDF passes: each word inside its page (test_pdf_fits, test_digest)."""
import html
import io
import re
import shutil
import subprocess
from collections import Counter

import pytest
from pypdf import PdfReader

WORD = re.compile(r'<word xMin="([-\d.]+)" yMin="([-\d.]+)" xMax="([-\d.]+)" yMax="([-\d.]+)">(.*?)</word>')
PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">')


def bbox_xml(pdf, tmp_path):
    """``pdftotext -bbox``'s XHTML of the PDF: a <page> per page, a <word> per word with its box."""
    if shutil.which("pdftotext") is None:
        pytest.fail("pdftotext is missing: `make poppler` installs Debian's poppler-utils")
    path = tmp_path / "document.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True).stdout


def placed_words(pdf, tmp_path):
    """[(x0, x1, word)] of every word pdftotext places in the PDF."""
    return [(float(x0), float(x1), html.unescape(word)) for x0, _, x1, _, word in WORD.findall(bbox_xml(pdf, tmp_path))]


def words_outside(pdf, tmp_path):
    """(the number of words pdftotext places, [the words outside their page]): pdftotext drops
    the characters that lie off every page, which pypdf still reads from the PDF's text, so
    those are counted as one more entry, "characters off every page"."""
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
