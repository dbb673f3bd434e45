"""The column widths of a PDF's tables, from their text, so that WeasyPrint lays them out with
``table-layout: fixed``: its automatic layout measures every cell's smallest and largest width
first, and a text cell that may break anywhere is measured at every character (about 2 ms a cell;
the Shift report's layout took 2.2 s of CPU with it, 1.3 s without).

The widths follow CSS's automatic layout: each column gets at least its longest header word and,
if it holds numbers or times (which never wrap), its longest cell; the room left goes to each
column in proportion to what it lacks of its longest cell. A table too wide for that has its
cells' padding halved, and only then breaks a header inside its words. Text is measured with the
advances of the font report.css names, as fontconfig finds it (read by fontTools, which
WeasyPrint uses too).
"""
import functools
import subprocess
from dataclasses import dataclass

from django.utils.html import strip_tags
from fontTools.ttLib import TTFont, TTLibError

FAMILY = "DejaVu Sans"  # report.css: the body's font, 8.5 pt for cells and headers alike
PAGE_EM = 61.7  # the A4 text width (186 mm) in em of 8.5 pt
PADDING_EM = 0.95  # a cell's left and right padding (4 pt each)
SAFETY = 1.04  # kerning, rounding: a word measured a little wide never breaks
UNKNOWN_EM = 0.7  # a character the font lacks (or no font found): as wide as most capitals
TEXT_MIN_EM = 6  # a text column is never narrower: it breaks its words only past this


@functools.cache
def advances(style):
    """{code point: advance in em} of the face fontconfig picks for FAMILY in ``style``
    ("regular" for cells, "bold" for the semi-bold headers); {} if there is none."""
    try:
        found = subprocess.run(["fc-match", "-f", "%{file}", f"{FAMILY}:{style}"],
                               capture_output=True, text=True, timeout=10, check=True)  # fmt: skip
        font = TTFont(found.stdout, lazy=True)
        per_em, metrics = font["head"].unitsPerEm, font["hmtx"].metrics
        return {code: metrics[glyph][0] / per_em for code, glyph in font.getBestCmap().items()}
    except (OSError, subprocess.SubprocessError, KeyError, TTLibError):
        return {}


def width_em(text, style):
    table = advances(style)
    return SAFETY * sum(table.get(ord(character), UNKNOWN_EM) for character in text)


@dataclass
class Columns:
    widths: list  # each column's share of the table's width, in percent (one decimal)
    tight: bool  # the cells' padding halved (report.css table.data.tight): else a header word breaks


def columns(table):
    """The Columns of a portlet's ``table`` (portlets/base.py ``table``: its header's label and
    units_html, its cells' text and CSS classes)."""
    hard, least, most = [], [], []  # em: what never wraps, each word on a line, each cell on one line
    for j, column in enumerate(table["header"]):
        label, units = column["label"], column["units_html"]
        title = f"{label} [{strip_tags(units)}]" if units else str(label)
        cells = [row["cells"][j] for row in table["rows"]]
        longest = max((width_em(str(cell["text"]), "regular") for cell in cells), default=0)
        wraps = any("text" in cell["class"].split() and "time" not in cell["class"].split() for cell in cells)
        hard.append(min(longest, TEXT_MIN_EM) if wraps else longest)
        least.append(max([hard[-1], *(width_em(word, "bold") for word in title.split())]))
        most.append(max(longest, width_em(title, "bold")))
    for padding in (PADDING_EM, PADDING_EM / 2):
        room = PAGE_EM - padding * len(hard)
        if sum(least) < room:
            return Columns(percentages(spread(least, most, room), padding), tight=padding < PADDING_EM)
    if sum(hard) < room:  # a header breaks inside its words before a number wraps
        return Columns(percentages(spread(hard, least, room), padding), tight=True)
    return Columns(percentages(hard, padding), tight=True)  # too narrow even for the numbers: all shrink alike


def spread(low, high, room):
    """Widths from ``low`` towards ``high``, each by the same share of what it lacks, to fill
    ``room`` (or ``high`` if that leaves room)."""
    if sum(high) <= room:
        return high
    share = (room - sum(low)) / (sum(high) - sum(low))
    return [a + (b - a) * share for a, b in zip(low, high)]


def percentages(widths, padding):
    """The widths with their cells' padding, in percent of the table's width."""
    total = sum(widths) + padding * len(widths)
    return [round((width + padding) * 100 / total, 1) for width in widths]
