"""A plot portlet's first paint: its figure drawn to SVG on the server (by kaleido, warm, as the
PDF draws it: figures.py) at the size the browser measured for it, so that a page shows its plots
before plotly.js has loaded; plotly.js then takes each plot over (frontend/js/portlets/plot.js).

An SVG is named by its digest (the figure as drawn, its size, the plotly.js version): that is its
ETag, and, when the selection's data can no longer change (``freshness``), the name of its file
under PIXELWS_FIRST_PAINT_DIR, so a second look, or a second shifter, draws nothing.
"""
import hashlib
import json
import os
import tempfile
from concurrent.futures import Future
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from django.conf import settings
from django.core.cache.backends.filebased import FileBasedCache
from django.core.serializers.json import DjangoJSONEncoder
from plotly.offline import get_plotlyjs_version

from pixelws.dialect.errors import DialectError
from pixelws.dialect.query import parse_value
from pixelws.dialect.views import cache_control
from pixelws.scope import known_fill, known_run
from pixelws.shifts import Shift

# Below this width plot.js lays the legend out under the plot, so the data keep the width; the
# SVG is drawn the same way, or plotly's takeover would move the plot.
NARROW_PX = 500
LEGEND_BELOW = {"orientation": "h", "x": 0, "xanchor": "left", "y": 0, "yref": "container", "yanchor": "bottom"}
KEPT_AT_MOST = 5000  # SVG files; beyond, the least recently written go
SIZES = {"width": (100, 4000), "height": (100, 3000)}  # px a browser may ask for
REMEMBERED_AT_MOST = 5000  # keys (``remember``); beyond, Django's file cache culls a third
_drawing = {}  # name → the Future of its SVG, while kaleido draws it


class NothingToDraw(Exception):
    """A plot portlet with no figure for the selection (its content's message says why)."""


@dataclass(frozen=True)
class Freshness:
    """How long a first paint may be kept: ``kept`` on disk (its data cannot change any more),
    and the Cache-Control it is served with."""

    kept: bool
    cache_control: str


def freshness(selection, now=None):
    """The one staleness rule of first paints. A selection whose data cannot change any more (an
    ended run or fill, a past shift or time window) is kept on disk and cached by browsers as the
    API's settled rows are (OMS_CACHE_SECONDS). Data still changing (an ongoing run: ``end_time``
    NULL; a shift or window reaching now) are drawn from the newest answer the server has
    (answers.py shares one for PIXELWS_SHARED_QUERY_SECONDS, below the live bound LIVE_CACHE_SECONDS) and kept by no
    cache: the browser asks again each time, the ETag making an unchanged figure a 304."""
    kept = settled(selection, now)
    return Freshness(kept=kept, cache_control=cache_control(kept))


def settled(selection, now=None):
    """Whether the data the selection shows can no longer change."""
    now = now or datetime.now(timezone.utc)
    state, variables = selection.state, selection.variables
    if "run" in state:
        return known_run(state["run"])["end_time"] is not None
    if "fill" in state:
        return known_fill(state["fill"])["end_time"] is not None
    if "shift" in state:
        return Shift.parse(state["shift"]).end <= now
    if "until" in variables:
        return variables["until"] <= now
    return False


def size(params, name):
    """The ``width`` or ``height`` parameter, in px; a DialectError naming it if missing or out of range."""
    low, high = SIZES[name]
    raw = params.get(name)
    if raw is None:
        raise DialectError(f"Give the plot's {name} in px ({low} to {high}): the size the browser measured.", name)
    value = parse_value("integer", raw, name)
    if not low <= value <= high:
        raise DialectError(f"{name}={raw}: from {low} to {high} px.", name)
    return value


def as_drawn(figure, width, height):
    """The figure as the browser lays it out at width × height (plot.js: a narrow plot's legend
    below it), its stacks thinned to the drawing's width (``thinned``)."""
    narrow = {"legend": {**figure["layout"].get("legend", {}), **LEGEND_BELOW}} if width < NARROW_PX else {}
    layout = {**figure["layout"], **narrow, "width": width, "height": height, "autosize": False}
    margin = {"l": 80, "r": 80, **layout.get("margin", {})}  # plotly's defaults
    return {**figure, "data": thinned(figure["data"], width - margin["l"] - margin["r"]), "layout": layout}


def thinned(traces, width):
    """The traces, each stack (a ``stackgroup``) with more points than the drawing has pixels
    across kept at one point per run of k: the one where the stack is highest, and the first and
    the last. A per-LS stack of a long run (2100 LS, ten error types) is otherwise a path of 60 000
    steps, a megabyte of SVG the browser parses before it paints; thinned, the drawing keeps its
    axes' ranges (the highest point and both ends are kept) and its look at that width, and
    plotly.js, taking the plot over, draws every point (hover, zoom)."""
    stacks = {}
    for trace in traces:
        if trace.get("stackgroup") and trace.get("x") is not None and trace.get("y") is not None:
            stacks.setdefault(trace["stackgroup"], []).append(trace)
    kept = {}  # id(trace) → the thinned trace
    for stack in stacks.values():
        n = len(stack[0]["x"])
        if n <= width or any(len(t["x"]) != n or len(t["y"]) != n for t in stack):
            continue
        k = -(-n // width)
        total = [sum(t["y"][i] or 0 for t in stack) for i in range(n)]
        indices = sorted({0, n - 1, *(max(range(start, min(start + k, n)), key=total.__getitem__) for start in range(0, n, k))})
        for trace in stack:
            shown = {key: value for key, value in trace.items() if key not in ("customdata", "text", "hovertext", "hovertemplate")}
            kept[id(trace)] = {**shown, "x": [trace["x"][i] for i in indices], "y": [trace["y"][i] for i in indices]}
    return [kept.get(id(trace), trace) for trace in traces]


def digest(figure):
    """The name of a figure's drawing: its JSON (sizes included) and the plotly.js drawing it."""
    text = json.dumps(figure, sort_keys=True, separators=(",", ":"), cls=DjangoJSONEncoder)
    return hashlib.sha256(f"{get_plotlyjs_version()}\n{text}".encode()).hexdigest()[:32]


def drawing(key, figure, kept, if_none_match=""):
    """(name, SVG) of the figure ``figure()`` makes (``as_drawn``), the SVG None when
    ``if_none_match`` already names it (the browser has it); a 503 naming the fault if kaleido
    fails, and the browser draws the plot with plotly.js instead."""
    name, drawn = started(key, figure, kept, if_none_match)
    if drawn is None:
        return name, None
    try:
        return name, drawn.result(timeout=settings.PDF_TIME_LIMIT)
    except Exception as error:  # kaleido's, or its Chromium's
        raise DialectError(f"The plot could not be drawn on the server ({type(error).__name__}: {error}).", status=503) from error


def started(key, figure, kept, known=""):
    """(name, a Future of its SVG): done at once when the SVG is kept, else kaleido drawing it
    (and keeping it if ``kept``, the one who asked waiting for it or not); the Future None when
    ``known`` (an If-None-Match) already names it. ``key`` (page, portlet, selection, size): for a
    selection ``kept``, the name is remembered, so a second look reads the file without asking
    the database again (for OMS_CACHE_SECONDS, as the API keeps ended runs' answers)."""
    name = remembered(("drawing", *key)) if kept else None
    if name is not None:
        if f'"{name}"' in known:
            return name, None
        stored = read(name)
        if stored is not None:
            return name, stored
    drawn_figure = figure()
    name = digest(drawn_figure)
    if kept:
        remember(("drawing", *key), name)
    if f'"{name}"' in known:
        return name, None
    stored = read(name) if kept else None
    if stored is not None:
        return name, stored
    if name in _drawing:  # asked again while kaleido draws it (a page's HTML that did not wait for it, then the browser)
        return name, _drawing[name]
    from . import figures  # kaleido imported when first needed (gunicorn_conf starts it with each worker)

    # The Future handed out is done only once the drawing is kept: whoever waited for it finds the file.
    drawn = _drawing[name] = Future()
    rendering = figures.render(drawn_figure, drawn_figure["layout"]["width"], drawn_figure["layout"]["height"])
    rendering.add_done_callback(lambda done: drawn_by_kaleido(name, done, kept, drawn))
    return name, drawn


def drawn_by_kaleido(name, done, kept, drawn):
    """kaleido's drawing ``done``: kept (if ``kept``), then handed to ``drawn``'s waiters."""
    _drawing.pop(name, None)
    if done.cancelled():
        drawn.cancel()
    elif done.exception() is not None:
        drawn.set_exception(done.exception())
    else:
        if kept:
            keep(folder() / f"{name}.svg", done.result())
        drawn.set_result(done.result())


def remember(key, what):
    """Kept for OMS_CACHE_SECONDS, as the API keeps ended runs' answers, by every worker of the
    server (a file under the first paint's folder: the next look finds it whichever worker
    answers): only what a kept selection (``freshness``) shows, which cannot change."""
    remembering().set(cache_key(key), what)


def remembered(key):
    """What ``remember`` kept under ``key``, or None."""
    return remembering().get(cache_key(key))


def remembering():
    """Django's file cache in the first paint's folder (read from the settings each time: tests point it elsewhere)."""
    options = {"TIMEOUT": settings.OMS_CACHE_SECONDS, "OPTIONS": {"MAX_ENTRIES": REMEMBERED_AT_MOST}}
    return FileBasedCache(str(folder() / "remembered"), options)


def cache_key(key):
    return hashlib.sha256(repr(key).encode()).hexdigest()


def folder():
    return Path(settings.PIXELWS_FIRST_PAINT_DIR)


def read(name):
    """A done Future of the kept SVG named ``name``, or None if none is kept."""
    try:
        stored = Future()
        stored.set_result((folder() / f"{name}.svg").read_bytes())
        return stored
    except FileNotFoundError:
        return None


def keep(path, drawn):
    """Written whole or not at all (two workers may draw the same figure), then the folder pruned."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=path.parent, suffix=".part", delete=False) as part:
        part.write(drawn)
    os.replace(part.name, path)
    files = list(path.parent.glob("*.svg"))
    if len(files) > KEPT_AT_MOST:
        files.sort(key=lambda f: f.stat().st_mtime)
        for old in files[: len(files) - KEPT_AT_MOST]:
            old.unlink(missing_ok=True)
