"""Test helpers: every API response a test makes is validated against the JSON:API 1.0 schema
(with one relaxation for OMS's portal component lists, below)."""
import gzip
import json
from functools import cache
from pathlib import Path

import jsonschema
import jsonschema_rs
from django.test import Client

SCHEMA_PATH = Path(__file__).parent / "data" / "jsonapi-schema-1.0.json"


def _for_python_jsonschema(node):
    """The schema as python-jsonschema must read it: its "" pattern means "any name" and is spelt
    ".*"; and without uniqueItems, which it checks pairwise (quadratic in the rows of a 10 000-row
    page): validate() checks the same property, unique (type, id), in one pass instead."""
    if isinstance(node, dict):
        patterns = node.get("patternProperties")
        if isinstance(patterns, dict) and "" in patterns:
            patterns[".*"] = patterns.pop("")
        node.pop("uniqueItems", None)
        for value in node.values():
            _for_python_jsonschema(value)
    elif isinstance(node, list):
        for value in node:
            _for_python_jsonschema(value)
    return node


@cache
def compiled_validator():
    """The schema compiled by jsonschema-rs: a 10 000-row page in tens of milliseconds, where
    python-jsonschema takes half a minute. Every document is checked whole by it."""
    return jsonschema_rs.validator_for(json.loads(SCHEMA_PATH.read_text()))


@cache
def validator():
    """python-jsonschema, for its readable message (best_match) once a document is found invalid."""
    schema = _for_python_jsonschema(json.loads(SCHEMA_PATH.read_text()))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


# The one relaxation: OMS's portal serves its component lists with ``id`` and ``type`` among a
# component's attributes (its tooling reads them there), which JSON:API 1.0 forbids. For these
# resource types only, an ``id`` attribute equal to the object's id and a ``type`` attribute are
# set aside before the schema sees the document (docs/oms-gui.md).
PORTAL_COMPONENTS = ("portlet_components", "controller_components")


def _without_portal_component_ids(document):
    data = document.get("data") if isinstance(document, dict) else None
    objects = data if isinstance(data, list) else [data]
    if not any(isinstance(o, dict) and o.get("type") in PORTAL_COMPONENTS for o in objects):
        return document
    relaxed = []
    for o in objects:
        if isinstance(o, dict) and o.get("type") in PORTAL_COMPONENTS and isinstance(o.get("attributes"), dict):
            attributes = dict(o["attributes"])
            if "id" in attributes:
                assert attributes.pop("id") == o["id"], f"{o['type']} {o['id']}: its id attribute differs from its id"
            attributes.pop("type", None)
            o = {**o, "attributes": attributes}
        relaxed.append(o)
    return {**document, "data": relaxed if isinstance(data, list) else relaxed[0]}


def validate(document):
    document = _without_portal_component_ids(document)
    if not compiled_validator().is_valid(document):
        error = jsonschema.exceptions.best_match(validator().iter_errors(document))
        if error is None:  # python-jsonschema misses what jsonschema-rs finds (data and errors both)
            error = next(compiled_validator().iter_errors(document))
            raise AssertionError(f"not JSON:API 1.0: {shortened(error.message)} at {list(error.instance_path)}")
        raise AssertionError(f"not JSON:API 1.0: {shortened(error.message)} at {list(error.absolute_path)}")
    for key in ("data", "included"):
        if isinstance(document.get(key), list):
            identities = [(o.get("type"), o.get("id")) for o in document[key]]
            assert len(identities) == len(set(identities)), f"{key} repeats a resource object"


def shortened(message, keep=150):
    """A message quoting a 10 000-row page whole: its start and its end, which says what is wrong."""
    return message if len(message) <= 2 * keep else f"{message[:keep]} … {message[-keep:]}"


class ValidatingClient(Client):
    """Django's test client, validating every JSON body it receives, whatever the method or
    status (the 405s of writes and the 404s of unknown URLs included)."""

    def request(self, **request):
        response = super().request(**request)
        response.document = None  # the parsed, validated body, when it is JSON
        if response.get("Content-Type", "").startswith(("application/vnd.api+json", "application/json")) and response.content:
            body = response.content
            if response.get("Content-Encoding") == "gzip":
                body = gzip.decompress(body)
            response.document = json.loads(body)
            validate(response.document)
        return response


def get(client, url, status=200):
    """GET ``url`` with a ValidatingClient (the ``api`` fixture); assert the status; return the
    document it parsed and validated."""
    assert isinstance(client, ValidatingClient), "use the api fixture: it validates every answer"
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code, response.content[:500])
    assert response.document is not None, (url, response.get("Content-Type"))
    return response.document


def error_of(client, url, status=400):
    """The single error object a bad request answers with."""
    document = get(client, url, status)
    assert len(document["errors"]) == 1, document
    error = document["errors"][0]
    assert error["status"] == str(status)
    assert error["title"] and error["detail"]
    return error


def follow(client, link, page_size=10000):
    """Every row a link of the API answers (a plot's source, a collection's self link): each page,
    through the ``next`` links, until the count matches the ``totalResourceCount`` every page
    states, with no row twice."""
    path = link.removeprefix("http://testserver")
    assert path.startswith("/api/v1/"), link
    assert "page[" not in path, f"follow() reads every page of {link} itself"
    url, rows, total = f"{path}{'&' if '?' in path else '?'}page[limit]={page_size}", [], None
    while url:
        document = get(client, url)
        stated = document["meta"]["totalResourceCount"]
        assert total in (None, stated), (url, total, stated)
        total = stated
        rows += document["data"]
        url = document["links"].get("next", "").removeprefix("http://testserver")
    assert len(rows) == total, (link, len(rows), total)
    assert len({(r["type"], r["id"]) for r in rows}) == total, f"{link} repeats a row across pages"
    return rows
