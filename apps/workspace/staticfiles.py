"""plotly.js straight from the installed plotly package (no CDN, no copy in the repository)."""
from pathlib import Path

import plotly
from django.contrib.staticfiles.finders import BaseFinder
from django.core.files.storage import FileSystemStorage

PLOTLY_JS = "plotly.min.js"
PREFIX = "vendor"


class PlotlyFinder(BaseFinder):
    """Finds static/vendor/plotly.min.js in plotly's package_data, and nothing else there."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.storage = FileSystemStorage(location=Path(plotly.__file__).parent / "package_data")
        self.storage.prefix = PREFIX  # read by whitenoise and collectstatic

    def find(self, path, find_all=False, **kwargs):
        find_all = find_all or kwargs.get("all", False)
        if path != f"{PREFIX}/{PLOTLY_JS}":
            return [] if find_all else None
        found = self.storage.path(PLOTLY_JS)
        return [found] if find_all else found

    def list(self, ignore_patterns):
        yield PLOTLY_JS, self.storage

    def check(self, **kwargs):
        return []


def plotly_url_suffix():
    """``?v=<plotly version>``: the page's URL of plotly.js changes with the installed package."""
    return f"?v={plotly.__version__}"


def add_cache_headers(headers, path, url):
    """whitenoise hook: plotly.js (4.8 MB) is cached for good, its URL carrying its version, so
    a browser parses it from its code cache instead of compiling it on every visit."""
    if url.endswith(f"/{PREFIX}/{PLOTLY_JS}"):
        headers["Cache-Control"] = "public, max-age=31536000, immutable"
