"""JSON:API error objects for every error under /api/: the dialect's, DRF's, the database's,
and Django's own (a bad Host, too many parameters, an unexpected exception)."""
import re
import sys
from functools import wraps
from http import HTTPStatus

from django.core.exceptions import DisallowedHost, TooManyFieldsSent
from django.http import Http404, HttpResponse
from django.views import defaults
from rest_framework import exceptions
from rest_framework.response import Response

from ..database import fault_of
from .renderers import dumps


class DialectError(Exception):
    """A request the dialect refuses; ``parameter`` names the query parameter at fault (or, as
    ``/data/attributes/<name>``, the field of a posted document)."""

    def __init__(self, detail, parameter=None, status=400, title=None, retry_after=None):
        super().__init__(detail)
        self.detail = detail
        self.parameter = parameter
        self.status = status
        self.title = title or HTTPStatus(status).phrase
        self.retry_after = retry_after  # seconds, for a 503


def not_found(detail):
    return DialectError(detail, status=404)


def error_object(status, title, detail, parameter=None, code=None):
    error = {"status": str(status), "title": title, "detail": detail}
    if code:
        error["code"] = code
    if parameter:  # a query parameter's name, or a JSON pointer into a request's body ("/data/attributes/…")
        error["source"] = {"pointer" if parameter.startswith("/") else "parameter": parameter}
    return error


def error_document(errors, request):
    """``{"errors": [...], "meta": {"request_id": ...}}``: the id the request's log line has."""
    request_id = getattr(request, "request_id", None)
    return {"errors": errors, "meta": {"request_id": request_id}} if request_id else {"errors": errors}


def exception_handler(exc, context):
    """REST_FRAMEWORK's EXCEPTION_HANDLER: anything raised in an API view becomes ``errors``;
    what it does not know (a bug) goes on to ``server_error`` below, also JSON:API."""
    request = getattr(context.get("request"), "_request", None)
    resource = getattr(context.get("view"), "resource", None)
    fault = fault_of(exc, view=resource.model._meta.db_table if resource else None)
    if fault:
        response = Response(error_document([error_object(fault.status, fault.title, fault.detail)], request), status=fault.status)
        if fault.retry_after:
            response["Retry-After"] = str(fault.retry_after)
        return response
    if isinstance(exc, DialectError):
        body = error_object(exc.status, exc.title, exc.detail, exc.parameter)
        response = Response(error_document([body], request), status=exc.status)
        if exc.retry_after:
            response["Retry-After"] = str(exc.retry_after)
        return response
    if isinstance(exc, Http404):
        exc = exceptions.NotFound(str(exc) or None)
    if isinstance(exc, exceptions.APIException):
        title = HTTPStatus(exc.status_code).phrase
        details = exc.detail if isinstance(exc.detail, list) else [exc.detail]
        errors = [error_object(exc.status_code, title, str(d), code=getattr(d, "code", None)) for d in details]
        response = Response(error_document(errors, request), status=exc.status_code)
        if getattr(exc, "auth_header", None):  # a 401 says which credentials it wants
            response["WWW-Authenticate"] = exc.auth_header
        if isinstance(exc, exceptions.MethodNotAllowed):
            view = context.get("view")
            response["Allow"] = ", ".join(view.allowed_methods) if view else "GET, HEAD, OPTIONS"
        return response
    return None


def is_api(request):
    return request.path.startswith("/api/")


# Where errors are JSON:API documents: the API, a page's PDF (the page that asks reads the error)
# and a stored handover's.
JSON_ERRORS = re.compile(r"^/api/|^/pages/[^/]+\.pdf$|^/handovers/[^/]+\.pdf$")


def json_errors(request):
    return bool(JSON_ERRORS.match(request.path))


def methods(*allowed):
    """A view outside DRF that takes only these methods: any other is a JSON:API 405 with Allow,
    answered before any CSRF check (pixelws/writes.py reads ``allowed_methods``)."""

    def decorator(view):
        @wraps(view)
        def checked(request, *args, **kwargs):
            if request.method not in allowed:
                return not_allowed(request, allowed)
            return view(request, *args, **kwargs)

        checked.allowed_methods = allowed
        return checked

    return decorator


read_only = methods("GET", "HEAD")


def not_allowed(request, allowed):
    response = error_response(request, 405, f"{request.method} is not allowed here; {' or '.join(allowed)} is.")
    response["Allow"] = ", ".join(allowed)
    return response


def error_response(request, status, detail, retry_after=None):
    """A JSON:API error document outside DRF (Django's handlers), as the renderer writes it."""
    document = error_document([error_object(status, HTTPStatus(status).phrase, detail)], request)
    response = HttpResponse(dumps(document), status=status, content_type="application/vnd.api+json")
    if retry_after:
        response["Retry-After"] = str(retry_after)
    return response


# Django's error handlers (pixelws/urls.py): JSON:API under /api/, Django's pages elsewhere.

def bad_request(request, exception):
    if not json_errors(request):
        return defaults.bad_request(request, exception)
    if isinstance(exception, DisallowedHost):
        detail = "This server does not answer to the Host this request names."
    elif isinstance(exception, TooManyFieldsSent):
        detail = "Too many query parameters: this API takes at most 1000 in one request."
    else:
        detail = "The request is malformed."
    return error_response(request, 400, detail)


def page_not_found(request, exception):
    if not json_errors(request):
        return defaults.page_not_found(request, exception)
    return error_response(request, 404, f"Nothing at '{request.path}'.")


def server_error(request):
    """Anything unexpected, here or in a middleware: still a JSON:API document under /api/."""
    if not json_errors(request):
        return defaults.server_error(request)
    fault = fault_of(sys.exc_info()[1])
    if fault:
        return error_response(request, fault.status, fault.detail, fault.retry_after)
    return error_response(request, 500, "The server failed to answer this request; the failure is logged.")
