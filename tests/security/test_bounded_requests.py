"""Issue 19, Medium 7 and the Low items outside the PDF's layout: request bodies bounded before
they are read, JSON:API errors (not Django's HTML pages) under /api/ and for a page's PDF, a 405
with Allow on pages, a selection that refuses half a time window or a repeated value, and *Copy as
page* that refuses a literal starting with $."""
import pytest
from django.conf import settings

from tests.jsonapi import error_of, get

pytestmark = pytest.mark.django_db
SHIFT_PDF = "/pages/shift_report.pdf?shift=2018-10-09/evening"


class Unreadable:
    """A request body that fails the test if the server reads a byte of it."""

    def read(self, *args):
        pytest.fail("the body was read")

    readline = read


@pytest.mark.parametrize("path, content_type, size", [
    (SHIFT_PDF, "application/x-www-form-urlencoded", 100 * 2**20),
    (SHIFT_PDF, "multipart/form-data; boundary=xyz", 30 * 2**20),
    ("/api/v1/runs", "application/vnd.api+json", 10 * 2**20),
    ("/api/v1/openapi.json", "application/json", settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1),
])  # fmt: skip
def test_a_body_over_the_limit_is_a_413_before_it_is_read(api, path, content_type, size):
    response = api.generic("POST", path, content_type=content_type, **{"wsgi.input": Unreadable(), "CONTENT_LENGTH": str(size)})
    assert response.status_code == 413
    assert response.document["errors"][0]["detail"] == f"The request body is {size} bytes; this server takes at most {2**20}."


def test_a_body_over_the_limit_on_a_page_is_a_plain_413(client):
    response = client.generic("PUT", "/pages/lumi_deadtime", content_type="text/plain", **{"wsgi.input": Unreadable(), "CONTENT_LENGTH": str(2**21)})
    assert response.status_code == 413 and response["Content-Type"] == "text/plain; charset=utf-8"


def test_a_3_mb_multipart_text_field_is_a_json_api_413(api):
    response = api.post(SHIFT_PDF, {"notes.13": "x" * (3 * 2**20)})  # multipart, as the test client posts
    assert response.status_code == 413 and response.document["errors"][0]["status"] == "413"


def test_a_body_within_the_limit_is_read(api):
    response = api.post(SHIFT_PDF, {"notes.13": "x" * 20000})
    assert response.status_code == 413  # refused by the notes' own limit: the body itself was taken
    assert response.document["errors"][0]["detail"] == "The notes are 20000 characters; at most 10000."


@pytest.mark.parametrize("method, path", [("put", "/"), ("post", "/pages/lumi_deadtime"), ("options", "/"), ("options", "/pages/lumi_deadtime"),
                                          ("post", "/healthz")])  # fmt: skip
def test_pages_refuse_other_methods_with_a_405_not_a_csrf_403(method, path):
    from django.test import Client

    response = getattr(Client(enforce_csrf_checks=True), method)(path)
    assert response.status_code == 405 and response["Allow"] == "GET, HEAD"


@pytest.mark.parametrize("method", ["post", "put", "options", "delete"])
def test_the_openapi_document_refuses_other_methods_with_json_api(method):
    from tests.jsonapi import ValidatingClient

    response = getattr(ValidatingClient(enforce_csrf_checks=True), method)("/api/v1/openapi.json")
    assert response.status_code == 405 and response["Allow"] == "GET, HEAD"
    assert response.document["errors"][0]["detail"] == f"{method.upper()} is not allowed here; GET or HEAD is."


def test_half_a_time_window_is_refused_not_filled_with_a_default_shift(api):
    error = error_of(api, "/api/workspace/selection?page=leakage&since=2018-10-10T00:00:00Z")
    assert (error["detail"], error["source"]) == ("A time window needs since and until; give until too.", {"parameter": "until"})
    error = error_of(api, "/api/workspace/selection?page=leakage&until=2018-10-10T00:00:00Z")
    assert error["source"] == {"parameter": "since"}
    assert error_of(api, "/pages/leakage.pdf?since=2018-10-10T00:00:00Z")["source"] == {"parameter": "until"}


def test_a_value_given_twice_is_refused_as_the_dialect_does(api):
    error = error_of(api, "/api/workspace/selection?page=lumi_deadtime&run=1&run=2")
    assert (error["detail"], error["source"]) == ("'run' is given 2 times; give it once.", {"parameter": "run"})
    window = get(api, "/api/workspace/selection?page=leakage&since=2018-10-10T00:00:00Z&until=2018-10-11T00:00:00Z")
    assert window["data"]["attributes"]["variables"] == {"since": "2018-10-10T00:00:00Z", "until": "2018-10-11T00:00:00Z"}


@pytest.mark.parametrize("value", ["%24nope", "%24run"])
def test_copy_as_page_refuses_a_literal_starting_with_a_dollar(api, value):
    # $nope was a 500; $run silently became the controller's run.
    error = error_of(api, f"/api/workspace/explore_page?resource=hv_channels&x=time&y=current&filter[channel]={value}")
    assert error["source"] == {"parameter": "filter[channel]"}
    assert error["detail"].startswith("A page file reads a value starting with $ as a controller value")
