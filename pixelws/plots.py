"""The generic plot object a probe returns, and its one conversion to plotly.

A probe says *what* to draw (title, axes with units, series); ``to_plotly`` says *how*, once,
for the browser (which draws the figure the API serves) and for reports (which render the same
figure to SVG). Units are OMS's strings (``10^{30}cm^{-2}s^{-1}``, ``{\\mu}b^{-1}``, ``%``).
"""
from dataclasses import dataclass, field, replace
from itertools import cycle

from pixelws.palette import SEVERITIES
from pixelws.units import units_html, units_text

AXIS_TYPES = ("linear", "log", "date", "category")
SERIES_KINDS = ("line", "scatter", "bar", "step", "heatmap")
SHORT_TITLE = 36  # characters of a title that fit in one line above a half-width plot
SMALL_MAP = 400  # cells of a categorical map drawn with gaps between them
# Bars of a series beyond which they are drawn as one step area (more bars than a plot has pixels
# across: plotly makes an SVG path per bar, and a run's 10 error types × 2100 LS took 0.6 s to draw).
DENSE_BARS = 500
# plotly's own colour cycle, for traces whose colour plotly would otherwise make translucent.
PLOTLY_COLOURS = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf")
# Lines with a min–max band: plotly's colours without its red, which means a limit or a trip here.
BAND_COLOURS = tuple(c for c in PLOTLY_COLOURS if c != "#d62728")


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
        """``Instantaneous luminosity [10³⁰cm⁻²s⁻¹]`` as plain text."""
        return f"{self.title} [{units_text(self.units)}]" if self.units else self.title


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
    legend: list | None = None  # categorical heatmaps: [(what a value means, its colour)], shown as a legend
    labels: list | None = None  # heatmaps: a word written in a cell (an alarm's name), None elsewhere; same shape as z
    band: str | None = None  # the min or max of the line so named: drawn as a shaded band around it
    axis: str = "y"  # "y2": on the plot's second y axis (a small fraction beside values near 1)

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
        columns = [dict(vars(c), units_html=units_html(c.units)) for c in self.columns]
        return {"columns": columns, "rows": self.rows}


@dataclass
class Marker:
    """Something that happened, marked across a plot's height: a line at x, or a band to x_end."""

    x: object
    x_end: object = None
    color: str = "#4c78a8"
    text: str = ""


SEVERITY_COLOURS = SEVERITIES  # DCS limits and events alike (pixelws/palette.py)
MARKERS = "Events"  # the one legend entry that shows and hides every marker


@dataclass
class Plot:
    title: str
    x: Axis
    y: Axis
    series: list
    z: Axis | None = None  # the colour scale of heatmaps
    y2: Axis | None = None  # a second y axis, on the right, for the series with axis="y2"
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
            **{name: dict(vars(axis)) if axis else None
               for name, axis in (("x", self.x), ("y", self.y), ("y2", self.y2), ("z", self.z))},
            "series": [dict(vars(s)) for s in self.series],
            "empty": self.empty,
            "figure": to_plotly(self),
            "table": self.table.as_json() if self.table else None,
            "sources": [{"title": s.title, "label": s.shown_label, "resource": s.resource, "href": link(s.path)}
                        for s in self.sources],
        }


def axis_title(axis):
    return f"{axis.title} [{units_html(axis.units)}]" if axis.units else axis.title


def trace(series, plot, colour=None):
    """The plotly trace of a series; ``colour``: plotly's for its place, for dense bars."""
    if series.kind == "heatmap":
        # A categorical map (with its own colour scale) says what z means in its text.
        hover = "%{text}" if series.colorscale else "%{text}<br>%{z}"
        t = {"type": "heatmap", "name": series.name, "x": series.x, "y": series.y, "z": series.z,
             "colorbar": {"title": {"text": axis_title(plot.z)}} if plot.z else {}}  # fmt: skip
        if series.text:
            t |= {"text": series.text, "hovertemplate": hover + "<extra></extra>"}
        if series.colorscale:
            # A few large cells (power groups) are told apart by a gap; thousands (ROCs) need every pixel.
            gap = 1 if sum(map(len, series.z)) <= SMALL_MAP else 0
            t |= {"colorscale": series.colorscale, "zmin": series.zmin, "zmax": series.zmax, "showscale": False,
                  "xgap": gap, "ygap": gap, "hoverongaps": False}  # fmt: skip
        if series.customdata is not None:
            t["customdata"] = series.customdata
        return t
    t = {"name": series.name, "x": series.x, "y": series.y}
    if series.color:
        t["marker"] = {"color": series.color}
    if series.kind == "bar" and len(series.x) > DENSE_BARS:
        t |= dense_bars(series, series.color or colour)
    elif series.kind == "bar":
        t["type"] = "bar"
    else:
        t["type"] = "scatter"
        t["mode"] = "markers" if series.kind == "scatter" else "lines+markers" if isolated(series.y) else "lines"
        if series.kind != "scatter" and None in series.y:
            t["connectgaps"] = False  # an empty bucket is a gap in the data, not a line across it
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
    if series.axis == "y2":
        t["yaxis"] = "y2"
    return t


def dense_bars(series, colour):
    """Many bars as one filled step line, each value held from halfway to the previous x to
    halfway to the next (as its bar would be); stacked ones on the previous series; filled with
    the bars' opaque colour (plotly fills areas with a translucent one)."""
    area = {"stackgroup": series.stack} if series.stack else {"fill": "tozeroy"}
    line = {"shape": "hvh", "width": 0 if series.stack else 1}
    return {"type": "scatter", "mode": "lines", **area} | ({"line": line | {"color": colour}, "fillcolor": colour} if colour else {"line": line})


def isolated(values):
    """Whether a line has a point with no neighbour (a value between gaps), which a line alone
    would not draw: sparse data (a few rows in many buckets) is then drawn with markers."""
    present = [v is not None for v in values]
    return any(here and not (i and present[i - 1]) and not (i + 1 < len(present) and present[i + 1])
               for i, here in enumerate(present))  # fmt: skip


def to_plotly(plot):
    """The plotly figure (``{"data", "layout"}``) of a Plot: plain JSON, for plotly.js and kaleido."""
    stacked_bars = any(s.kind == "bar" and s.stack for s in plot.series)
    layout = {
        "title": title(plot.title),
        # automargin and a standoff: rotated tick labels push the axis title away (and the margin
        # grows) instead of the title running over them.
        "xaxis": {"title": {"text": axis_title(plot.x), "standoff": 8}, "type": plot.x.type, "automargin": True},
        "yaxis": {"title": {"text": axis_title(plot.y), "standoff": 8}, "type": plot.y.type, "automargin": True},
        "showlegend": len(plot.series) > 1,
        "margin": {"l": 70, "r": 20, "t": 62 if "<br>" in plot.title or len(plot.title) > SHORT_TITLE else 40, "b": 50},
        "hovermode": "closest" if any(s.kind == "heatmap" for s in plot.series) else "x unified",
    }
    if stacked_bars:
        layout["barmode"] = "stack"
    if plot.y2:
        layout["yaxis2"] = {"title": {"text": axis_title(plot.y2), "standoff": 8}, "type": plot.y2.type, "automargin": True,
                            "overlaying": "y", "side": "right", "rangemode": "tozero", "showgrid": False}  # fmt: skip
        layout["legend"] = {"x": 1.1}  # clear of the right axis' labels
    keys = [legend_key(name, colour) for s in plot.series for name, colour in s.legend or ()]
    if keys:
        layout["showlegend"] = True
    annotations = [label for s in plot.series if s.labels for label in cell_labels(s)]
    if annotations:
        layout["annotations"] = annotations
    banded = {s.band for s in plot.series if s.band}
    if banded:  # a band and its line share a colour and a legend entry
        layout["showlegend"] = len([s for s in plot.series if not s.band]) > 1
        colours = dict(zip([s.name for s in plot.series if s.name in banded], cycle(BAND_COLOURS)))
        data = [banded_trace(s, plot, colours, first) for s, first in band_order(plot.series)] + keys
    else:
        data = [trace(s, plot, PLOTLY_COLOURS[i % len(PLOTLY_COLOURS)]) for i, s in enumerate(plot.series)] + keys
    if plot.markers:
        # On a y axis of their own from 0 to 1 over the first: full height whatever the data's range.
        axis = "y3" if plot.y2 else "y2"
        layout[f"yaxis{axis[1:]}"] = {"overlaying": "y", "range": [0, 1], "visible": False, "fixedrange": True}
        layout["showlegend"] = True
        data += marker_traces(plot.markers, axis)
    return {"data": data, "layout": layout}


def band_order(series):
    """[(series, whether it is the edge a band's fill starts from)]: each band's edges just before
    its line (plotly fills an edge to the trace before it), once per stretch without a gap."""
    edges = {}
    for s in series:
        if s.band:
            edges.setdefault(s.band, []).append(s)
    lines = {s.name for s in series if not s.band}
    ordered = []
    for s in series:
        if not s.band:
            ordered += [(edge, i == 0) for part in stretches(edges.get(s.name, [])) for i, edge in enumerate(part)]
            ordered.append((s, False))
        elif s.band not in lines:
            ordered.append((s, False))  # an edge of no line: drawn as a line of its own
    return ordered


def stretches(edges):
    """A band's edges cut where any of them has no value (an empty bucket): plotly's fill to the
    previous trace ignores gaps and would bridge them, so each stretch is filled on its own."""
    if not edges:
        return []
    present = [all(e.y[i] is not None for e in edges) for i in range(len(edges[0].y))]
    if all(present):
        return [edges]
    parts, start = [], None
    for i, here in enumerate([*present, False]):
        if here and start is None:
            start = i
        elif not here and start is not None:
            parts.append([replace(e, x=e.x[start:i], y=e.y[start:i]) for e in edges])
            start = None
    return parts


def banded_trace(series, plot, colours, first_edge):
    t = trace(series, plot)
    group = series.band or series.name
    if group not in colours:
        return t
    colour = colours[group]
    t["legendgroup"] = group
    if not series.band:
        return t | {"line": {**t.get("line", {}), "color": colour}}
    t |= {"line": {"width": 0, "color": colour}, "showlegend": False, "hoverinfo": "skip"}
    if not first_edge:
        t |= {"fill": "tonexty", "fillcolor": translucent(colour)}
    return t


def translucent(colour, alpha=0.2):
    red, green, blue = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return f"rgba({red},{green},{blue},{alpha})"


def title(text):
    """A long title in two lines: what is drawn, then (smaller) the scope after its last comma
    ("…, morning shift 2018-10-16"), so that it fits above a half-width plot."""
    what, comma, scope = text.rpartition(", ")
    if len(text) <= SHORT_TITLE or not comma:
        return {"text": text}
    size = 15 if len(what) <= SHORT_TITLE else 13
    return {"text": f"{what}<br><span style='font-size:12px'>{scope}</span>", "font": {"size": size}}


def legend_key(name, colour):
    """A legend entry for one colour of a categorical map: a trace with no point, only its key."""
    return {"type": "scatter", "mode": "markers", "name": name, "x": [None], "y": [None], "hoverinfo": "skip",
            "marker": {"color": colour, "symbol": "square", "size": 12}, "showlegend": True}  # fmt: skip


MARKER_FILL = 0.12  # a band's fill opacity


def cell_labels(series):
    """The words of a heatmap's cells (an alarm's name over its colour: not colour alone), as
    annotations written upright across the cell: a state map's cells are tall and narrow (eleven
    columns, four rows), and a word like TRIPPED runs over its neighbours when written across."""
    return [{"x": x, "y": y, "text": word, "textangle": -90, "showarrow": False, "font": {"color": "#ffffff", "size": 11}}
            for y, row in zip(series.y, series.labels) for x, word in zip(series.x, row) if word]  # fmt: skip


def marker_traces(markers, axis):
    """One trace per colour, all in one legend group under one entry: a vertical line per
    marker, a filled band where it has an end; its text on hover. Dashed, in its severity's
    colour, unlike a data line; a band's fill so faint that the data it marks (a trip's dip)
    shows through it (markers lie on an axis over the data's)."""
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
            "x": x, "y": y, "text": text, "hoverinfo": "text", "yaxis": axis, "fill": "toself",
            "line": {"color": colour, "width": 1.5, "dash": "dash"}, "fillcolor": translucent(colour, MARKER_FILL),
        })  # fmt: skip
    return traces
