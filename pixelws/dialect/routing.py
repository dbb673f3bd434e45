"""URL patterns for every registered resource. Each route takes both slash forms directly:
OMS's client treats a redirect as an error."""
from django.urls import re_path

from .. import openapi, probe_views
from . import views
from .resources import registry

ID = r"(?P<object_id>[^/]+)"


def api_urlpatterns():
    patterns = [re_path(r"^api/v1/?$", views.IndexView.as_view())]
    for name, resource in registry.items():
        bind = {"resource": resource}
        prefix = rf"^api/v1/{name}"
        patterns += [
            re_path(rf"{prefix}/?$", views.CollectionView.as_view(**bind)),
            re_path(rf"{prefix}/meta/?$", views.MetaView.as_view(**bind)),
            re_path(rf"{prefix}/{ID}/?$", views.ObjectView.as_view(**bind)),
            re_path(rf"{prefix}/{ID}/relationships/(?P<name>[^/]+)/?$", views.RelationshipView.as_view(**bind)),
            re_path(rf"{prefix}/{ID}/(?P<name>[^/]+)/?$", views.RelatedView.as_view(**bind)),
        ]
    patterns.append(re_path(r"^api/v1/openapi.json$", openapi.openapi_json))
    patterns += [  # probes: before the catch-all below
        re_path(r"^api/v1/plots/?$", probe_views.ProbeListView.as_view()),
        re_path(r"^api/v1/plots/(?P<name>[^/]+)/?$", probe_views.PlotView.as_view()),
    ]
    patterns.append(re_path(r"^api/(?P<path>.*)$", views.UnknownView.as_view()))
    return patterns
