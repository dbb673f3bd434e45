"""The handovers' URLs: the POST that hands a shift over, and each stored PDF."""
from django.urls import re_path

from . import views

urlpatterns = [
    re_path(r"^api/workspace/handovers/?$", views.HandoverCreateView.as_view()),
    re_path(r"^handovers/(?P<handover_id>[0-9]{1,18})\.pdf$", views.stored_pdf),
]
