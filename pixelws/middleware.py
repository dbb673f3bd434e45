"""Middleware of pixelws's own."""
import gzip
import io
import logging
import re
import secrets
import time
import uuid
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpResponse
from django.middleware.gzip import GZipMiddleware, re_accepts_gzip
from django.utils.cache import patch_vary_headers
from django.utils.crypto import get_random_string

from .dialect.errors import error_response, json_errors

logger = logging.getLogger("pixelws.requests")
REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")


class RequestLogMiddleware:
    """One log line per request (method, path, status, duration, rows) and its duration in a
    ``Server-Timing`` header, under an id: the client's
    X-Request-Id if it sent a sane one (the proxy's), else a new one. The answer carries it back,
    and error documents name it in ``meta.request_id``: a shifter's report of an error finds its line."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        given = request.headers.get("X-Request-Id", "")
        request.request_id = given if REQUEST_ID.fullmatch(given) else uuid.uuid4().hex
        start = time.perf_counter()
        response = self.get_response(request)
        ms = (time.perf_counter() - start) * 1000
        response["X-Request-Id"] = request.request_id
        # The server's share of a request's time, for the browser's waterfall (what is left is
        # queueing and transfer); a response with stages of its own (the PDF's) keeps those.
        response.setdefault("Server-Timing", f"app;dur={ms:.1f}")
        logger.info(
            "%s %s %s %.1fms rows=%s id=%s", request.method, request.get_full_path(), response.status_code,
            ms, getattr(request, "rows", "-"), request.request_id,
        )
        return response


class ContentSecurityPolicyMiddleware:
    """Content-Security-Policy on every answer (Django 5.2 has none of its own): a script
    injected into a page could neither run nor send data elsewhere."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        policy = settings.CONTENT_SECURITY_POLICY
        if settings.OIDC_ISSUER:  # logging out (a form's POST) ends at the provider's end-session page
            issuer = urlsplit(settings.OIDC_ISSUER)
            policy = policy.replace("form-action 'self'", f"form-action 'self' {issuer.scheme}://{issuer.netloc}")
        response.setdefault("Content-Security-Policy", policy)
        return response


class BodyLimitMiddleware:
    """A request body over DATA_UPLOAD_MAX_MEMORY_SIZE is a 413 before a byte of it is read: DRF's
    form and multipart parsers skip Django's check of that limit (a 100 MB form was read into
    memory, a 30 MB file spooled to /tmp). Django reads no more than Content-Length says, and
    nothing without one."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = -1
        if length < 0:
            return self.refused(request, 400, "Content-Length is not a number of bytes.")
        if limit is not None and length > limit:
            return self.refused(request, 413, f"The request body is {length} bytes; this server takes at most {limit}.")
        return self.get_response(request)

    def refused(self, request, status, detail):
        if json_errors(request):
            return error_response(request, status, detail)
        return HttpResponse(detail, status=status, content_type="text/plain; charset=utf-8")


class FastGZipMiddleware(GZipMiddleware):
    """Django's GZipMiddleware, but a whole answer is compressed at zlib's level 1 rather than 6:
    JSON shrinks nearly as much in a fifth of the CPU time, which a page's other requests wait
    for (the FED errors page's six ROC maps, 2.8 MB: 263 instead of 213 kB, 5 instead of 27 ms;
    10 000 lumisections, 11.8 MB: 861 instead of 698 kB, 23 instead of 54 ms). As Django's: only
    when the client accepts gzip and it is shorter, a random file name in the header against
    BREACH, a strong ETag made weak. Streams: Django's own."""

    level = 1

    def process_response(self, request, response):
        if response.streaming or len(response.content) < 200 or response.has_header("Content-Encoding"):
            return super().process_response(request, response)
        patch_vary_headers(response, ("Accept-Encoding",))
        if not re_accepts_gzip.search(request.META.get("HTTP_ACCEPT_ENCODING", "")):
            return response
        packed = io.BytesIO()
        name = get_random_string(secrets.randbelow(self.max_random_bytes) + 1)
        with gzip.GzipFile(name, "wb", self.level, packed, mtime=0) as file:
            file.write(response.content)
        if packed.tell() >= len(response.content):
            return response
        response.content = packed.getvalue()
        response.headers["Content-Length"] = str(len(response.content))
        etag = response.get("ETag")
        if etag and etag.startswith('"'):
            response.headers["ETag"] = "W/" + etag
        response.headers["Content-Encoding"] = "gzip"
        return response
