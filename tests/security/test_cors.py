"""CORS: the origins listed in PIXELWS_CORS_ORIGINS (the OMS GUI's) may read the API, with GET,
HEAD and OPTIONS only; any other origin gets no CORS headers at all."""
import pytest
from django.test import override_settings

from tests.jsonapi import get

GUI = "https://cmsoms.cern.ch"
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("listed")]


@pytest.fixture
def listed():
    with override_settings(CORS_ALLOWED_ORIGINS=[GUI]):
        yield


def test_a_listed_origin_may_read(api):
    response = api.get("/api/v1/fills/5576", HTTP_ORIGIN=GUI)
    assert response.status_code == 200 and response["Access-Control-Allow-Origin"] == GUI
    assert "Retry-After" in response["Access-Control-Expose-Headers"]
    assert get(api, "/api/v1/fills/5576")["data"]["id"] == "5576"


def test_a_preflight_allows_reading_methods_only(api):
    preflight = api.options("/api/v1/runs", HTTP_ORIGIN=GUI, HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
                            HTTP_ACCESS_CONTROL_REQUEST_HEADERS="authorization")  # fmt: skip
    assert preflight.status_code == 200
    assert preflight["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"
    assert "authorization" in preflight["Access-Control-Allow-Headers"]


@pytest.mark.parametrize("origin", ["https://evil.example", "http://cmsoms.cern.ch", "null"])
def test_any_other_origin_gets_no_cors_headers(api, origin):
    response = api.get("/api/v1/fills/5576", HTTP_ORIGIN=origin)
    assert response.status_code == 200
    assert not any(h.lower().startswith("access-control-") for h in response.headers)


def test_pages_outside_the_api_get_no_cors_headers(client):
    response = client.get("/", HTTP_ORIGIN=GUI)
    assert "Access-Control-Allow-Origin" not in response
