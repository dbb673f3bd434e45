"""The portal API (OMS's portal format, apps/workspace/portal.py), the workspace shell, what a
page's selection means (selection.py) and a page's PDF (pdf.py)."""
from django.shortcuts import render
from django.template.loader import get_template
from django.views.decorators.http import require_safe
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from pixelws.dialect.errors import DialectError, not_found
from pixelws.dialect.views import ResourceView

from . import explore, portal
from .pages import pages
from .pdf import PagePdf, PdfTimeout, pdf_error
from .report import ReportTooLarge, parse_notes
from .selection import STATE_KEYS, resolve
from .staticfiles import bundle_url, frontend_modules

SHELL = "workspace.html"


class PortalView(ResourceView):
    """Any document of the portal API, by its path under /api/portal/."""

    takes_parameters = False

    def get(self, request, path):
        document = portal.documents().get(path.rstrip("/"))
        if document is None:
            pages = ", ".join(p.id for p in portal.ordered_pages())
            raise not_found(f"No portal document '{path}'. /api/portal/ lists them: workspaces, portlet_components, controller_components, pages/<id> ({pages}), ….")
        return Response(document)


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
        selection = resolve(page.selectors, params, page.opens_on)
        return Response({"data": {"id": page.id, "type": "selections", "attributes": selection.as_attributes()}})


class ExplorePageView(ResourceView):
    """``/api/workspace/explore_page?<a series query>``: the Explore page's *Copy as page*, the page
    file with that plot and its portlet in OMS's portal form (explore.py)."""

    def get(self, request):
        return Response({"data": {"id": explore.PAGE_ID, "type": "page_drafts", "attributes": explore.draft(request.query_params)}})


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
        selection = resolve(page.selectors, request.query_params, page.opens_on)
        notes = parse_notes(page, form)
        try:
            return PagePdf(request._request, page, selection, notes).response()
        except (PdfTimeout, ReportTooLarge) as error:
            raise pdf_error(error) from None


def prepare():
    """Build the portal documents and load the shell's template (each server worker does, as it
    starts): 70 ms that no shifter's first visit should wait for."""
    portal.documents()
    get_template(SHELL)


@require_safe  # GET and HEAD; anything else is a 405
def shell(request, page_id=None):
    """Every workspace URL serves the same shell, carrying the workspace's document and, for a
    page, the page's (as /api/portal/ serves them): the page starts its data requests at once,
    with no request for its definition first. The frontend reads its state from the URL."""
    documents = portal.documents()
    paths = ["workspaces", f"workspaces/{portal.WORKSPACE_ID}", f"pages/{page_id}"]
    preloaded = {f"/api/portal/{path}": documents[path] for path in paths if path in documents}
    found = page_id is None or f"pages/{page_id}" in documents
    context = {"workspace": portal.WORKSPACE, "preloaded": preloaded, "plotly_js": bundle_url(), "modules": frontend_modules()}
    return render(request, SHELL, context, status=200 if found else 404)
