from django.apps import AppConfig
from django.core import checks


class WorkspaceConfig(AppConfig):
    name = "apps.workspace"

    def ready(self):
        from . import pages

        @checks.register()
        def check_pages(app_configs, **kwargs):
            """A malformed page definition stops `manage.py check`, `serve` (make run) and migrate."""
            return [checks.Error(str(error), id="workspace.E001") for error in pages.load_all()[1]]
