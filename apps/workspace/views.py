"""The workspace shell (carrying the portal API's documents, apps/portal, and the page's first
screen, first_screen.py), what a page's selection means (selection.py), a portlet's content and
first paint, Explore's, and the live status."""
import logging

from django.conf import settings
from django.db import DatabaseError
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.html import json_script
from django.template.loader import get_template
from rest_framework.response import Response

from pixelws.controller import widgets
from pixelws.dialect.errors import DialectError, not_found, read_only
from pixelws.dialect.query import parse_value
from pixelws.dialect.views import ResourceView

from apps.portal import documents as portal

from . import explore, first_paint, live
from .first_screen import first_screen
from .pages import page_or_404, pages
from .portlets import Context, content, html
from .portlets.table import PAGE_SIZE
from .selection import PageSelection, add_steps, check_state_keys, resolve
from .staticfiles import bundle_url, frontend_modules

SHELL = "workspace.html"
log = logging.getLogger(__name__)


class SelectionView(ResourceView):
    """``/api/workspace/selection?page=…&run=…``: what a page's selection means (selection.py)."""

    def get(self, request):
        params = request.query_params
        check_state_keys(params, allowed=("page",))
        if not params.get("page"):
            raise DialectError("Give the page whose selection this is: page=<page id>.", "page")
        page = page_or_404(params["page"], "page")
        selection = add_steps(resolve(page.selectors, params, page.opens_on), page.selectors)
        return Response({"data": {"id": page.id, "type": "selections", "attributes": selection.as_attributes()}})


class LiveView(ResourceView):
    """``/api/workspace/live``: what a live page shows of the data as they grow (live.py). Never
    kept unasked; its ETag (of the body) makes an unchanged status a 304."""

    takes_parameters = False

    def get(self, request):
        return Response({"data": {"id": "now", "type": "live", "attributes": live.status()}})


class PortletContentView(ResourceView):
    """``/api/workspace/pages/<page>/portlets/<n>?run=…``: what the page's n-th portlet (from 0, as
    the page file lists them) shows for the selection: its cells, figure or value, made by its
    type's class (portlets/), as the PDF shows it, and a table's or a summary's ``html``, which the
    browser inserts; a table takes ``page[offset]`` and ``sort``."""

    TABLE_KEYS = ("page[offset]", "sort")

    def get(self, request, page_id, index):
        page = page_or_404(page_id)
        portlet = self.portlet(page.portlets, index, f"Page {page.id}")
        check_state_keys(request.query_params, allowed=self.TABLE_KEYS if is_paged(portlet) else ())
        selection = resolve(page.selectors, request.query_params, page.opens_on)
        return self.content(request, portlet, selection, index, f"{page.id}.{index}")

    def portlet(self, portlets, index, where):
        if not index.isdigit() or int(index) >= len(portlets):
            raise not_found(f"{where} has portlets 0 to {len(portlets) - 1}, not '{index}'.")
        return portlets[int(index)]

    def content(self, request, portlet, selection, index, id_):
        params = request.query_params
        offset, sort = (self.offset(params, portlet), self.sort(params, portlet)) if is_paged(portlet) else (None, None)
        # A refused query is this request's error: its parameter is one of this request's.
        context = Context(selection, request.build_absolute_uri, offset=offset, sort=sort, refusals_shown=False)
        attributes = content(portlet, context, int(index))
        markup = html(portlet, attributes)
        if markup is not None:  # the browser inserts it: a table's or a summary's one markup
            attributes["html"] = markup
        return Response({"data": {"id": id_, "type": "portlet_contents", "attributes": attributes}, "links": {"self": request.build_absolute_uri()}})

    def offset(self, params, portlet):
        raw = params.get("page[offset]")
        if raw is None:
            return None
        offset = parse_value("integer", raw, "page[offset]")
        size = portlet["configuration"].get("page_size", PAGE_SIZE)
        if offset < 0 or offset % size:
            raise DialectError(f"page[offset]={raw}: a multiple of this table's {size} rows, from 0.", "page[offset]")
        return offset

    def sort(self, params, portlet):
        raw = params.get("sort")
        if raw is None:
            return None
        columns = portlet["configuration"]["columns"]
        if raw.removeprefix("-") not in columns and raw != portlet["configuration"].get("sort"):  # its own sort may be by another
            raise DialectError(f"sort={raw}: sort by a column of this table ({', '.join(columns)}), or -column for descending.", "sort")
        return raw


class PlotSvgView(PortletContentView):
    """``/api/workspace/pages/<page>/portlets/<n>/svg?run=…&width=…&height=…``: the page's n-th
    portlet, a plot, drawn as SVG at the size the browser measured, for the page's first paint
    (first_paint.py), with its digest as ETag."""

    SIZE_KEYS = tuple(first_paint.SIZES)

    def get(self, request, page_id, index):
        page = page_or_404(page_id)
        portlet = self.portlet(page.portlets, index, f"Page {page.id}")
        if portlet["type"] != "plot":
            raise not_found(f"Page {page.id}'s portlet {index} is a {portlet['type']}; only a plot is drawn as SVG.")
        params = request.query_params
        check_state_keys(params, allowed=self.SIZE_KEYS)
        width, height = (first_paint.size(params, key) for key in self.SIZE_KEYS)
        selection = resolve(page.selectors, params, page.opens_on)

        def figure():
            attributes = content(portlet, Context(selection, request.build_absolute_uri, refusals_shown=False), int(index))
            if attributes["state"] != "ready":
                raise first_paint.NothingToDraw(attributes["message"])
            return first_paint.as_drawn(attributes["figure"], width, height)

        fresh = first_paint.freshness(selection)
        key = (page.id, int(index), tuple(sorted(selection.state.items())), width, height)
        try:
            name, svg = first_paint.drawing(key, figure, fresh.kept, request.headers.get("If-None-Match", ""))
        except first_paint.NothingToDraw as nothing:
            # No plot (no data yet, a value to choose): not a fault; the portlet's content says why.
            response = HttpResponse(status=204)
            response["X-Nothing-To-Draw"], response["Cache-Control"] = str(nothing).encode("ascii", "replace").decode(), "no-cache"
            return response
        response = HttpResponse(status=304) if svg is None else HttpResponse(svg, content_type="image/svg+xml")
        response["ETag"], response["Cache-Control"] = f'"{name}"', fresh.cache_control
        return response


def is_paged(portlet):
    """A table of a resource's rows: the browser asks for a page of them, sorted."""
    return portlet["type"] == "table" and "resource" in portlet["configuration"]


class ExploreContentView(PortletContentView):
    """``/api/workspace/explore/portlets/<n>?<a series query>``: the Explore page's plot (0) and
    rows (1) for the query (explore.py), as a page's portlets are served."""

    def get(self, request, index):
        placed = explore.portlets(request.query_params, reserved=self.TABLE_KEYS)
        portlet = self.portlet(placed, index, "Explore")
        if not is_paged(portlet):
            for key in self.TABLE_KEYS:
                if key in request.query_params:
                    raise DialectError(f"'{key}' is for Explore's rows (portlet 1), not its plot.", key)
        return self.content(request, portlet, PageSelection(state={}), index, f"explore.{index}")


class ExplorePageView(ResourceView):
    """``/api/workspace/explore_page?<a series query>``: the Explore page's *Copy as page*, the page
    file with that plot and its portlet in OMS's portal form (explore.py)."""

    def get(self, request):
        return Response({"data": {"id": explore.PAGE_ID, "type": "page_drafts", "attributes": explore.draft(request.query_params)}})


def prepare():
    """Load the shell's template (``serve`` does, before it forks its workers): what no shifter's
    first visit should wait for."""
    get_template(SHELL)


@read_only  # GET and HEAD; anything else is a 405
def shell(request, page_id=None):
    """Every workspace URL serves the same shell, carrying the workspace's document and, for a
    page, the page's (as /api/portal/ serves them): the page starts its data requests at once,
    with no request for its definition first. The frontend reads its state from the URL."""
    documents = portal.documents()
    found = page_id is None or f"pages/{page_id}" in documents
    context = {"workspace": portal.WORKSPACE, "preloaded": preloaded(documents, page_id), "plotly_js": bundle_url(), "modules": frontend_modules(),
               "live_seconds": f"{settings.LIVE_PERIOD_SECONDS:g}",
               "folders": documents[f"workspaces/{portal.WORKSPACE_ID}"]["data"]["attributes"]["folders"]}  # fmt: skip
    if page_id is not None and found:
        context.update(first_screen_of(request, pages()[page_id]))
    return render(request, SHELL, context, status=200 if found else 404)


def preloaded(documents, page_id):
    """The portal documents a page's shell carries, as the <script> the frontend reads them from:
    written once per page while the page files stay as they are (``documents`` is then the same)."""
    if _preloaded["documents"] is not documents:
        _preloaded.update(documents=documents, scripts={})
    scripts = _preloaded["scripts"]
    if page_id not in scripts:
        paths = ["workspaces", f"workspaces/{portal.WORKSPACE_ID}", f"pages/{page_id}"]
        carried = {f"/api/portal/{path}": documents[path] for path in paths if path in documents}
        if page_id is not None and f"pages/{page_id}" not in documents:
            return json_script(carried, "portal-documents")  # an unknown page: not kept
        scripts[page_id] = json_script(carried, "portal-documents")
    return scripts[page_id]


_preloaded = {"documents": None, "scripts": {}}  # the documents the scripts were written from


def first_screen_of(request, page):
    """The template's context for the page's first screen (first_screen.py); none when the URL's
    selection is refused (the page says why, as for any selection) or the database fails: the
    browser then loads every portlet."""
    try:
        selection = resolve(page.selectors, request.GET, page.opens_on)
        placed = first_screen(page, selection, request.build_absolute_uri)
    except DialectError:
        return {}
    except DatabaseError:
        log.warning("The first screen of %s was not drawn", request.get_full_path(), exc_info=True)
        return {}
    return {"page": page, "selection": selection, "placed": placed, "widgets": widgets(page.selectors, selection.state, selection.variables)}
