"""The workspace's URLs: a page's selection, the portlets' content and first paint, Explore's, the
live status, and the shell every page URL serves (the portal API is apps/portal's, a page's PDF
apps/reports')."""
from django.urls import re_path

from . import views

urlpatterns = [
    re_path(r"^api/workspace/selection/?$", views.SelectionView.as_view()),
    re_path(r"^api/workspace/live/?$", views.LiveView.as_view()),
    re_path(r"^api/workspace/pages/(?P<page_id>[^/]+)/portlets/(?P<index>[^/]+)/?$", views.PortletContentView.as_view()),
    re_path(r"^api/workspace/pages/(?P<page_id>[^/]+)/portlets/(?P<index>[^/]+)/svg$", views.PlotSvgView.as_view()),
    re_path(r"^api/workspace/explore/portlets/(?P<index>[^/]+)/?$", views.ExploreContentView.as_view()),
    re_path(r"^api/workspace/explore_page/?$", views.ExplorePageView.as_view()),
    re_path(r"^explore/?$", views.shell),
    re_path(r"^$", views.shell),
    re_path(r"^pages/(?P<page_id>[^/]+)/?$", views.shell),
]
