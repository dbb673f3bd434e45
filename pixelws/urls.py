"""The site's URLs: health checks, CERN SSO, the handovers, the reports (PDFs), the portal API
and the workspace, then the OMS dialect's API under /api/v1/."""
from django.urls import include, path

from . import health
from .dialect.routing import api_urlpatterns

urlpatterns = [
    path("healthz", health.healthz),
    path("readyz", health.readyz),
    path("auth/", include("pixelws.sso")),  # CERN SSO's sign-in (when it is on)
    path("", include("apps.handovers.urls")),  # POST /api/workspace/handovers, /handovers/<id>.pdf
    path("", include("apps.reports.urls")),  # /pages/<id>.pdf, before the workspace's /pages/<id>
    path("", include("apps.portal.urls")),  # /api/portal/, before api/'s catch-all
    path("", include("apps.workspace.urls")),  # the workspace shell and its API, before api/'s catch-all
    *api_urlpatterns(),
]

# Under /api/, Django's own errors are JSON:API documents too (pixelws/dialect/errors.py).
handler400 = "pixelws.dialect.errors.bad_request"
handler404 = "pixelws.dialect.errors.page_not_found"
handler500 = "pixelws.dialect.errors.server_error"
