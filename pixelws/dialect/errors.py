"""JSON:API error objects for every bad request, the dialect's and DRF's alike."""
from http import HTTPStatus

from django.http import Http404
from rest_framework import exceptions
from rest_framework.response import Response


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


def exception_handler(exc, context):
    """REST_FRAMEWORK's EXCEPTION_HANDLER: anything raised in an API view becomes ``errors``."""
    if isinstance(exc, DialectError):
        body = error_object(exc.status, exc.title, exc.detail, exc.parameter)
        return Response({"errors": [body]}, status=exc.status)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound(str(exc) or None)
    if isinstance(exc, exceptions.APIException):
        title = HTTPStatus(exc.status_code).phrase
        details = exc.detail if isinstance(exc.detail, list) else [exc.detail]
        errors = [error_object(exc.status_code, title, str(d), code=getattr(d, "code", None)) for d in details]
        response = Response({"errors": errors}, status=exc.status_code)
        if isinstance(exc, exceptions.MethodNotAllowed):
            response["Allow"] = "GET, HEAD, OPTIONS"
        return response
    return None
