"""The OMS dialect beyond filters: fields, sort, paging, include flags, grouping, /meta, routing,
relationships, and what SQL a request costs."""
import json
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.db.models import Avg, Count, Max, Min, Sum
from django.test.utils import CaptureQueriesContext

from apps.oms.models import Deadtime, Fill, Lumisection, Run
from pixelws.dialect import registry
from tests.jsonapi import error_of, get

pytestmark = pytest.mark.django_db
RUN = 324245
GOLDEN = Path(__file__).parents[1] / "data" / "fills-5576.json"


def test_fill_5576_is_the_document_oms_serves(api):
    expected = json.loads(GOLDEN.read_text().replace("http://localhost:8080/", "http://testserver/"))
    assert "localhost" not in json.dumps(expected)  # the host was replaced everywhere
    assert get(api, "/api/v1/fills/5576") == expected


# fields -------------------------------------------------------------------------------------------
@pytest.mark.parametrize("fields", ["fields=run_number,delivered_lumi", "fields[runs]=run_number,delivered_lumi"])
def test_fields_flat_and_typed_select_attributes_and_only_their_columns(api, fields):
    with CaptureQueriesContext(connection) as queries:
        doc = get(api, f"/api/v1/runs?{fields}&filter[fill_number]=7269")
    assert all(set(o["attributes"]) == {"run_number", "delivered_lumi"} for o in doc["data"])
    assert doc["data"][0]["meta"]["row"] == {"delivered_lumi": {"units": "pb^{-1}"}}
    rows_sql = queries[0]["sql"].lower()  # an attribute not asked for is not fetched
    assert "delivered_lumi" in rows_sql and "recorded_lumi" not in rows_sql and "l1_key" not in rows_sql


@pytest.mark.parametrize("query, parameter", [
    ("fields=run_number,nonesuch", "fields"),
    ("fields[fills]=fill_number", "fields[fills]"),
    ("fields=run_number&fields[runs]=run_number", "fields[runs]"),
    ("fields=", "fields"),
    ("fields=run_number,,era", "fields"),
])
def test_bad_fields_are_400(api, query, parameter):
    assert error_of(api, f"/api/v1/runs?{query}")["source"]["parameter"] == parameter


# sort ---------------------------------------------------------------------------------------------
def ids(doc):
    return [o["id"] for o in doc["data"]]


def test_sort_ascending_descending_and_by_several_attributes(api):
    runs = list(Run.objects.order_by("-fill_number", "run_number").values_list("run_number", flat=True))
    doc = get(api, "/api/v1/runs?sort=-fill_number,run_number&page[limit]=100&fields=run_number")
    assert ids(doc) == [str(r) for r in runs]
    doc = get(api, "/api/v1/runs?sort=run_number&page[limit]=100&fields=run_number")
    assert ids(doc) == sorted(ids(doc), key=int) and len(ids(doc)) == Run.objects.count()


def test_sort_by_a_value_object_component(api):
    expected = list(Deadtime.objects.filter(run_number=RUN).order_by("-ba_total_pct", "first_lumisection_number")[:5])
    doc = get(api, f"/api/v1/deadtimes?filter[run_number]={RUN}&sort=-beamactive_total_deadtime.percent,first_lumisection_number&page[limit]=5")
    assert ids(doc) == [f"{d.run_number}_{d.first_lumisection_number}" for d in expected]


@pytest.mark.parametrize("query", ["sort=nonesuch", "sort=-components", "sort=run_number,", "sort=overall_tts.x"])
def test_bad_sort_is_400(api, query):
    type_ = "deadtimes" if "overall" in query else "runs"
    assert error_of(api, f"/api/v1/{type_}?{query}")["source"]["parameter"] == "sort"


# paging -------------------------------------------------------------------------------------------
def test_default_page_size(api):
    doc = get(api, "/api/v1/lumisections")
    assert len(doc["data"]) == settings.OMS_PAGE_LIMIT_DEFAULT
    assert doc["meta"]["totalResourceCount"] == Lumisection.objects.count()


def test_the_maximum_page_size_is_served_and_one_more_is_a_400_saying_the_maximum(api):
    maximum = settings.OMS_PAGE_LIMIT_MAX
    doc = get(api, f"/api/v1/lumisections?page[limit]={maximum}&fields=lumisection_number")
    assert len(doc["data"]) == min(maximum, Lumisection.objects.count()) == maximum
    error = error_of(api, f"/api/v1/lumisections?page[limit]={maximum + 1}")
    assert error["source"] == {"parameter": "page[limit]"} and str(maximum) in error["detail"]


@pytest.mark.parametrize("query, parameter", [
    ("page[limit]=0", "page[limit]"), ("page[limit]=ten", "page[limit]"), ("page[offset]=-1", "page[offset]"),
    ("page[offset]=1.5", "page[offset]"), ("page[number]=2", "page[number]"), ("page[limit]=5&page[limit]=6", "page[limit]"),
    ("page[offset]=99999999999999999999", "page[offset]"), ("page[limit]=²", "page[limit]"),
])
def test_bad_paging_is_400(api, query, parameter):
    assert error_of(api, f"/api/v1/runs?{query}")["source"]["parameter"] == parameter


def offset_of(link):
    return int(link.split("page[offset]=")[1].split("&")[0])


def test_links_walk_every_page_once_and_never_past_the_end(api):
    total, limit = Run.objects.count(), 10
    url, seen = f"/api/v1/runs?fields=run_number&page[limit]={limit}", []
    while url:
        doc = get(api, url)
        seen += ids(doc)
        links = doc["links"]
        assert offset_of(links["last"]) == (total - 1) // limit * limit
        assert offset_of(links["last"]) < total
        url = links.get("next", "").replace("http://testserver", "")
    assert len(seen) == len(set(seen)) == total
    assert "next" not in links and offset_of(links["prev"]) == offset_of(links["last"]) - limit


def test_an_offset_past_the_end_is_empty_and_links_back_inside(api):
    doc = get(api, "/api/v1/runs?page[offset]=1000&page[limit]=10")
    assert doc["data"] == [] and "next" not in doc["links"]
    total = Run.objects.count()
    assert offset_of(doc["links"]["prev"]) == offset_of(doc["links"]["last"]) == (total - 1) // 10 * 10


def test_an_empty_result_links_only_to_its_first_page(api):
    doc = get(api, "/api/v1/runs?filter[run_number]=1")
    assert doc["data"] == [] and doc["meta"]["totalResourceCount"] == 0
    assert offset_of(doc["links"]["first"]) == offset_of(doc["links"]["last"]) == 0
    assert "next" not in doc["links"] and "prev" not in doc["links"]


def test_links_keep_the_other_parameters(api):
    doc = get(api, "/api/v1/runs?filter[fill_number][GE]=7000&fields=run_number&sort=-run_number&page[limit]=2")
    next_link = doc["links"]["next"]
    for part in ("filter[fill_number][GE]=7000", "fields=run_number", "sort=-run_number", "page[offset]=2", "page[limit]=2"):
        assert part in next_link


# include ------------------------------------------------------------------------------------------
def test_include_meta_adds_the_fields_description(api):
    doc = get(api, "/api/v1/runs?include=meta&fields=run_number,delivered_lumi&page[limit]=1")
    assert set(doc["meta"]["fields"]) == {"run_number", "delivered_lumi"}
    assert doc["meta"]["fields"]["delivered_lumi"]["units"] == "pb^{-1}"
    assert doc["meta"]["fields"]["run_number"]["type"] == "integer"


def test_include_presentation_timestamp_formats_times_for_display(api):
    run = Run.objects.get(run_number=RUN)
    plain = get(api, f"/api/v1/runs/{RUN}?fields=start_time")["data"]["attributes"]["start_time"]
    shown = get(api, f"/api/v1/runs/{RUN}?fields=start_time&include=presentation_timestamp")["data"]["attributes"]["start_time"]
    assert plain == run.start_time.strftime("%Y-%m-%dT%H:%M:%SZ")
    assert shown == run.start_time.strftime("%Y-%m-%d %H:%M:%S")


def test_include_data_only_leaves_out_links_meta_and_relationships(api):
    doc = get(api, "/api/v1/fills?include=data_only&page[limit]=3")
    assert set(doc) == {"data"} and len(doc["data"]) == 3
    assert all(set(o) == {"id", "type", "attributes"} for o in doc["data"])
    rel = get(api, "/api/v1/fills/7269/relationships/runs?include=data_only")
    assert set(rel) == {"data"} and {o["id"] for o in rel["data"]} == {
        str(r) for r in Run.objects.filter(fill_number=7269).values_list("run_number", flat=True)}


@pytest.mark.parametrize("query", ["include=everything", "include=meta,", "include=meta&include=data_only"])
def test_bad_include_is_400(api, query):
    assert error_of(api, f"/api/v1/runs?{query}")["source"]["parameter"] == "include"


# grouping -----------------------------------------------------------------------------------------
def test_lumisections_grouped_per_run_aggregate_in_sql(api):
    doc = get(api, f"/api/v1/lumisections?filter[run_number]={RUN}&group[granularity]=run")
    assert len(doc["data"]) == doc["meta"]["totalResourceCount"] == 1
    run = doc["data"][0]["attributes"]
    expected = Lumisection.objects.filter(run_number=RUN).aggregate(
        Sum("delivered_lumi"), Sum("recorded_lumi"), Min("lumisection_number"), Max("pileup"))
    assert run["delivered_lumi"] == pytest.approx(expected["delivered_lumi__sum"], rel=1e-12)
    assert run["recorded_lumi"] == pytest.approx(expected["recorded_lumi__sum"], rel=1e-12)
    assert doc["data"][0]["id"] == str(RUN)


def test_deadtimes_grouped_per_fill_have_one_row_per_fill(api):
    fills = Deadtime.objects.values("fill_number").annotate(n=Count("*")).count()
    doc = get(api, "/api/v1/deadtimes?group[granularity]=fill&page[limit]=100&fields=fill_number,beamactive_total_deadtime")
    assert doc["meta"]["totalResourceCount"] == len(doc["data"]) == fills
    assert {o["id"] for o in doc["data"]} == {str(f) for f in Fill.objects.filter(
        fill_number__in=Deadtime.objects.values("fill_number")).values_list("fill_number", flat=True)}
    assert all(0 <= o["attributes"]["beamactive_total_deadtime"]["percent"] <= 100 for o in doc["data"])


def test_deadtime_percent_per_run_is_the_counter_weighted_mean(api):
    doc = get(api, f"/api/v1/deadtimes?filter[run_number]={RUN}&group[granularity]=run")
    assert len(doc["data"]) == 1
    per_ls = Deadtime.objects.filter(run_number=RUN).aggregate(Avg("ba_total_pct"))["ba_total_pct__avg"]
    percent = doc["data"][0]["attributes"]["beamactive_total_deadtime"]["percent"]
    assert percent == pytest.approx(per_ls, rel=0.05)  # lumisections of a run last about equally long


@pytest.mark.parametrize("url, parameter", [
    ("/api/v1/lumisections?group[granularity]=week", "group[granularity]"),
    ("/api/v1/runs?group[granularity]=fill", "group[granularity]"),
    ("/api/v1/lumisections?group[by]=run", "group[by]"),
    ("/api/v1/lumisections?group[size]=0", "group[size]"),
    ("/api/v1/lumisections?group[size]=²", "group[size]"),
    ("/api/v1/lumisections?group[size]=10&group[granularity]=run", "group[size]"),
])
def test_bad_grouping_is_400(api, url, parameter):
    assert error_of(api, url)["source"]["parameter"] == parameter


# /meta, routing, relationships, errors ------------------------------------------------------------
def test_meta_describes_every_attribute_and_takes_no_parameters(api):
    fields = get(api, "/api/v1/deadtimes/meta")["meta"]["fields"]
    assert fields["overall_tts"]["type"] == "object" and fields["overall_tts"]["components"] == ["percent", "counter"]
    assert error_of(api, "/api/v1/deadtimes/meta?x=1")["source"]["parameter"] == "x"


@pytest.mark.parametrize("path", [
    "/api/v1/fills", "/api/v1/fills/5576", "/api/v1/fills/meta", "/api/v1/fills/7269/runs",
    "/api/v1/fills/7269/relationships/runs", "/api/v1",
])
def test_both_slash_forms_answer_without_redirect(api, path):
    for url in (path, path + "/"):
        response = api.get(url)
        assert response.status_code == 200, url


def test_fill_relationships_link_to_its_runs_and_era(api):
    fill = get(api, "/api/v1/fills/7269")["data"]
    assert fill["relationships"]["runs"]["links"] == {
        "self": "http://testserver/api/v1/fills/7269/relationships/runs",
        "related": "http://testserver/api/v1/fills/7269/runs",
    }
    runs = get(api, "/api/v1/fills/7269/runs?page[limit]=100&fields=run_number")
    expected = {str(r) for r in Run.objects.filter(fill_number=7269).values_list("run_number", flat=True)}
    assert {o["id"] for o in runs["data"]} == expected and len(expected) > 1
    identifiers = get(api, "/api/v1/fills/7269/relationships/runs?page[limit]=100")
    assert all(set(o) == {"type", "id"} and o["type"] == "runs" for o in identifiers["data"])
    assert {o["id"] for o in identifiers["data"]} == expected
    era = get(api, "/api/v1/fills/7269/eras")
    assert [o["id"] for o in era["data"]] == [Fill.objects.get(fill_number=7269).era]


@pytest.mark.parametrize("url, detail", [
    ("/api/v1/nonesuch", "nonesuch"),
    ("/api/v1/fills/1", "'1'"),
    ("/api/v1/fills/abc", "abc"),
    ("/api/v1/fills/99999999999999999999", "99999999999999999999"),  # beyond 64 bits: no such fill
    ("/api/v1/lumisections/324245", "324245"),
    ("/api/v1/fills/7269/nonesuch", "nonesuch"),
    ("/api/v1/fills/1/runs", "'1'"),
])
def test_unknown_resources_ids_and_relationships_are_404(api, url, detail):
    assert detail in error_of(api, url, 404)["detail"]


@pytest.mark.parametrize("url, parameter", [
    ("/api/v1/runs?limit=10", "limit"),
    ("/api/v1/runs?filter=run_number", "filter"),
    ("/api/v1/runs/324245?sort=run_number", "sort"),
    ("/api/v1/runs/324245?page[limit]=1", "page[limit]"),
])
def test_unknown_or_misplaced_parameters_are_400(api, url, parameter):
    assert error_of(api, url)["source"]["parameter"] == parameter


def test_every_resource_is_listed_in_the_index(api):
    doc = get(api, "/api/v1/")
    assert {o["id"] for o in doc["data"]} == set(registry)


@pytest.mark.parametrize("path", ["/api/v1/", "/api/v1/runs/meta", "/api/v1/plots", "/api/portal/workspaces",
                                  "/api/portal/portlet_components", "/api/portal/pages/lumi_deadtime"])
def test_endpoints_without_parameters_refuse_one_instead_of_ignoring_it(api, path):
    error = error_of(api, f"{path}?page[limit]=5")
    assert error["source"] == {"parameter": "page[limit]"} and "takes no query parameters" in error["detail"]
