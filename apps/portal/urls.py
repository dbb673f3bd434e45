"""The portal API's URL: OMS's GUI reads the workspace's documents under /api/portal/."""
from django.urls import re_path

from . import views

urlpatterns = [
    re_path(r"^api/portal/(?P<path>.*?)/?$", views.PortalView.as_view()),
]
