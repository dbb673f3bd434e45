"""/api/v1/openapi.json: an OpenAPI 3.1 description generated from the registries, with the
workspace's endpoints (portal, selection, PDF) and the relationship endpoints."""
import json
import re

import pytest
from django.db.models import Count, Q

from pixelws.dialect import registry
from pixelws.dialect.query import OPERATORS, operators_for, parse_filter
from pixelws.dialect.errors import DialectError
from pixelws.probes import registry as probes
from tests.jsonapi import get

pytestmark = pytest.mark.django_db
KINDS = {"integer": "1", "float": "1.5", "string": "x", "boolean": "true", "datetime": "2018-10-10T00:00:00Z", "list": "PIXEL"}  # fmt: skip


@pytest.fixture(scope="module")
def described(django_db_blocker):
    from django.test import Client

    with django_db_blocker.unblock():
        response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200 and response["Content-Type"] == "application/vnd.oai.openapi+json"
    return json.loads(response.content)


def test_every_resource_and_probe_is_described(described):
    assert described["openapi"] == "3.1.0"
    for name in registry:
        assert {f"/api/v1/{name}", f"/api/v1/{name}/{{id}}", f"/api/v1/{name}/meta"} <= set(described["paths"])
    for name, probe in probes.items():
        parameters = described["paths"][f"/api/v1/plots/{name}"]["get"]["parameters"]
        assert [p["name"] for p in parameters] == [p.name for p in probe.parameters] + ["fields[plots]"]


def test_attributes_with_their_types(described):
    runs = described["components"]["schemas"]["runs"]["properties"]["attributes"]["properties"]
    # null only where the view's column can be: a run always has its number and start, not yet
    # its end; units as /meta gives them.
    assert runs["run_number"] == {"type": "integer"}
    assert runs["start_time"] == {"type": "string", "format": "date-time"}
    assert runs["end_time"] == {"type": ["string", "null"], "format": "date-time"}
    assert runs["duration"] == {"type": ["integer", "null"], "x-units": "s"}
    assert runs["components"] == {"type": "array", "items": {"type": "string"}}
    dead = described["components"]["schemas"]["deadtimes"]["properties"]["attributes"]["properties"]
    assert set(dead["overall_tts"]["properties"]) == {"percent", "counter"}


def test_units_as_meta_gives_them(described, api):
    for name, resource in registry.items():
        fields = get(api, f"/api/v1/{name}/meta")["meta"]["fields"]
        properties = described["components"]["schemas"][name]["properties"]["attributes"]["properties"]
        assert {a: p.get("x-units") for a, p in properties.items()} == {a: f["units"] for a, f in fields.items()}, name


def test_null_is_allowed_where_the_data_has_it(described):
    """Every attribute the demo data holds a null in is nullable (a column described as never
    null that is: the first request a generated client makes with it would fail)."""
    nulls = 0
    for name, resource in registry.items():
        properties = described["components"]["schemas"][name]["properties"]["attributes"]["properties"]
        columns = [(attribute, i, column) for attribute in resource.attributes.values() for i, column in enumerate(attribute.columns)]
        # The nulls of every column in one pass over the view, not a scan of it per column.
        null_counts = resource.model.objects.aggregate(**{f"{column}__nulls": Count("pk", filter=Q(**{f"{column}__isnull": True}))
                                                          for _, _, column in columns})  # fmt: skip
        for attribute, i, column in columns:
            schema = properties[attribute.name]
            schema = schema["properties"][attribute.components[i]] if attribute.components else schema
            if null_counts[f"{column}__nulls"]:
                nulls += 1
                assert "null" in schema["type"], (name, column)
    assert nulls > 20  # the check found nulls to check


def test_the_workspace_and_relationship_endpoints_are_described(described, api):
    paths = described["paths"]
    for name, resource in registry.items():
        for relationship in resource.relationships:
            assert {f"/api/v1/{name}/{{id}}/{relationship.name}", f"/api/v1/{name}/{{id}}/relationships/{relationship.name}"} <= set(paths)
    assert set(paths["/pages/{id}.pdf"]) == {"get", "post"}
    assert "multipart/form-data" in paths["/pages/{id}.pdf"]["post"]["requestBody"]["content"]
    selection = [p["name"] for p in paths["/api/workspace/selection"]["get"]["parameters"]]
    assert selection == ["page", "run", "fill", "ls", "ls_min", "ls_max", "reference_run", "roc", "fed_channel", "since", "until", "shift", "live"]
    # Every document the portal's index lists is at a described path.
    templates = [re.compile("^" + re.escape(p).replace(re.escape("{id}"), "[^/]+") + "$") for p in paths if p.startswith("/api/portal/")]
    for entry in get(api, "/api/portal/")["data"]:
        assert any(t.match(entry["links"]["self"]) for t in templates), entry["links"]["self"]
    content = [p["name"] for p in paths["/api/workspace/pages/{page}/portlets/{n}"]["get"]["parameters"]]
    assert content == ["page", "n", *selection[1:], "page[offset]", "sort"]
    explore = [p["name"] for p in paths["/api/workspace/explore/portlets/{n}"]["get"]["parameters"]]
    assert explore[0] == "n" and {"resource", "x", "y", "page[offset]", "sort"} <= set(explore)
    assert paths["/api/workspace/live"]["get"]["parameters"] == []  # the live status takes none
    svg = [p["name"] for p in paths["/api/workspace/pages/{page}/portlets/{n}/svg"]["get"]["parameters"]]
    assert svg == ["page", "n", *selection[1:], "width", "height"]
    # Under /api/v1/ exactly what the registries hold: a new resource or probe adds its own.
    expected = {f"/api/v1/{name}{end}" for name in registry for end in ("", "/{id}", "/meta")}
    expected |= {f"/api/v1/{name}/{{id}}/{way}{r.name}" for name, resource in registry.items()
                 for r in resource.relationships for way in ("", "relationships/")}  # fmt: skip
    expected |= {f"/api/v1/plots/{name}" for name in probes}
    assert {p for p in paths if p.startswith("/api/v1/")} == expected


def test_every_operator_on_every_attribute_list_valued_ones_included(described):
    names = {p["name"] for p in described["paths"]["/api/v1/runs"]["get"]["parameters"]}
    assert {"filter[components][EQ]", "filter[components][CT]", "filter[start_time][GT]", "page[limit]", "include"} <= names
    assert "filter[components][GT]" not in names
    lumis = {p["name"] for p in described["paths"]["/api/v1/lumisections"]["get"]["parameters"]}
    assert "group[granularity]" in lumis


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_the_operators_described_are_those_the_dialect_accepts(kind):
    # One attribute of each kind: parse_filter takes exactly the operators operators_for names.
    resource, attribute = next((r, a) for r in registry.values() for a in r.attributes.values() if a.kind == kind)
    for operator in sorted(OPERATORS):
        try:
            parse_filter(resource, f"filter[{attribute.name}][{operator}]", KINDS[kind])
            accepted = True
        except DialectError:
            accepted = False
        assert accepted == (operator in operators_for(kind)), (kind, operator)
