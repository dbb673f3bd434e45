"""The portal API (page layouts shaped like OMS's, so a page can be carried into OMS) and the
workspace shell that renders them."""
from itertools import groupby

from django.shortcuts import render
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from pixelws.dialect.errors import DialectError
from pixelws.dialect.views import ResourceView

from .pages import COMPONENT_NAMES, SELECTORS, pages
from .pdf import PagePdf, PdfTimeout, pdf_error
from .report import ReportTooLarge, parse_notes
from .selection import STATE_KEYS, resolve
from .staticfiles import plotly_url_suffix

WORKSPACE = {"id": "pixel", "title": "Pixel"}


def ordered_pages():
    return sorted(pages().values(), key=lambda p: (p.folder, p.order, p.title))


def page_object(page, base, full=True):
    attributes = {"title": page.title, "folder": page.folder, "order": page.order, "description": page.description}
    if full:
        attributes["controller"] = {
            "selectors": [{"name": name, "parameters": list(SELECTORS[name])} for name in page.selectors]
        }
        attributes["portlets"] = [
            {
                "id": i + 1,
                "title": p["title"],
                "pos_x": p["pos_x"],
                "pos_y": p["pos_y"],
                "size_x": p["size_x"],
                "size_y": p["size_y"],
                "configuration": p["configuration"],
                "portlet_component": {"type": p["type"], "name": COMPONENT_NAMES[p["type"]]},
            }
            for i, p in enumerate(page.portlets)
        ]
    return {"id": page.id, "type": "pages", "attributes": attributes, "links": {"self": f"{base}pages/{page.id}"}}


class PortalView(ResourceView):
    takes_parameters = False

    def base_url(self):
        return self.request.build_absolute_uri("/api/portal/")


class WorkspacesView(PortalView):
    """The Pixel workspace: its folders, each with its pages in order."""

    def get(self, request):
        base = self.base_url()
        folders = [
            {"title": folder, "pages": [page_object(p, base, full=False) for p in group]}
            for folder, group in groupby(ordered_pages(), key=lambda p: p.folder)
        ]
        workspace = {"id": WORKSPACE["id"], "type": "workspaces", "attributes": {"title": WORKSPACE["title"], "folders": folders}}
        return Response({"data": [workspace]})


class PagesView(PortalView):
    def get(self, request):
        return Response({"data": [page_object(p, self.base_url(), full=False) for p in ordered_pages()]})


class PageView(PortalView):
    def get(self, request, page_id):
        return Response({"data": page_object(page_or_404(page_id), self.base_url())})


def page_or_404(page_id, parameter=None):
    page = pages().get(page_id)
    if page is None:
        raise DialectError(f"No page '{page_id}'. Pages: {', '.join(sorted(pages()))}.", parameter, status=404)
    return page


def check_state_keys(params, allowed=()):
    for key in params:
        if key not in allowed and key not in STATE_KEYS:
            raise DialectError(f"'{key}' is not a value of the workspace; values are {', '.join((*allowed, *STATE_KEYS))}.", key)


class SelectionView(ResourceView):
    """``/api/workspace/selection?page=…&run=…``: what a page's selection means (selection.py)."""

    def get(self, request):
        params = request.query_params
        check_state_keys(params, allowed=("page",))
        if not params.get("page"):
            raise DialectError("Give the page whose selection this is: page=<page id>.", "page")
        page = page_or_404(params["page"], "page")
        selection = resolve(page.selectors, params)
        return Response({"data": {"id": page.id, "type": "selections", "attributes": selection.as_attributes()}})


class PagePdfView(ResourceView):
    """``/pages/<id>.pdf?<the page's query>``: the page as an A4 PDF (pdf.py). POST carries the
    notes typed on the page (form fields ``notes.<portlet>``); nothing is stored."""

    http_method_names = ["get", "post", "head", "options"]
    parser_classes = [FormParser, MultiPartParser]

    def get(self, request, page_id):
        return self.pdf(request, page_id, {})

    def post(self, request, page_id):
        return self.pdf(request, page_id, request.data)

    def pdf(self, request, page_id, form):
        page = page_or_404(page_id)
        check_state_keys(request.query_params)
        selection = resolve(page.selectors, request.query_params)
        notes = parse_notes(page, form)
        try:
            return PagePdf(request._request, page, selection, notes).response()
        except (PdfTimeout, ReportTooLarge) as error:
            raise pdf_error(error) from None


def shell(request, page_id=None):
    """Every workspace URL serves the same shell; the frontend reads the page and its state from the URL."""
    status = 404 if page_id is not None and page_id not in pages() else 200
    context = {"workspace": WORKSPACE, "plotly_version": plotly_url_suffix()}
    return render(request, "workspace.html", context, status=status)
