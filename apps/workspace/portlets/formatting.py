"""How values look in a portlet, for the browser and the PDF alike: numbers, times, missing
values, column headers. The one place of it: the browser shows the cells the server formats.
"""
import re
from datetime import datetime


MISSING = "–"
# The API's date-times (2018-10-16T03:37:13Z, or with a space, without Z or seconds).
ISO_TIME = re.compile(r"^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})(:\d{2})?(?:\.\d+)?Z?$")


def is_number(value):
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def is_whole(value):
    return isinstance(value, int) or value.is_integer()


def format_value(value, decimals=3, fixed=False):
    """Whole numbers as they are (a whole float too: 3.0 is "3"), other numbers with ``decimals``
    decimals; ``fixed``: every number with ``decimals`` decimals (a column of fractions shows 0 as
    0.000). No value is "–"."""
    if value is None:
        return MISSING
    if isinstance(value, bool):
        return "yes" if value else "no"
    if is_number(value):
        if fixed or not is_whole(value):
            return f"{value:.{decimals}f}"
        return str(int(value))
    if isinstance(value, list):
        return ", ".join(map(str, value))
    return str(value)


def count_of(count, thing, things=None):
    """"1 row", "2 rows": a count with its noun in the right number (``things``: an irregular plural)."""
    return f"{count} {thing if count == 1 else things or thing + 's'}"


def duration_text(start, end):
    """How long from ``start`` to ``end`` (datetimes or the API's ISO times): "40 s", "24 min", "3 h 05 min"."""
    start, end = (datetime.fromisoformat(t.replace("Z", "+00:00")) if isinstance(t, str) else t for t in (start, end))
    seconds = round((end - start).total_seconds())
    if seconds < 60:
        return f"{seconds} s"
    minutes = round(seconds / 60)
    return f"{minutes} min" if minutes < 60 else f"{minutes // 60} h {minutes % 60:02d} min"


def column_value(attributes, column):
    """A column's value in an object's attributes: an attribute, or a component of a value object
    (``beamactive_total_deadtime.percent``)."""
    name, _, component = column.partition(".")
    value = attributes.get(name)
    return value.get(component) if component and isinstance(value, dict) else value


class ColumnStyle:
    """How one column of a table looks: ``text`` (any value is text) reads from the left, numbers
    from the right; ``fixed``: a column with any fraction shows all its numbers with the same
    decimals; ``date``/``time``: a column of date-times shows them compactly, the date once (in
    the header) when all are on one day, seconds only where two of its times share a minute."""

    def __init__(self, values):
        values = [v for v in values if v is not None]
        self.text = any(not is_number(v) for v in values)
        self.fixed = any(is_number(v) and not is_whole(v) for v in values)
        matches = [ISO_TIME.match(v) if isinstance(v, str) else None for v in values]
        self.time = bool(matches) and all(matches)
        self.date, self.seconds = None, False
        if self.time:
            by_minute = {}
            for match in matches:
                second = match[3] or ":00"
                self.seconds |= by_minute.setdefault(match[1] + match[2], second) != second
            dates = {match[1] for match in matches}
            self.date = dates.pop() if len(dates) == 1 else None

    @property
    def classes(self):
        return " ".join(name for name, on in (("text", self.text), ("time", self.time)) if on)

    def cell(self, value):
        """The cell's text."""
        match = self.time and isinstance(value, str) and ISO_TIME.match(value)
        if not match:
            return format_value(value, 3, self.fixed)
        clock = match[2] + ((match[3] or ":00") if self.seconds else "")
        return clock if self.date else f"{match[1]}\u00a0{clock}"  # a no-break space: one line

    def label(self, label):
        """The column's header: its label, with the one date of a column of times."""
        return f"{label}, {self.date}" if self.date else label


def column_styles(rows, count):
    return [ColumnStyle([row[i] for row in rows]) for i in range(count)]


def figure_csv(figure, skip_group):
    """A plot's CSV: one row per point, (series, x, y), or (series, x, y, z) for heatmaps; the
    traces of legend group ``skip_group`` (the events marked across a time plot) are not its data."""
    rows = []
    for trace in figure["data"]:
        if trace.get("legendgroup") == skip_group:
            continue
        if trace["type"] == "heatmap":
            rows += [[trace.get("name"), trace["x"][j], y, z] for i, y in enumerate(trace["y"]) for j, z in enumerate(trace["z"][i])]
        else:
            rows += [[trace.get("name"), x, y] for x, y in zip(trace["x"], trace["y"])]
    heatmap = any(trace["type"] == "heatmap" for trace in figure["data"])
    return {"header": ["series", "x", "y", "z"] if heatmap else ["series", "x", "y"], "rows": rows}


def line_time(value):
    """An API time (or a datetime in UTC) in a line of text, to the minute: "2018-10-09 13:05 UTC";
    None stays None."""
    if isinstance(value, datetime):
        value = f"{value:%Y-%m-%dT%H:%M}"
    match = ISO_TIME.match(value) if isinstance(value, str) else None
    return f"{match[1]} {match[2]} UTC" if match else value
