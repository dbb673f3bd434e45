"""Every error under /api/ is a JSON:API document, whatever raised it: the dialect, DRF, Django
itself (a bad Host, too many parameters) or an unexpected exception."""
import gc
import io

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.test import RequestFactory
from rest_framework.response import Response

from tests.jsonapi import ValidatingClient, error_of

pytestmark = pytest.mark.django_db


def test_format_is_an_unknown_parameter_not_drfs_own(api):
    # DRF took ?format=xml as its renderer override and answered 404 "Not found."
    error = error_of(api, "/api/v1/runs?format=xml")
    assert error["source"] == {"parameter": "format"} and "Unknown query parameter 'format'" in error["detail"]


def test_more_than_1000_parameters_is_a_jsonapi_400(api):
    query = "&".join(f"filter[run_number][NEQ]={n}" for n in range(1001))
    error = error_of(api, f"/api/v1/runs?{query}")
    assert error["detail"] == "Too many query parameters: this API takes at most 1000 in one request."


def test_a_host_not_served_is_a_jsonapi_400(api):
    response = api.get("/api/v1/runs", HTTP_HOST="attacker.example")
    assert response.status_code == 400
    assert response.document["errors"][0]["detail"] == "This server does not answer to the Host this request names."
    assert "attacker.example" not in response.content.decode()


def test_an_unexpected_exception_is_a_jsonapi_500(monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr("pixelws.dialect.documents.fields_meta", broken)
    client = ValidatingClient(raise_request_exception=False)
    response = client.get("/api/v1/runs/meta")
    assert response.status_code == 500
    assert response["Content-Type"] == "application/vnd.api+json"
    assert response.document["errors"] == [{"status": "500", "title": "Internal Server Error",
                                            "detail": "The server failed to answer this request; the failure is logged."}]


def test_unknown_paths_outside_the_api_stay_html(client):
    response = client.get("/nowhere/at/all")
    assert response.status_code == 404 and response["Content-Type"].startswith("text/html")


def test_a_served_page_leaves_no_response_for_the_cyclic_collector():
    """DRF's view, request and response refer to each other; a worker kept every 10 000-row
    answer until the cyclic collector ran (four `deadtimes?page[limit]=10000`: 550 MB)."""
    environ = RequestFactory().get("/api/v1/deadtimes?page[limit]=100").environ
    environ["wsgi.input"] = io.BytesIO()
    gc.collect()
    gc.disable()
    try:
        result = WSGIHandler()(environ, lambda status, headers: None)
        body = b"".join(result)
        result.close()
        del result
        alive = [o for o in gc.get_objects() if type(o) is Response]
    finally:
        gc.enable()
    assert body.startswith(b'{"data":[{"id":') and alive == []


def test_too_many_filters_is_a_400_naming_the_filter(api):
    query = "&".join(f"filter[run_number][NEQ]={n}" for n in range(101))
    error = error_of(api, f"/api/v1/runs?{query}")
    assert error["source"] == {"parameter": "filter[run_number][NEQ]"} and error["detail"] == "More than 100 filters; ask with fewer."


def test_a_query_string_too_long_is_a_414(api):
    error = error_of(api, f"/api/v1/runs?filter[era][CT]={'x' * 8000}", 414)
    assert error["title"] == "Request-URI Too Long" and error["detail"] == "The query string has 8016 characters; this API reads at most 8000."
