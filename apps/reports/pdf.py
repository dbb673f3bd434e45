"""A page as an A4 PDF: its portlets' content (portlets/, the very content the browser shows:
cells, summaries, figures), laid out by WeasyPrint (django-weasyprint), each plot's plotly figure
rendered to vector SVG by kaleido (figures.py: one Chromium per worker process, started by the
first PDF, the cold one, and kept warm; it draws the plots while the other portlets are queried).
A table is complete here (every row, not one screen of it).

WeasyPrint fetches every URL a document names, so its fetcher serves this server's static files
and inline data only. A PDF has a time and a size limit; passing one is a clear error (504 / 413),
never a hung worker: the time limit is looked at after each portlet. The layout runs in a process
of its own (layout.py), killed when the time limit passes or the client goes away, so no PDF
waits behind an abandoned one.
"""
import base64
import time
from concurrent.futures import TimeoutError as FutureTimeout
from datetime import datetime, timezone
from importlib.metadata import PackageNotFoundError, version

from django.conf import settings
from django.template.response import TemplateResponse
from django_weasyprint.views import WeasyTemplateResponse

from apps.workspace.portlets import Context, TooLarge, content
from apps.workspace.portlets.notes import checked_notes
from pixelws import pdf_pool
from pixelws.dialect.errors import DialectError
from pixelws.shifts import ZURICH

from . import layout
from .colour_bars import stepped_colour_bars
from .columns import columns
from .digest import digest
from .fetcher import OwnFilesFetcher
from .layout import LayoutAbandoned, client_gone, lay_out

ROW_LIMIT = 5000  # rows of all the tables of one PDF: more is a clear error, not an endless layout
SVG_LIMIT = 16 * 2**20  # bytes of SVG in one PDF: WeasyPrint lays out every element of every plot
GRID_WIDTH_PX = 1080  # a full-width plot's SVG width; a portlet of n columns gets n/12 of it
ROW_HEIGHT_PX = 85


class PdfTimeout(Exception):
    pass


class ClientGone(Exception):
    """The client closed its connection: its PDF is not made."""


HOVER_ONLY = ("text", "customdata", "hovertemplate")  # what a heatmap shows only on hover


def printable(trace):
    """A trace as a page shows it without a mouse: a heatmap drops what only its hover shows
    (a ROC map's 8 000 names: most of what kaleido would be sent); and gets a gap too thin to see,
    because plotly.js draws a gapless heatmap one pixel per cell, scaled up with CSS
    image-rendering: pixelated, which WeasyPrint's SVG renderer does not honour (cells blur)."""
    if trace.get("type") != "heatmap" or trace.get("texttemplate"):
        return trace
    return {**{k: v for k, v in trace.items() if k not in HOVER_ONLY},
            "xgap": trace.get("xgap") or 1e-3, "ygap": trace.get("ygap") or 1e-3}  # fmt: skip


LEGEND_ENTRY_PX = 19  # a legend entry's height, as plotly draws it
LEGEND_ROOM_PX = 170  # of a plot's height, what its title, margins and x axis take from its legend's
LEGEND_COLUMN_PX = 190  # a legend entry's width, laid out in rows under the plot


def legend_entries(figure):
    return sum(1 for t in figure["data"] if t.get("showlegend", t.get("type") != "heatmap") is not False and t.get("name"))


def with_whole_legend(figure, width, height):
    """The figure and its height, its legend whole: one whose entries a column beside the plot
    cannot hold (it would drop the last ones: FED errors' "40 TBM overflow") lies in rows under
    the plot, which grows by them."""
    entries = legend_entries(figure)
    if not figure["layout"].get("showlegend", entries > 1) or entries * LEGEND_ENTRY_PX <= height - LEGEND_ROOM_PX:
        return figure, height
    rows = -(-entries // max(1, width // LEGEND_COLUMN_PX))
    legend = {**figure["layout"].get("legend", {}), "orientation": "h", "x": 0, "xanchor": "left", "y": -0.15, "yanchor": "top",
              "entrywidth": LEGEND_COLUMN_PX, "entrywidthmode": "pixels"}  # fmt: skip
    return {**figure, "layout": {**figure["layout"], "legend": legend}}, height + rows * LEGEND_ENTRY_PX + 30


def render_figure(item):
    """A Future of the item's plot as SVG, its width the portlet's share of the grid."""
    from apps.workspace import figures  # kaleido is imported by the first PDF, not by every worker

    width, height = GRID_WIDTH_PX * item["width"] // 12, ROW_HEIGHT_PX * max(item["height"], 4)
    figure, height = with_whole_legend({**item["figure"], "data": [printable(t) for t in item["figure"]["data"]]}, width, height)
    return figures.render(figure, width, height)


def svg_data_url(svg):
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode()


def moment_text(moment):
    """When a PDF was made or a shift handed over, in UTC and in the shifters' local time:
    "2018-10-09 21:05:13 UTC · 2018-10-09 23:05:13 CEST Europe/Zurich"."""
    return f"{moment:%Y-%m-%d %H:%M:%S} UTC · {moment.astimezone(ZURICH):%Y-%m-%d %H:%M:%S %Z} Europe/Zurich"


def pixelws_version():
    try:
        return version("pixelws")
    except PackageNotFoundError:  # run from a checkout that was not installed
        return "unknown"


class PagePdf:
    """The PDF of a page for a selection, with the time each stage took (for the benchmark)."""

    def __init__(self, request, page, selection, notes):
        self.request, self.page, self.selection, self.notes = request, page, selection, notes
        self.stages = {}
        layout.start()  # a no-op once started (as a worker starts): its seconds are not the PDF's
        self.deadline = time.monotonic() + settings.PDF_TIME_LIMIT

    def stage(self, name, started):
        self.stages[name] = time.monotonic() - started
        if time.monotonic() > self.deadline:
            raise self.timeout(name)
        if client_gone(self.request):
            raise ClientGone()

    def awaited(self, future):
        """A figure's SVG, looking at the deadline and the client every quarter second."""
        while True:
            try:
                return future.result(timeout=min(max(self.deadline - time.monotonic(), 0), 0.25))
            except FutureTimeout:
                if time.monotonic() > self.deadline:
                    raise self.timeout("figures") from None
                if client_gone(self.request):
                    raise ClientGone() from None

    def timeout(self, stage):
        return PdfTimeout(f"The PDF took longer than {settings.PDF_TIME_LIMIT} s ({stage}). Try again, or narrow the selection.")

    @property
    def filename(self):
        return f"pixel-{self.page.id}-{self.selection.slug}.pdf"

    @property
    def shows_digest(self):
        """Page 1 is the shift's digest (digest.py): a page file asks for it, and a shift is chosen."""
        return self.page.digest and "shift" in self.selection.state

    def digest_notes(self):
        return "\n\n".join(self.notes.values())

    def items(self, context):
        """Every portlet's content, in the order the page shows them (row by row, left to right),
        each yielded as soon as it is made, with its width and height in the grid; the notes are
        on the digest's page 1 when there is one."""
        placed = sorted(enumerate(self.page.portlets), key=lambda ip: (ip[1]["pos_y"], ip[1]["pos_x"]))
        for index, portlet in placed:  # index: its place in the page file, which names its notes
            if not (self.shows_digest and portlet["type"] == "notes"):
                yield {**content(portlet, context, index), "width": portlet["size_x"], "height": portlet["size_y"]}

    def context(self):
        started = time.monotonic()
        items, rendering = [], []
        portlets = Context(self.selection, self.request.build_absolute_uri, notes=self.notes, row_limit=ROW_LIMIT)
        shift_digest = digest(portlets, self.digest_notes()) if self.shows_digest else None
        self.stage("queries", started)  # past the time limit: no portlet is queried
        try:
            for part in (shift_digest["alarms"], shift_digest["out_of_limits"], shift_digest["runs"]) if shift_digest else ():
                part["columns"] = columns(part["table"]) if part.get("table") else None
            for item in self.items(portlets):  # Chromium draws each plot while the next portlets are queried
                if item.get("figure") is not None:
                    rendering.append((item, render_figure(item)))
                if item.get("table"):
                    item["columns"] = columns(item["table"])  # its widths (columns.py)
                items.append(item)
                self.stage("queries", started)  # past the time limit: the portlets left are not queried
            started = time.monotonic()  # figures: what drawing the plots took beyond the queries
            for item, svg in rendering:
                item["svg"] = svg_data_url(stepped_colour_bars(self.awaited(svg)))
        finally:
            for _, svg in rendering:
                svg.cancel()  # after an error: Chromium stops drawing this PDF's plots
        self.stage("figures", started)
        now = datetime.now(timezone.utc)
        return {
            "page": self.page, "selection": self.selection, "items": items, "digest": shift_digest,
            "generated": moment_text(now),
            "version": pixelws_version(),
            "origin": self.request.build_absolute_uri("/").rstrip("/"),  # a cell's link is a path of this server
            "state": [(k, v) for k, v in self.selection.state.items() if k != "live"],
        }  # fmt: skip

    def document(self):
        """The response the PDF goes into, and the HTML it is laid out from."""
        context = self.context()
        svg_bytes = sum(len(item.get("svg", "")) for item in context["items"])
        if svg_bytes > SVG_LIMIT:
            raise TooLarge(f"This page's plots are {svg_bytes / 2**20:.0f} MB of SVG; a PDF holds at most "
                                 f"{SVG_LIMIT // 2**20} MB. Narrow the selection.")  # fmt: skip
        response = ReportResponse(self.request, "report.html", context, filename=self.filename, attachment=True)
        return response, TemplateResponse.rendered_content.fget(response)

    def response(self):
        """The PDF's response, once this process has a place to make it (pdf_pool.py); PdfBusy if none."""
        with pdf_pool.slot(settings.PDF_TIME_LIMIT):
            self.deadline = time.monotonic() + settings.PDF_TIME_LIMIT  # its time counts from its turn
            return self.made()

    def made(self):
        response, html = self.document()
        started, cpu = time.monotonic(), []
        try:
            # Laid out in a process that is killed at the deadline or when the client goes (layout.py).
            response.content = lay_out(html, response.get_base_url(), self.request.get_host(), deadline=self.deadline,
                                       client_gone=lambda: client_gone(self.request), cpu=cpu)  # fmt: skip
        except LayoutAbandoned as abandoned:
            raise self.timeout("layout") if abandoned.reason == "timeout" else ClientGone() from None
        self.stage("layout", started)
        self.stages["layout-cpu"] = cpu[0]
        # Where the time went, for the benchmark and the browser's developer tools.
        response["Server-Timing"] = ", ".join(f"{name};dur={seconds * 1000:.0f}" for name, seconds in self.stages.items())
        return response


class ReportResponse(WeasyTemplateResponse):
    def get_url_fetcher(self, *args, **kwargs):
        return OwnFilesFetcher(self._request.get_host())


def pdf_error(error):
    """A PdfTimeout, ClientGone, PdfBusy or TooLarge as the DialectError its response is made of."""
    if isinstance(error, pdf_pool.PdfBusy):
        return DialectError(str(error), status=503, retry_after=error.retry_after)
    if isinstance(error, PdfTimeout):
        return DialectError(str(error), status=504)
    if isinstance(error, ClientGone):  # nobody reads it; the log line says what happened (as nginx's 499)
        return DialectError("The client closed its connection; the PDF was not made.", status=499, title="Client Closed Request")
    return DialectError(str(error), status=413)


def pdf_response(pdf, failing=""):
    """``pdf`` made, as its response; one that could not be is a DialectError (pdf_error's), its
    words after ``failing`` ("Not handed over: "). A client gone is said as it is: nobody reads it."""
    try:
        return pdf.response()
    except ClientGone as error:
        raise pdf_error(error) from None
    except (PdfTimeout, pdf_pool.PdfBusy, TooLarge) as error:
        failure = pdf_error(error)
        raise DialectError(f"{failing}{failure.detail}", status=failure.status, retry_after=failure.retry_after) from None


def parse_notes(page, data):
    """{portlet index: text} of the posted ``notes.<index>`` fields of the page's notes portlets."""
    notes = {}
    for index, portlet in enumerate(page.portlets):
        text = data.get(f"notes.{index}", "")
        if portlet["type"] != "notes" or not text:
            continue
        if not isinstance(text, str):  # a file sent as the field
            raise DialectError(f"notes.{index} takes the notes' text, not a file.", f"notes.{index}")
        notes[index] = checked_notes(text, f"notes.{index}")
    unknown = [k for k in data if k != "csrfmiddlewaretoken" and k not in {f"notes.{i}" for i, p in enumerate(page.portlets) if p["type"] == "notes"}]
    if unknown:
        raise DialectError(f"'{unknown[0]}' is not a field of this page's PDF form (its notes are notes.<portlet>).", unknown[0])
    return notes
