"""/api/v1/openapi.json: an OpenAPI 3.1 description generated from the registries."""
import json

import pytest

from pixelws.dialect import registry
from pixelws.dialect.query import OPERATORS, operators_for, parse_filter
from pixelws.dialect.errors import DialectError
from pixelws.probes import registry as probes

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
    assert runs["run_number"] == {"type": ["integer", "null"]}
    assert runs["start_time"] == {"type": ["string", "null"], "format": "date-time"}
    assert runs["components"] == {"type": ["array", "null"], "items": {"type": "string"}}
    dead = described["components"]["schemas"]["deadtimes"]["properties"]["attributes"]["properties"]
    assert set(dead["overall_tts"]["properties"]) == {"percent", "counter"}


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
