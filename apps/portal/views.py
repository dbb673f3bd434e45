"""The portal API: any of its documents (documents.py), by its path under /api/portal/."""
from rest_framework.response import Response

from pixelws.dialect.errors import not_found
from pixelws.dialect.views import ResourceView

from . import documents as portal


class PortalView(ResourceView):
    """Any document of the portal API, by its path under /api/portal/."""

    takes_parameters = False

    def get(self, request, path):
        document = portal.documents().get(path.rstrip("/"))
        if document is None:
            pages = ", ".join(p.id for p in portal.ordered_pages())
            raise not_found(f"No portal document '{path}'. /api/portal/ lists them: workspaces, portlet_components, controller_components, pages/<id> ({pages}), ….")
        return Response(document)
