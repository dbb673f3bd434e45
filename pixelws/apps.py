"""The pixelws app: at start-up it gathers every app's resources.py and probes.py into the
registries, registers the probes' warm-up, places the models in the views' schema, and checks
the resources' declarations (``manage.py check``)."""
from django.apps import AppConfig
from django.core import checks
from django.db.backends.signals import connection_created
from django.utils.module_loading import autodiscover_modules


class PixelwsConfig(AppConfig):
    name = "pixelws"

    def ready(self):
        from . import database, probes, sqlviews, warm_up
        from .dialect import registry

        # Every app's resources.py registers its resources, as admin.py does for the admin.
        autodiscover_modules("resources")
        autodiscover_modules("probes")  # likewise probes.py: the plots under /api/v1/plots
        warm_up.static(probes.prepare_all)  # the probes' static geometry, before a first plot
        sqlviews.place_models_in_view_schema()
        connection_created.connect(sqlviews.enable_oracle_like_case_sensitivity)
        connection_created.connect(database.limit_query_time)

        @checks.register()
        def check_resources(app_configs, **kwargs):
            return [
                checks.Error(f"{type(resource).__name__}: {message}", id="pixelws.E001")
                for resource in registry.values()
                for message in resource.check()
            ]
