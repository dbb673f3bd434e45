"""WeasyPrint's URL fetcher for a PDF: what a report may load (this server's static files and
inline data), on its own so that the layouts' fork server (layout.py) imports only this."""
import mimetypes
from urllib.parse import unquote, urlparse

from django.conf import settings
from django.contrib.staticfiles.finders import find
from django.core.exceptions import SuspiciousFileOperation
from weasyprint.urls import URLFetcher, URLFetcherResponse, URLFetchingError


class OwnFilesFetcher(URLFetcher):
    """WeasyPrint's URL fetcher: inline ``data:`` URLs and this server's own static files, read
    from disk; ``file://``, other hosts and every other scheme are refused."""

    def __init__(self, host, **kwargs):
        super().__init__(allowed_protocols=("data", "http", "https"), allow_redirects=False, **kwargs)
        self.host = host

    def fetch(self, url, headers=None):
        scheme = url.split(":", 1)[0].lower()
        if scheme == "data":
            return super().fetch(url, headers)
        parsed = urlparse(url)
        if scheme in ("http", "https") and parsed.netloc == self.host and parsed.path.startswith(settings.STATIC_URL):
            try:
                path = find(unquote(parsed.path[len(settings.STATIC_URL):]))
            except SuspiciousFileOperation:
                path = None
            if isinstance(path, str):
                with open(path, "rb") as file:
                    body = file.read()
                return URLFetcherResponse(url, body, {"Content-Type": mimetypes.guess_type(path)[0] or "application/octet-stream"})
        raise URLFetchingError(f"Refused {url}: a PDF loads only this server's static files and inline data.")
