"""The reports' URL: a page's PDF, before the workspace's shell takes every other /pages/ URL."""
from django.urls import re_path

from . import views

urlpatterns = [
    re_path(r"^pages/(?P<page_id>[^/]+)\.pdf$", views.PagePdfView.as_view()),
]
