"""The portal API (OMS's portal format, apps/workspace/portal.py) and the workspace shell."""
from django.shortcuts import render
from django.template.loader import get_template
from rest_framework.response import Response

from pixelws.dialect.errors import not_found
from pixelws.dialect.views import ResourceView

from . import portal
from .staticfiles import bundle_url, frontend_modules

SHELL = "workspace.html"


class PortalView(ResourceView):
    """Any document of the portal API, by its path under /api/portal/."""

    takes_parameters = False

    def get(self, request, path):
        document = portal.documents().get(path.rstrip("/"))
        if document is None:
            pages = ", ".join(p.id for p in portal.ordered_pages())
            raise not_found(f"No portal document '{path}'. Try workspaces, portlet_components, controller_components, pages/<id> ({pages}).")
        return Response(document)


def prepare():
    """Build the portal documents and load the shell's template (each server worker does, as it
    starts): 70 ms that no shifter's first visit should wait for."""
    portal.documents()
    get_template(SHELL)


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
