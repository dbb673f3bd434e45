"""A table's HTML, the one markup of it: made from its content (table.py) for the browser, which
inserts it and wires its clicks (frontend/js/portlets/table.js: ``data-sort`` on a header,
``data-row`` a row's index in the content's rows, ``data-page`` on the paging buttons), and for the
page's first screen (first_screen.py). Every text is escaped. Python, not a template: a 500-row
table takes a tenth of the time (benchmarks/portlet_markup.py)."""
from html import escape

ARROWS = {"ascending": " ▲", "descending": " ▼"}


def wrappable(text):
    """Long names (BPix_BmO_SEC8_LYR1_LDR6F_MOD3_ROC2) may wrap after their underscores."""
    return escape(str(text)).replace("_", "_<wbr>")


def attribute(name, value):
    return f' {name}="{escape(str(value))}"' if value else ""


def classes(*names):
    return attribute("class", " ".join(name for name in names if name))


def header_html(column):
    units = f" [{column['units_html']}]" if column.get("units_html") else ""  # HTML made by pixelws.units
    return (f'<th scope="col"{attribute("data-sort", column.get("sort"))}'
            f'{classes(column.get("sort") and "sortable", column.get("text") and "text")}>'
            f'{escape(column["label"])}{units}{ARROWS.get(column.get("sorted"), "")}</th>')  # fmt: skip


def cell_html(cell, linked):
    text = wrappable(cell["text"])
    inner = f'<a href="{escape(cell["link"])}">{text}</a>' if cell.get("link") and linked else text
    return f'<td{classes(cell.get("class"))}{attribute("title", cell.get("title"))}>{inner}</td>'


def row_html(index, row):
    # A drill-down row opens its page on a click anywhere on it (table.js), not by a link in a cell.
    cells = "".join(cell_html(cell, not row.get("drill")) for cell in row["cells"])
    chosen = (row.get("select") or row.get("drill")) and "selectable"
    return f'<tr data-row="{index}"{classes(chosen, row.get("current") and "current")}>{cells}</tr>'


def table_html(table, title, whole, inert=False):
    """``table``: a table's content (header, rows, paging); ``whole``: served whole (a probe's),
    no paging buttons; ``inert``: drawn before any script runs, its buttons do nothing yet."""
    paging = table["paging"]
    line = f"<span>{escape(paging['text'])}</span>"
    if not whole:
        previous = inert or paging["offset"] <= 0
        following = inert or paging["offset"] + len(table["rows"]) >= paging["total"]
        line = (f'<button type="button" data-page="-1"{" disabled" * previous}>◀</button> {line} '
                f'<button type="button" data-page="1"{" disabled" * following}>▶</button>')  # fmt: skip
    header = "".join(header_html(column) for column in table["header"])
    rows = "\n".join(row_html(i, row) for i, row in enumerate(table["rows"]))
    return (f"<table><thead><tr>{header}</tr></thead>\n<tbody>{rows}</tbody></table>"
            f'<nav class="paging" aria-label="{escape(title)}: rows">{line}</nav>')  # fmt: skip
