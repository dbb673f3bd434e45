"""The requests OMS's python client (omsapi) makes, as it makes them: /meta first (it validates
attribute names against meta.fields), then `<resource>/?…` with a trailing slash, values written
unencoded with Python's str() (True, not true), fields and sort joined from sets, page[offset] and
page[limit] on every query, custom parameters appended last, and a Bearer token in production."""
import pytest
from django.db.models import Avg

from apps.oms.models import Deadtime, Lumisection, Run
from tests.jsonapi import get

RUN = 324245
TOKEN = {"HTTP_AUTHORIZATION": "Bearer eyJhbGciOiJSUzI1NiJ9.e30.c2lnbmF0dXJl"}


class ClientQuery:
    """What omsapi's OMSQuery sends, rebuilt from its documented behaviour."""

    def __init__(self, api, resource):
        self.api, self.resource = api, resource
        self.fields, self.filters, self.sorts, self.includes, self.custom = set(), [], set(), set(), []
        self.page, self.per_page = 1, 10
        response = api.get(f"/api/v1/{resource}/meta", **TOKEN)
        assert response.status_code == 200
        self.metadata = response.json()["meta"]["fields"]

    def attrs(self, names):
        assert set(names) <= set(self.metadata), set(names) - set(self.metadata)  # the client's own check
        self.fields = set(names)
        return self

    def filter(self, attribute, value, operator="EQ"):
        assert attribute.split(".")[0] in self.metadata
        self.filters.append(f"filter[{attribute}][{operator.upper()}]={value}")
        return self

    def url(self):
        params = [f"fields={','.join(self.fields)}"] if self.fields else []
        params += self.filters
        params += [f"sort={','.join(self.sorts)}"] if self.sorts else []
        params += [f"include={','.join(self.includes)}"] if self.includes else []
        params += [f"page[offset]={self.per_page * (self.page - 1)}", f"page[limit]={self.per_page}", *self.custom]
        return f"/api/v1/{self.resource}/?" + "&".join(params)

    def data(self):
        response = self.api.get(self.url(), **TOKEN)
        assert response.status_code == 200, response.content[:300]  # no redirect: the client refuses one
        return response.json()


def test_a_run_range_as_the_client_sends_it(api):
    q = ClientQuery(api, "runs").attrs(["run_number", "fill_number", "stable_beam", "delivered_lumi"])
    q.filter("run_number", 324200, "GT").filter("run_number", 324300, "lt").filter("stable_beam", True)
    q.sorts, q.includes, q.per_page = {"-run_number"}, {"meta"}, 10000
    document = q.data()
    expected = list(Run.objects.filter(run_number__gt=324200, run_number__lt=324300, stable_beam=True)
                    .order_by("-run_number").values_list("run_number", flat=True))  # fmt: skip
    assert [o["attributes"]["run_number"] for o in document["data"]] == expected and expected
    assert set(document["data"][0]["attributes"]) == q.fields
    assert document["meta"]["totalResourceCount"] == len(expected)
    assert document["meta"]["fields"]["delivered_lumi"]["units"] == "pb^{-1}"


def test_ten_thousand_lumisections_page_by_page(api):
    q = ClientQuery(api, "lumisections").attrs(["run_number", "lumisection_number", "recorded_lumi"])
    q.per_page = 10000
    total = Lumisection.objects.count()
    seen = 0
    while True:
        document = q.data()
        seen += len(document["data"])
        if "next" not in document["links"]:
            break
        q.page += 1
    assert seen == total == document["meta"]["totalResourceCount"] and q.page == -(-total // 10000)


def test_dead_time_per_run_through_a_custom_parameter(api):
    q = ClientQuery(api, "deadtimes").attrs(["run_number", "beamactive_total_deadtime"])
    q.filter("run_number", RUN)
    q.custom.append("group[granularity]=run")
    [row] = q.data()["data"]
    mean = Deadtime.objects.filter(run_number=RUN).aggregate(p=Avg("ba_total_pct"))["p"]
    assert row["id"] == str(RUN)
    assert row["attributes"]["beamactive_total_deadtime"]["percent"] == pytest.approx(mean, rel=1e-9)


@pytest.mark.django_db(databases=["default", "handovers"])
def test_the_client_reads_json_api_documents_for_every_resource(api):
    for resource in get(api, "/api/v1/")["data"]:
        q = ClientQuery(api, resource["id"])
        # Every resource has rows in the demo, but handovers: shifters make them.
        assert q.metadata and (q.data()["data"] or resource["id"] == "handovers"), resource["id"]


def test_answers_are_gzipped_for_clients_that_accept_it(api):
    """python requests and browsers send Accept-Encoding: gzip; a 10 000-row page then travels
    as a sixteenth of its size."""
    import gzip
    import json

    url = "/api/v1/lumisections?page[limit]=10000&fields=run_number,lumisection_number,recorded_lumi"
    plain = api.get(url)
    packed = api.get(url, HTTP_ACCEPT_ENCODING="gzip, deflate")
    assert "Content-Encoding" not in plain and packed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in packed["Vary"]
    assert json.loads(gzip.decompress(packed.content)) == json.loads(plain.content)
    assert len(packed.content) * 8 < len(plain.content)
