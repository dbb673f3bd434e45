"""/meta lists each attribute's filter operators (what Explore offers), and they are exactly those
the API answers a filter with: every operator is tried on every attribute, through the API."""
import pytest

from tests.jsonapi import error_of, get

pytestmark = pytest.mark.django_db
ALL_OPERATORS = ("EQ", "NEQ", "LT", "LE", "GT", "GE", "LIKE", "CT")  # the dialect's, as docs/api.md lists them
SAMPLES = {"integer": "1", "float": "1.5", "string": "x", "boolean": "true", "datetime": "2018-10-10T00:00:00Z",
           "date": "2018-10-10", "list": "PIXEL"}  # fmt: skip


def test_meta_operators_are_those_the_filters_take(api):
    tried = set()
    for resource, name, field in (
        (resource, name, field) for resource in ("runs", "fills", "lumisections")
        for name, field in get(api, f"/api/v1/{resource}/meta")["meta"]["fields"].items()
    ):  # fmt: skip
        if field["type"] not in SAMPLES:
            continue
        for operator in ALL_OPERATORS:
            url = f"/api/v1/{resource}?filter[{name}][{operator}]={SAMPLES[field['type']]}&page[limit]=1&fields={name}"
            if operator in field["operators"]:
                get(api, url)
            else:
                assert error_of(api, url)["source"] == {"parameter": f"filter[{name}][{operator}]"}
        assert field["operators"] == [o for o in ALL_OPERATORS if o in field["operators"]]  # in the form's order
        tried.add(field["type"])
    assert {"integer", "float", "string", "datetime", "boolean"} <= tried
