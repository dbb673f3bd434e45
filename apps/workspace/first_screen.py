"""A page's first screen, drawn into its HTML (templates/first_screen.html): the page's frame (its
header, the controller's context line and every portlet's place in the grid) and, for the
portlets near the top, their content: a plot's SVG (first_paint.py), a table's, a summary's or a
timeline's HTML (the one its type makes for the browser too: PortletType.html). The browser
paints that before any script has run; the workspace's JavaScript then builds the same page
around it, adopting what is drawn (portlet.js), and plotly.js takes each plot over.

The server lays the page out as workspace.css does at a desktop VIEWPORT, to draw each plot at the
size the browser will give it (a narrower screen scales the drawing, then draws it at its size).
The HTML waits at most BUDGET_S for this: what is not ready by then (a plot kaleido is still
drawing, content whose queries are slow) is left to the browser, which loads it as any portlet.
"""
import time
from concurrent.futures import wait
from dataclasses import dataclass, field

from . import first_paint
from .portlets import Context, PortletType, content, html, registry

# workspace.css at the desktop viewport the first screen is drawn for.
VIEWPORT = (1400, 900)  # px, width × height
NAV_PX, MAIN_PADDING_PX = 210, 16  # the sidebar's width; #main's padding left and right
COLUMNS, ROW_PX, GAP_PX = 12, 110, 10  # .grid
BORDER_PX, HEADER_PX = 1, 29  # a portlet's border; its header (title, links, CSV) on one line
GRID_TOP_PX = 150  # below the page's header and controller: where the grid starts
SCREENS = 2  # portlets starting within this many screen heights are drawn: the first scroll's too
BUDGET_S = 0.3  # the longest the HTML waits for what it carries
# Bytes of SVG a page's HTML carries at most, the plots in order of position (the FED errors
# page's per-LS steps: 1.2 MB, 0.44 MB gzipped, a step per LS and error type); a drawing beyond
# is asked for by the browser (/svg), as a plot not drawn in the HTML.
INLINED_AT_MOST = 1_500_000


@dataclass(eq=False)  # one per portlet, told apart by identity
class Placed:
    """A portlet of the page as the first screen shows it: where it stands, and what is drawn of it."""

    index: int
    portlet: dict
    content: dict | None = None  # its content (portlets/), when drawn
    svg: str = ""  # a plot's drawing
    size: tuple = field(default=(0, 0))  # a plot's drawing's width × height, px

    @property
    def grid_style(self):
        p = self.portlet
        narrow = f"; --narrow-order: {p['narrow_order']}" if "narrow_order" in p else ""
        return f"grid-column: {p['pos_x'] + 1} / span {p['size_x']}; grid-row: {p['pos_y'] + 1} / span {p['size_y']}{narrow}"

    @property
    def html(self):
        """A table's, a summary's or a timeline's body, as its type makes it for the browser (portlets/), inert
        until the page's script takes it over."""
        return html(self.portlet, self.content, inert=True) if self.content else None

    @property
    def kind(self):
        return self.portlet["type"]


def body_size(portlet, viewport_width=VIEWPORT[0]):
    """The px width × height of a portlet's body (its plot) in the desktop grid, as the browser measures it."""
    column = (viewport_width - NAV_PX - 2 * MAIN_PADDING_PX - (COLUMNS - 1) * GAP_PX) / COLUMNS
    width = portlet["size_x"] * column + (portlet["size_x"] - 1) * GAP_PX - 2 * BORDER_PX
    height = portlet["size_y"] * ROW_PX + (portlet["size_y"] - 1) * GAP_PX - 2 * BORDER_PX - HEADER_PX
    return round(width), round(height)


def makes_html(kind):
    """Whether a portlet type is shown by the HTML it makes of its content (PortletType.body_html:
    a table, a summary, a timeline); a plot is shown by its drawing."""
    return type(registry[kind]).body_html is not PortletType.body_html


def near_the_top(portlet):
    return GRID_TOP_PX + portlet["pos_y"] * (ROW_PX + GAP_PX) < SCREENS * VIEWPORT[1]


def first_screen(page, selection, absolute_uri):
    """Every portlet of the page, placed; those near the top drawn as far as BUDGET_S allows, in
    order of position (a plot's drawing goes on while the next portlet's content is made; a kept
    drawing is read without asking the database)."""
    deadline = time.monotonic() + BUDGET_S
    placed = [Placed(index, portlet) for index, portlet in enumerate(page.portlets)]
    near = [p for p in sorted(placed, key=lambda p: (p.portlet["pos_y"], p.portlet["pos_x"])) if near_the_top(p.portlet)]
    context = Context(selection, absolute_uri, refusals_shown=True)  # a refusal: a message, the browser shows it
    fresh = first_paint.freshness(selection)
    drawings = {}  # Placed → Future of its SVG
    for item in near:  # from the top: what a shifter reads first is drawn first
        if item.kind == "plot" and time.monotonic() < deadline:
            drawings[item] = draw(page, item, selection, context, fresh)
        elif makes_html(item.kind):
            key = ("content", page.id, item.index, tuple(sorted(selection.state.items())))
            item.content = first_paint.remembered(key) if fresh.kept else None
            if item.content is None and time.monotonic() < deadline:
                item.content = shown(content(item.portlet, context, item.index))
                if fresh.kept and item.content is not None:
                    first_paint.remember(key, item.content)
    inlined = 0
    for item, drawing in drawings.items():
        if drawing is None or not wait([drawing], timeout=max(0, deadline - time.monotonic())).done:
            continue
        if not drawing.cancelled() and drawing.exception() is None and inlined + len(drawing.result()) <= INLINED_AT_MOST:
            item.svg = drawing.result().decode()
            inlined += len(drawing.result())
    return placed


def draw(page, item, selection, context, fresh):
    """A Future of the plot's SVG at its size in the grid (first_paint.started), or None when it
    has nothing to draw; its content's links (``sources``) kept with it, for its header."""
    item.size = body_size(item.portlet)
    width, height = item.size
    key = (page.id, item.index, tuple(sorted(selection.state.items())), width, height)

    def figure():
        item.content = shown(content(item.portlet, context, item.index))
        if item.content is None:
            raise first_paint.NothingToDraw
        if fresh.kept:
            first_paint.remember(("sources", *key), item.content["sources"])
        return first_paint.as_drawn(item.content["figure"], width, height)

    try:
        drawing = first_paint.started(key, figure, fresh.kept)[1]
    except first_paint.NothingToDraw:
        return None
    item.content = item.content or {"sources": first_paint.remembered(("sources", *key)) or []}
    return drawing


def shown(attributes):
    """A portlet's content if it is ready to show; None for a message, which the browser shows as today."""
    return attributes if attributes.get("state") == "ready" else None
