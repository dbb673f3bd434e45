"""The PDF's tables take the column widths apps/reports/columns.py measures (table-layout: fixed):
they hold for narrow tables, tables too wide, and without a font. Read back with pdftotext -bbox,
the Shift report's widest table (RUNS_HEADER, RUNS_ROWS) keeps every header word and every number
whole, inside the page's margins: test_pdf.py checks it on the Shift report's PDF its tests share."""
from apps.reports import columns as pdf_columns

A4_WIDTH, MARGIN = 595.28, 12 * 72 / 25.4  # points: report.css's left and right margins of 12 mm
# The "Runs of the shift" table of 2018-10-09/evening: 12 columns, as the browser's page shows them.
RUNS_HEADER = [("Run", ""), ("Fill", ""), ("Start (UTC), 2018-10-09", ""), ("End (UTC)", ""),
               ("LS in shift", ""), ("First LS", ""), ("Last LS", ""),
               ("Delivered", "pb<sup>-1</sup>"), ("Recorded", "pb<sup>-1</sup>"),
               ("Dead time (beam active)", "%"), ("BPix ready", "%"), ("FPix ready", "%")]  # fmt: skip
RUNS_ROWS = [[(text, "time" if ":" in text else "") for text in row] for row in (
    ["324243", "7268", "09:29", "2018-10-09\u00a014:41", "261", "544", "804", "47.614", "46.570", "2.193", "100.000", "100.000"],
    ["324245", "7269", "16:45", "2018-10-10\u00a006:21", "655", "1", "655", "210.624", "206.048", "2.152", "98.626", "98.626"])]  # fmt: skip


def columns(header, rows):
    """The Columns of a portlet's table (portlets/base.py) of ``header`` [(label, units_html)]
    and ``rows`` [[(text, CSS classes)]]."""
    return pdf_columns.columns({
        "header": [{"label": label, "units_html": units} for label, units in header],
        "rows": [{"cells": [{"text": text, "class": classes} for text, classes in row]} for row in rows],
    })  # fmt: skip


def test_a_narrow_table_keeps_its_padding_and_takes_the_width():
    table = columns([("Part", ""), ("N", "")], [[("FPix D-1 R1", "text"), ("40", "")]])
    assert table.tight is False and abs(sum(table.widths) - 100) <= 0.2
    assert table.widths[0] > 2 * table.widths[1]  # the room in proportion: "FPix D-1 R1" against "40"


def test_a_table_too_wide_for_its_header_words_halves_its_padding():
    table = columns(RUNS_HEADER, RUNS_ROWS)
    assert table.tight is True and len(table.widths) == 12 and abs(sum(table.widths) - 100) <= 0.2
    run, fill = table.widths[:2]
    assert run > fill  # six digits against four


def test_a_text_column_shares_what_the_numbers_leave():
    module = "BPix_BmI_SEC1_LYR2_LDR1F_MOD2 and more text " * 3
    table = columns([("Module", ""), ("Errors", "")], [[(module, "text"), ("123456789", "")]])
    assert table.tight is False and table.widths[0] > 80 and table.widths[1] >= 10


def test_too_many_numbers_for_the_page_shrink_alike():
    header = [(f"c{i}", "") for i in range(40)]
    table = columns(header, [[("1234567890", "")] * 40])
    assert table.tight is True and len(set(table.widths)) == 1 and abs(sum(table.widths) - 100) <= 0.2


def test_without_the_font_the_widths_are_estimated(monkeypatch):
    monkeypatch.setattr(pdf_columns, "advances", lambda style: {})
    table = columns([("Part", ""), ("Masked", "")], [[("BPix L1", "text"), ("40", "")]])
    assert table.tight is False and abs(sum(table.widths) - 100) <= 0.2
