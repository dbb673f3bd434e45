"""pixelws/answers.py: the API's answer to a query, as Python data in the process, is the very
document the HTTP request answers (what the server's pages show is what a client gets)."""
from urllib.parse import parse_qsl

import pytest
from django.test import RequestFactory

from pixelws.answers import answer
from pixelws.dialect.errors import DialectError
from tests.jsonapi import get

QUERIES = [
    "/api/v1/runs?filter[fill_number]=7269&sort=-run_number&page[limit]=2&include=meta",  # relationships, links, units
    "/api/v1/fills?filter[era]=Run2018D&fields=fill_number,start_time&page[offset]=10&page[limit]=5&include=meta,presentation_timestamp",
    "/api/v1/deadtimes?filter[fill_number]=7269&group[granularity]=run&fields=run_number,beamactive_total_deadtime",
    "/api/v1/plots/shift_runs?shift=2018-10-09/evening",  # times in its table's rows
    "/api/v1/plots/roc_map?run=324245&map=BPix_L1&fields[plots]=title,figure,sources",
]  # fmt: skip


@pytest.mark.parametrize("url", QUERIES)
def test_an_answer_in_process_is_the_http_answer(api, url):
    path, _, query = url.partition("?")
    request = RequestFactory().get(url)
    assert answer(path, parse_qsl(query), request.build_absolute_uri) == get(api, url)


def test_a_refusal_is_the_apis_error():
    absolute = RequestFactory().get("/").build_absolute_uri
    with pytest.raises(DialectError) as refused:
        answer("/api/v1/runs", [("filter[colour]", "red")], absolute)
    assert (refused.value.status, refused.value.parameter) == (400, "filter[colour]")
    with pytest.raises(DialectError) as missing:
        answer("/api/v1/nothing", [], absolute)
    assert missing.value.status == 404
