from django.urls import include, path

from .dialect.routing import api_urlpatterns

urlpatterns = [
    path("", include("apps.workspace.urls")),  # the portal API and the workspace shell, before api/'s catch-all
    *api_urlpatterns(),
]
