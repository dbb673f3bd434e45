"""JSON:API error objects for every error under /api/: the dialect's, DRF's, the database's,
and Django's own (a bad Host, too many parameters, an unexpected exception)."""
import re
import sys
from functools import wraps
from http import HTTPStatus

from django.core.exceptions import DisallowedHost, TooManyFieldsSent
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.views.decorators.csrf import csrf_exempt
from django.views import defaults
from rest_framework import exceptions
from rest_framework.response import Response

from ..database import fault_of
from .renderers import dumps


class DialectError(Exception):
    """A request the dialect refuses; ``parameter`` names the query parameter at fault."""

    def __init__(self, detail, parameter=None, status=400, title=None):
        super().__init__(detail)
        self.detail = detail
        self.parameter = parameter
        self.status = status
        self.title = title or HTTPStatus(status).phrase


def not_found(detail):
    return DialectError(detail, status=404)


def error_object(status, title, detail, parameter=None, code=None):
    error = {"status": str(status), "title": title, "detail": detail}
    if code:
        error["code"] = code
    if parameter:
        error["source"] = {"parameter": parameter}
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
        return Response(error_document([body], request), status=exc.status)
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
            response["Allow"] = "GET, HEAD, OPTIONS"
        return response
    return None


def is_api(request):
    return request.path.startswith("/api/")


# Where errors are JSON:API documents: the API, and a page's PDF (the page that asks reads the error).
JSON_ERRORS = re.compile(r"^/api/|^/pages/[^/]+\.pdf$")


def json_errors(request):
    return bool(JSON_ERRORS.match(request.path))


def read_only(view):
    """GET and HEAD only, for a view outside DRF: any other method is a 405 with Allow (JSON:API
    under /api/), answered before Django's CSRF check, which guards only methods refused here."""

    @csrf_exempt
    @wraps(view)
    def checked(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            if not json_errors(request):
                return HttpResponseNotAllowed(["GET", "HEAD"])
            response = error_response(request, 405, f"{request.method} is not allowed here; GET or HEAD is.")
            response["Allow"] = "GET, HEAD"
            return response
        return view(request, *args, **kwargs)

    return checked


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
