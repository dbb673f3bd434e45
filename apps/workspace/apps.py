"""The workspace app: its OpenAPI paths, its warm-up work for the server, and its checks of
the page files and the plotly bundle (``manage.py check``, ``serve``)."""
from django.apps import AppConfig
from django.core import checks


def prepare_workspace():
    """The shell's template (views.prepare)."""
    from .views import prepare

    prepare()


def start_plot_drawing():
    """kaleido's Chromium, started without waiting for it: the first page's plots are drawn by it
    (first_paint.py), as the PDFs' are (apps/reports)."""
    from .figures import chromium

    chromium()


class WorkspaceConfig(AppConfig):
    name = "apps.workspace"

    def ready(self):
        from pixelws import warm_up
        from pixelws.openapi import add_paths

        from . import openapi, pages, schemas, staticfiles

        add_paths(openapi.paths)
        warm_up.static(prepare_workspace)
        warm_up.per_worker(start_plot_drawing)

        @checks.register()
        def check_pages(app_configs, **kwargs):
            """A malformed page definition (one its components' config_schema refuses, or its
            type's checks), a portlet type without a config_schema, or one title for two
            different portlets stops `manage.py check`, `serve` (make run) and migrate."""
            problems = [f"portlet type {kind!r} has no config_schema (its class's schema())" for kind in schemas.missing_schemas()]
            if not problems:
                loaded, errors = pages.load_all()
                problems = [str(error) for error in errors] + pages.portlet_conflicts(loaded)
            return [checks.Error(problem, id="workspace.E001") for problem in problems]

        @checks.register()
        def check_plotly_bundle(app_configs, **kwargs):
            """The browser's plotly.js must be the version the Python plotly package ships."""
            return [checks.Error(problem, id="workspace.E002") for problem in staticfiles.bundle_problems()]
