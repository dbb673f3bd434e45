"""HTTP caching (an ETag on every answer, 304 on a match; answers about ended runs may be kept,
never those about an ongoing run) and the request log (one line per request, its id in every
error document)."""
import logging
import re

import pytest

from apps.demo_source.models import OmsRun
from tests.jsonapi import error_of, get

pytestmark = pytest.mark.django_db
RUN = 324245


def test_an_answer_has_an_etag_and_a_matching_if_none_match_is_a_304(api):
    first = api.get("/api/v1/fills/5576")
    etag = first["ETag"]
    assert first.status_code == 200 and re.fullmatch(r'"[0-9a-f]{32}"', etag)
    again = api.get("/api/v1/fills/5576", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again.content == b"" and again["ETag"] == etag
    other = api.get("/api/v1/fills/5575", HTTP_IF_NONE_MATCH=etag)
    assert other.status_code in (200, 404) and other.status_code != 304


def test_a_gzipped_answer_has_a_weak_etag_that_matches_too(api):
    first = api.get("/api/v1/runs?page[limit]=100", HTTP_ACCEPT_ENCODING="gzip")
    assert first["Content-Encoding"] == "gzip" and first["ETag"].startswith('W/"')
    again = api.get("/api/v1/runs?page[limit]=100", HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304


@pytest.mark.parametrize("url", [f"/api/v1/runs/{RUN}", "/api/v1/fills/5576", "/api/v1/pixel_modules/BPix_BmI_SEC1_LYR1_LDR1F_MOD1"])
def test_answers_about_ended_runs_may_be_kept(api, url):
    assert api.get(url)["Cache-Control"] == "public, max-age=300"


@pytest.mark.parametrize("url", [f"/api/v1/lumisections?filter[run_number]={RUN}", "/api/v1/runs?filter[run_number][GT]=400000",
                                 f"/api/v1/deadtimes?filter[run_number]={RUN}&group[granularity]=run",
                                 f"/api/v1/runs/{RUN}/lumisections", "/api/v1/pixel_modules"])
def test_collections_of_ended_rows_are_kept_at_most_the_live_bound_as_they_may_gain_rows(api, url):
    """A collection may gain rows (a new run; a filter nothing matches yet): 30 s, not 300."""
    assert api.get(url)["Cache-Control"] == "public, max-age=30"


@pytest.mark.parametrize("url", [f"/api/v1/runs/{RUN}", f"/api/v1/lumisections?filter[run_number]={RUN}",
                                 f"/api/v1/deadtimes?filter[run_number]={RUN}&group[granularity]=run",
                                 "/api/v1/runs", "/api/v1/lumisections?filter[run_number][GE]=324000"])
def test_answers_about_an_ongoing_run_are_never_kept(api, url):
    OmsRun.objects.filter(run_number=RUN).update(end_time=None)  # the run goes on (rolled back)
    assert api.get(url)["Cache-Control"] == "no-cache"
    assert api.get("/api/v1/lumisections?filter[run_number]=324237")["Cache-Control"] == "public, max-age=30"
    assert api.get("/api/v1/runs/324237")["Cache-Control"] == "public, max-age=300"


def test_probes_and_errors_are_not_kept(api):
    assert api.get(f"/api/v1/plots/inst_lumi?run={RUN}")["Cache-Control"] == "no-cache"
    assert "Cache-Control" not in api.get("/api/v1/runs?nonesuch=1")


def test_one_log_line_per_request_and_the_id_in_the_error(api, caplog):
    with caplog.at_level(logging.INFO, logger="pixelws.requests"):
        get(api, f"/api/v1/lumisections?filter[run_number]={RUN}&page[limit]=25")
        response = api.get("/api/v1/runs?filter[run_number]=abc", HTTP_X_REQUEST_ID="shifter-report-42")
    lines = [r.getMessage() for r in caplog.records if r.name == "pixelws.requests"]
    assert len(lines) == 2
    assert re.fullmatch(r"GET /api/v1/lumisections\?filter\[run_number\]=324245&page\[limit\]=25 200 [0-9.]+ms rows=25 id=[0-9a-f]{32}", lines[0])
    assert response["X-Request-Id"] == "shifter-report-42"
    assert response.document["meta"] == {"request_id": "shifter-report-42"}
    assert lines[1].startswith("GET /api/v1/runs?filter[run_number]=abc 400 ") and lines[1].endswith("id=shifter-report-42")
    # The browser's waterfall gets the same duration: the server's share of the request's time.
    logged = float(re.search(r" ([0-9.]+)ms ", lines[1]).group(1))
    assert re.fullmatch(r"app;dur=[0-9]+\.[0-9]", response["Server-Timing"])
    assert float(response["Server-Timing"].removeprefix("app;dur=")) == pytest.approx(logged, abs=0.05)


def test_a_new_id_when_the_client_sends_none_or_a_strange_one(api):
    error = error_of(api, "/api/v1/nonesuch", 404)
    assert error["status"] == "404"
    response = api.get("/api/v1/nonesuch", HTTP_X_REQUEST_ID="bad id\r\nInjected: 1")
    assert re.fullmatch(r"[0-9a-f]{32}", response["X-Request-Id"])
    assert response.document["meta"]["request_id"] == response["X-Request-Id"]


def test_answers_are_gzipped_fast_with_a_random_name_against_breach(api):
    """zlib's level 1 (the header's XFL byte says so: 4), a file name of random length in the
    header (FNAME), the same document once unpacked; no gzip for a client that does not ask."""
    import gzip
    import json

    url = "/api/v1/plots/fed_error_roc_map?run=324245&map=BPix_L4"
    plain, packed = api.get(url), api.get(url, HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    again = api.get(url, HTTP_ACCEPT_ENCODING="gzip")
    assert "Content-Encoding" not in plain and packed["Content-Encoding"] == again["Content-Encoding"] == "gzip"
    body = packed.content
    assert body[:3] == b"\x1f\x8b\x08" and body[3] & gzip.FNAME and body[8] == 4
    assert json.loads(gzip.decompress(body)) == json.loads(plain.content)
    assert int(packed["Content-Length"]) == len(body) < len(plain.content) / 8
    assert packed["ETag"] == "W/" + plain["ETag"] and "Accept-Encoding" in packed["Vary"]
    assert again.content != body  # another random name
