"""The handovers' URLs: the POST that hands a shift over, a shift's handovers as its page shows
them, and each stored PDF."""
from django.urls import re_path

from . import views

urlpatterns = [
    re_path(r"^api/workspace/handovers/?$", views.HandoverCreateView.as_view()),
    re_path(r"^api/workspace/shift_handovers$", views.ShiftHandoversView.as_view()),
    re_path(r"^handovers/(?P<handover_id>[0-9]{1,18})\.pdf$", views.stored_pdf, name="handover_pdf"),
]
