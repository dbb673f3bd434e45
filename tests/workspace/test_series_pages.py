"""Pages using `probe: series`: the checker holds its params and filters to the resource, the
portal form takes the controller values its filters name, a report draws what the API serves;
and Explore's *Copy as page*: a valid page file for the plot, and its portlet in the portal form."""
import textwrap

import pytest
from django.test import RequestFactory

from apps.workspace import pages
from apps.workspace.pages import PageError, load_page
from apps.portal.documents import documents
from apps.workspace.portlets import Context, content
from apps.workspace.schemas import portlet_schema, refusal
from apps.workspace.selection import resolve
from tests.jsonapi import error_of, get

pytestmark = pytest.mark.django_db

PAGE = """\
title: Series
folder: Tests
controller:
  selectors: [run]
portlets:
  - title: Pile-up
    type: plot
    pos_x: 0
    pos_y: 0
    size_x: 12
    size_y: 4
    configuration:
      probe: series
      params: {resource: lumisections, x: lumisection_number, y: pileup}
      filters: {run_number: $run, "lumisection_number[LE]": 100}
"""


def write(tmp_path, text, name="series_page.yaml"):
    path = tmp_path / name
    path.write_text(textwrap.dedent(text))
    return path


def test_a_series_page_loads(tmp_path):
    page = load_page(write(tmp_path, PAGE))
    assert page.portlets[0]["configuration"]["filters"] == {"run_number": "$run", "lumisection_number[LE]": 100}
    assert refusal(portlet_schema("plot"), page.portlets[0]["configuration"]) is None


@pytest.mark.parametrize("old, new, field", [
    ("y: pileup}", "y: pile_up}", "params.y"),
    ("y: pileup}", "y: start_time}", "params.y"),
    ("x: lumisection_number", "x: era", "params.x"),
    ("resource: lumisections, ", "", "params.resource"),
    ("resource: lumisections", "resource: lumisection", "params.resource"),
    ("y: pileup}", "y: pileup, kind: histogram}", "params.y"),
    ("y: pileup}", "y: pileup, bins: 0}", "params.bins"),
    ("{run_number: $run,", "{run: $run,", "filters.run"),
    ("{run_number: $run,", "{run_number: $rum,", "filters.run_number"),
    ('"lumisection_number[LE]": 100', '"lumisection_number[LIKE]": 100', "filters.lumisection_number[LIKE]"),
    ('"lumisection_number[LE]": 100', '"lumisection_number[LE]": many', "filters.lumisection_number[LE]"),
    ("probe: series\n      params: {resource: lumisections, x: lumisection_number, y: pileup}",
     "probe: inst_lumi", "filters"),
])  # fmt: skip
def test_series_mistakes_name_the_field(tmp_path, old, new, field):
    assert old in PAGE
    path = write(tmp_path, PAGE.replace(old, new, 1))
    with pytest.raises(PageError) as caught:
        load_page(path)
    assert str(caught.value).startswith(f"{path}: portlets[0].configuration.{field}: "), str(caught.value)


def test_the_pileup_page_in_the_portal_form_takes_the_run():
    portlets = documents()["pages/pileup"]["data"]["attributes"]["portlets"]
    for placement in portlets:
        portlet = placement["attributes"]["portlet"]["attributes"]
        assert portlet["configuration"]["probe"] == "series"
        assert [s["attributes"]["name"] for s in portlet["selectors"]["in"]] == ["run"]


def test_a_report_of_the_pileup_page_draws_what_the_api_serves(api):
    page = pages.pages()["pileup"]
    request = RequestFactory().get("/pages/pileup.pdf?run=324245")
    selection = resolve(page.selectors, request.GET)
    context = Context(selection, request.build_absolute_uri)
    items = [content(portlet, context, i) for i, portlet in enumerate(page.portlets)]
    queries = ["x=lumisection_number&y=pileup", "x=pileup&kind=histogram&bins=40", "x=pileup&y=init_lumi&kind=scatter"]
    for item, query in zip(items, queries, strict=True):
        expected = get(api, f"/api/v1/plots/series?resource=lumisections&{query}&filter[run_number]=324245")
        assert item["message"] is None and item["figure"] == expected["data"]["attributes"]["figure"]
    assert sum(items[1]["figure"]["data"][0]["y"]) == 2100  # every lumisection of the run in the histogram


DRAFT = "/api/workspace/explore_page"


def draft(api, query):
    return get(api, f"{DRAFT}?{query}")["data"]["attributes"]


def test_copy_as_page_makes_a_page_file_that_follows_the_run(api, tmp_path):
    found = draft(api, "resource=lumisections&x=lumisection_number&y=delivered_lumi&filter[run_number]=324245"
                       "&filter[lumisection_number][le]=500&buckets=200")  # fmt: skip
    page = load_page(write(tmp_path, found["yaml"], "explored.yaml"))
    assert page.selectors == ["run", "live"]  # a page about a run can go live
    [portlet] = page.portlets
    assert portlet["configuration"] == {
        "probe": "series",
        "params": {"resource": "lumisections", "x": "lumisection_number", "y": "delivered_lumi", "buckets": 200},
        "filters": {"run_number": "$run", "lumisection_number[le]": 500},
    }
    form = found["portal"]["data"]["attributes"]
    assert form["configuration"] == portlet["configuration"]
    assert form["portlet_component"]["attributes"]["name"] == "PlotPortlet"
    assert [s["attributes"]["name"] for s in form["selectors"]["in"]] == ["run"]


def test_copy_as_page_turns_a_time_window_on_x_into_the_controllers(api, tmp_path):
    found = draft(api, "resource=hv_channels&x=time&y=current&group=channel&filter[layer]=1"
                       "&filter[time][GE]=2018-10-09T13:00:00Z&filter[time][LT]=2018-10-09T21:00:00Z")  # fmt: skip
    page = load_page(write(tmp_path, found["yaml"], "explored.yaml"))
    assert page.selectors == ["time_window", "live"]
    assert page.portlets[0]["configuration"]["filters"] == {"layer": 1, "time[GE]": "$since", "time[LT]": "$until"}


def test_copy_as_page_keeps_other_filters_literal(api, tmp_path):
    found = draft(api, "resource=lumisections&x=pileup&kind=histogram&filter[start_time][GE]=2018-10-10T00:00:00Z"
                       "&filter[beams_stable]=true&filter[run_number][GT]=324000")  # fmt: skip
    page = load_page(write(tmp_path, found["yaml"], "explored.yaml"))
    assert page.selectors == ["live"]
    assert page.portlets[0]["configuration"]["filters"] == {
        "start_time[GE]": "2018-10-10T00:00:00Z", "beams_stable": True, "run_number[GT]": 324000}


@pytest.mark.parametrize("query, parameter", [
    ("resource=lumisections&x=pileup&kind=histogram&filter[nothing]=1", "filter[nothing]"),
    ("resource=lumisections&x=lumisection_number", "y"),
    ("resource=lumisections&x=pileup&kind=histogram&filter[run_number][GE]=1&filter[run_number][GE]=2", "filter[run_number][GE]"),
])  # fmt: skip
def test_copy_as_page_of_a_bad_query_names_the_parameter(api, query, parameter):
    assert error_of(api, f"{DRAFT}?{query}")["source"] == {"parameter": parameter}
