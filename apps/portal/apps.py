"""The portal app: the Pixel workspace in OMS's portal format (documents.py), served under
/api/portal/ and exported by ``manage.py export_portal``; its endpoints in the OpenAPI
description; its documents built before the first request."""
from django.apps import AppConfig


def build_documents():
    """Every document of the portal API, built once (documents.documents() keeps them)."""
    from .documents import documents

    documents()


class PortalConfig(AppConfig):
    name = "apps.portal"

    def ready(self):
        from pixelws import warm_up
        from pixelws.openapi import add_paths

        from . import openapi

        add_paths(openapi.paths)
        warm_up.static(build_documents)
