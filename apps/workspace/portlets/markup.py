"""A table's and a timeline's HTML, the one markup of each, made from its content (table.py,
timeline.py) for the browser, which inserts it, and for the page's first screen (first_screen.py).
A table's clicks are wired by frontend/js/portlets/table.js (``data-sort`` on a header,
``data-row`` a row's index in the content's rows, ``data-page`` on the paging buttons); a
timeline's choices by timeline.js (``data-source``, ``data-severity``). Every text is escaped.
Python, not a template: a 500-row table takes a tenth of the time (benchmarks/portlet_markup.py)."""
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


def timeline_html(content, inert=False):
    """A timeline's body (timeline.py's content): the filters by source and least severity (its
    choices do nothing until the page's script takes it over when ``inert``), then a line per row,
    a routine kind's holding its events' lines; timeline.js shows the lines the choices keep
    (``data-source``, ``data-severity``; the lines in the order of the content's rows)."""
    table = content["table"]
    at = {column["name"]: i for i, column in enumerate(table["header"])}
    off = " disabled" * inert

    def what(row):
        cell = lambda name: row["cells"][at[name]]  # noqa: E731
        subject = cell("subject")
        about = (f'<span class="text">{escape(cell("text")["text"])}</span> (<span class="subject">{escape(subject["text"])}</span>)'
                 if row.get("members") else
                 f'<a href="{escape(subject.get("link") or "")}">{escape(subject["text"])}</a> <span class="text">{escape(cell("text")["text"])}</span>')  # fmt: skip
        until = f' <span class="ends">until {escape(row["end"])} ({escape(row["duration"])})</span>' if row.get("end") else ""
        return (f'<time datetime="{escape(cell("start_time").get("title") or "")}">{escape(row["start"])}</time> '
                f'<span class="severity">{escape(cell("severity")["text"])}</span> <span class="source">{escape(row["source"])}</span> '
                f"{about}{until}")  # fmt: skip

    def line(row):
        marks = f'data-source="{escape(row["source"])}" data-severity="{escape(row["severity"])}"'
        if row.get("members"):
            members = "".join(line(member) for member in row["members"])
            return (f'<li class="severity-{escape(row["severity"])} group" {marks}><details><summary>{what(row)}</summary>'
                    f"<ol>{members}</ol></details></li>")  # fmt: skip
        return f'<li class="severity-{escape(row["severity"])}" {marks}>{what(row)}</li>'

    sources = " ".join(f'<label><input type="checkbox" name="source" value="{escape(s)}" checked{off}> {escape(s)}</label>'
                       for s in dict.fromkeys(row["source"] for row in table["rows"]))  # fmt: skip
    options = "".join(f'<option value="{escape(s)}"{" selected" * (i == 0)}>{"all" if i == 0 else f"{escape(s)} and worse"}</option>'
                      for i, s in enumerate(content["severities"]))  # fmt: skip
    lines = "\n".join(line(row) for row in table["rows"])
    return (f'<form class="timeline-filters" aria-label="Filter the events"><fieldset><legend>Sources</legend>{sources}</fieldset>'
            f'<label>Severity <select name="severity"{off}>{options}</select></label></form>'
            f'<ol class="timeline">{lines}<li class="none" hidden>No event of these sources and severity.</li></ol>')  # fmt: skip
