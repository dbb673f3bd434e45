"""The reports app: a page as an A4 PDF (a shift's with its digest on page 1), its endpoint in the
OpenAPI description, and its warm-up work for the server."""
from django.apps import AppConfig


def measure_fonts():
    """The fonts' advances the PDF tables' column widths are measured with (columns.py)."""
    from .columns import advances

    advances("regular"), advances("bold")


def start_pdf_layouts():
    """The PDF layouts' fork server preloads Django and WeasyPrint in an interpreter of its own
    (2–3 s): the worker answers meanwhile; a PDF asked for before it is ready waits for it. (Not
    imported in ``ready``: layout.py sets Django up when it is imported outside it.)"""
    from .layout import start_in_background

    start_in_background()


class ReportsConfig(AppConfig):
    name = "apps.reports"

    def ready(self):
        from pixelws import warm_up
        from pixelws.openapi import add_paths

        from . import openapi

        add_paths(openapi.paths)
        warm_up.static(measure_fonts)
        warm_up.per_worker(start_pdf_layouts)
