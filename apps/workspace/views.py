"""The portal API (page layouts shaped like OMS's, so a page can be carried into OMS) and the
workspace shell that renders them."""
from itertools import groupby

from django.shortcuts import render
from django.views.decorators.http import require_safe
from rest_framework.response import Response

from pixelws.dialect.errors import not_found
from pixelws.dialect.views import ResourceView

from .pages import COMPONENT_NAMES, SELECTORS, pages
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
        page = pages().get(page_id)
        if page is None:
            raise not_found(f"No page '{page_id}'. Pages: {', '.join(sorted(pages()))}.")
        return Response({"data": page_object(page, self.base_url())})


@require_safe  # GET and HEAD; anything else is a 405
def shell(request, page_id=None):
    """Every workspace URL serves the same shell; the frontend reads the page and its state from the URL."""
    status = 404 if page_id is not None and page_id not in pages() else 200
    context = {"workspace": WORKSPACE, "plotly_version": plotly_url_suffix()}
    return render(request, "workspace.html", context, status=status)
