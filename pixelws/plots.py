"""The generic plot object a probe returns, and its one conversion to plotly.

A probe says *what* to draw (title, axes with units, series); ``to_plotly`` says *how*, once,
for the browser (which draws the figure the API serves) and for reports (which render the same
figure to SVG). Units are OMS's strings (``10^{30}cm^{-2}s^{-1}``, ``{\\mu}b^{-1}``, ``%``).
"""
import re
from dataclasses import dataclass, field

AXIS_TYPES = ("linear", "log", "date", "category")
SERIES_KINDS = ("line", "scatter", "bar", "step", "heatmap")


@dataclass
class Axis:
    title: str
    units: str | None = None
    type: str = "linear"  # one of AXIS_TYPES

    def __post_init__(self):
        if self.type not in AXIS_TYPES:
            raise ValueError(f"axis type {self.type!r} is not one of {AXIS_TYPES}")

    @property
    def label(self):
        """``Instantaneous luminosity [10^{30}cm^{-2}s^{-1}]`` as plain text."""
        return f"{self.title} [{self.units}]" if self.units else self.title


@dataclass
class Series:
    name: str
    kind: str = "line"  # one of SERIES_KINDS
    x: list = field(default_factory=list)
    y: list = field(default_factory=list)
    z: list | None = None  # heatmaps: rows of values, z[i][j] at (x[j], y[i])
    text: list | None = None  # hover text per point (heatmaps: per cell, same shape as z)
    stack: str | None = None  # series with the same stack name are drawn stacked
    customdata: list | None = None  # per point (per cell): what a click hands the page, e.g. a ROC name
    color: str | None = None  # when the colour means something (red = masked); else plotly's cycle
    colorscale: list | None = None  # heatmaps: [[fraction, colour], …] over zmin..zmax
    zmin: float | None = None
    zmax: float | None = None

    def __post_init__(self):
        if self.kind not in SERIES_KINDS:
            raise ValueError(f"series kind {self.kind!r} is not one of {SERIES_KINDS}")

    @property
    def empty(self):
        return not (self.z if self.kind == "heatmap" else self.y)


@dataclass
class Column:
    name: str
    title: str
    units: str | None = None


@dataclass
class Table:
    """The rows behind a plot, or a list a plot cannot show (e.g. which ROCs changed)."""

    columns: list  # of Column
    rows: list  # of {column name: value}

    def as_json(self):
        return {"columns": [dict(vars(c)) for c in self.columns], "rows": self.rows}


@dataclass
class Marker:
    """Something that happened, marked across a plot's height: a line at x, or a band to x_end."""

    x: object
    x_end: object = None
    color: str = "#4c78a8"
    text: str = ""


MARKERS = "Events"  # the one legend entry that shows and hides every marker


@dataclass
class Plot:
    title: str
    x: Axis
    y: Axis
    series: list
    z: Axis | None = None  # the colour scale of heatmaps
    table: Table | None = None
    sources: list = field(default_factory=list)  # pixelws.sources.Source: the API rows drawn
    markers: list = field(default_factory=list)  # of Marker: events across the plot (apps/events)

    @property
    def empty(self):
        return all(s.empty for s in self.series)

    def as_attributes(self, link=lambda path: path):
        """The plot as JSON:API attributes: the generic object plus its plotly figure. ``link``
        makes a source's path a URL (the request's host)."""
        # Not dataclasses.asdict: its deep copy of every point costs more than the query.
        return {
            "title": self.title,
            **{name: dict(vars(axis)) if axis else None for name, axis in (("x", self.x), ("y", self.y), ("z", self.z))},
            "series": [dict(vars(s)) for s in self.series],
            "empty": self.empty,
            "figure": to_plotly(self),
            "table": self.table.as_json() if self.table else None,
            "sources": [{"title": s.title, "resource": s.resource, "href": link(s.path)} for s in self.sources],
        }


SUPERSCRIPT = re.compile(r"\^\{([^{}]*)\}")


def units_html(units):
    """OMS's TeX-like unit strings in the HTML subset plotly's text understands."""
    text = units.replace("{\\mu}", "µ").replace("\\mu", "µ")
    return SUPERSCRIPT.sub(r"<sup>\1</sup>", text)


def axis_title(axis):
    return f"{axis.title} [{units_html(axis.units)}]" if axis.units else axis.title


def trace(series, plot):
    if series.kind == "heatmap":
        # A categorical map (with its own colour scale) says what z means in its text.
        hover = "%{text}" if series.colorscale else "%{text}<br>%{z}"
        t = {"type": "heatmap", "name": series.name, "x": series.x, "y": series.y, "z": series.z,
             "colorbar": {"title": {"text": axis_title(plot.z)}} if plot.z else {}}  # fmt: skip
        if series.text:
            t |= {"text": series.text, "hovertemplate": hover + "<extra></extra>"}
        if series.colorscale:
            t |= {"colorscale": series.colorscale, "zmin": series.zmin, "zmax": series.zmax, "showscale": False,
                  "xgap": 0, "ygap": 0, "hoverongaps": False}  # fmt: skip
        if series.customdata is not None:
            t["customdata"] = series.customdata
        return t
    t = {"name": series.name, "x": series.x, "y": series.y}
    if series.color:
        t["marker"] = {"color": series.color}
    if series.kind == "bar":
        t["type"] = "bar"
    else:
        t["type"] = "scatter"
        t["mode"] = "markers" if series.kind == "scatter" else "lines"
        if series.kind == "step":
            t["line"] = {"shape": "hv"}
        if series.stack:
            # Filled areas, each on top of the previous; no lines, or the topmost series' line
            # would trace the total in its own colour.
            t["stackgroup"] = series.stack
            t["line"] = {**t.get("line", {}), "width": 0}
    if series.text:
        t["text"] = series.text
    if series.customdata is not None:
        t["customdata"] = series.customdata
    return t


def to_plotly(plot):
    """The plotly figure (``{"data", "layout"}``) of a Plot: plain JSON, for plotly.js and kaleido."""
    stacked_bars = any(s.kind == "bar" and s.stack for s in plot.series)
    layout = {
        "title": {"text": plot.title},
        "xaxis": {"title": {"text": axis_title(plot.x)}, "type": plot.x.type},
        "yaxis": {"title": {"text": axis_title(plot.y)}, "type": plot.y.type},
        "showlegend": len(plot.series) > 1,
        "margin": {"l": 70, "r": 20, "t": 40, "b": 50},
        "hovermode": "closest" if any(s.kind == "heatmap" for s in plot.series) else "x unified",
    }
    if stacked_bars:
        layout["barmode"] = "stack"
    data = [trace(s, plot) for s in plot.series]
    if plot.markers:
        # On a second y axis from 0 to 1 over the first: full height whatever the data's range.
        layout["yaxis2"] = {"overlaying": "y", "range": [0, 1], "visible": False, "fixedrange": True}
        layout["showlegend"] = True
        data += marker_traces(plot.markers)
    return {"data": data, "layout": layout}


def marker_traces(markers):
    """One trace per colour, all in one legend group under one entry: a vertical line per
    marker, a filled band where it has an end; its text on hover."""
    colours = list(dict.fromkeys(m.color for m in markers))
    traces = []
    for i, colour in enumerate(colours):
        x, y, text = [], [], []
        for m in markers:
            if m.color == colour:
                corners = [m.x, m.x] if m.x_end is None else [m.x, m.x, m.x_end, m.x_end, m.x]
                x += corners + [None]
                y += [0, 1, 1, 0, 0][: len(corners)] + [None]
                text += [m.text] * len(corners) + [None]
        traces.append({
            "type": "scatter", "mode": "lines", "name": MARKERS, "legendgroup": MARKERS, "showlegend": i == 0,
            "x": x, "y": y, "text": text, "hoverinfo": "text", "yaxis": "y2", "fill": "toself", "opacity": 0.4,
            "line": {"color": colour, "width": 1}, "fillcolor": colour,
        })  # fmt: skip
    return traces
