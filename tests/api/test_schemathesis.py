"""Schemathesis against /api/v1/openapi.json: every operation it describes is called; no 5xx,
every 2xx a valid JSON:API document, every 4xx a JSON:API error document (400s name the
parameter). Each resource operation first serves its plain request (a by-id or related one on a
real id, the first of its collection); then a bounded, seeded run of generated requests, fewer
where operations parse alike, must be refused at least once by every operation that takes a free
parameter: so a run of nothing but refusals, or of nothing but plain requests, cannot pass."""
import gzip
import json
from collections import Counter

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, given, settings

from tests.jsonapi import validate

# Generated examples per operation, by kind. A collection parses every attribute's filters (the
# one dialect, pixelws/dialect): 20 each over the resources. A plot's endpoint has parameters of
# its own: 15. A by-id takes fields and include only, and a related or relationships endpoint
# parses its target's parameters as the target's collection does: a few each, on random ids. A
# page's PDF and a plot's SVG render in Chromium for seconds a request, and are no JSON: left out
# (tests/reports and tests/workspace/test_first_paint.py cover their errors).
COLLECTION, PLOT, BY_ID, RELATED, OTHER = 20, 15, 3, 2, 8


def examples_for(path):
    if path.startswith("/pages/") or path.endswith("/svg"):
        return 0
    if not path.startswith("/api/v1/"):
        return OTHER
    if path.startswith("/api/v1/plots/"):
        return PLOT
    if "{id}/" in path:
        return RELATED
    return BY_ID if path.endswith("{id}") else COLLECTION


def resource_of(path):
    """The resource whose ids an /api/v1/<resource>… path takes; None for plots and other APIs."""
    parts = path.split("/")
    return parts[3] if path.startswith("/api/v1/") and parts[3] != "plots" else None


pytestmark = [pytest.mark.django_db(databases=["default", "handovers"]), pytest.mark.long]


def test_generated_requests_never_fail_the_server():
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
    answered, failures = Counter(), []  # (operation, status class): answers

    def check(operation, case):
        response = case.call()
        answered[operation.label, response.status_code // 100] += 1
        url = f"{case.method} {case.formatted_path} {case.query}"
        if response.status_code >= 500:
            failures.append((url, response.status_code, response.text[:300]))
            return None
        body = response.content
        document = None
        if response.status_code in (200, 201) or response.status_code >= 400:
            document = json.loads(gzip.decompress(body) if body[:2] == b"\x1f\x8b" else body)
            try:
                validate(document)
            except AssertionError as error:
                failures.append((url, response.status_code, str(error)))
                return None
        if response.status_code == 400:
            errors = document["errors"]
            if not all(e.get("source", {}).get("parameter") for e in errors):
                if "Too many query parameters" not in errors[0]["detail"]:
                    failures.append((url, 400, errors))
        return document

    operations = [result.ok() for result in schema.get_all_operations()]
    called = [o for o in operations if examples_for(o.path)]
    # The plain requests: collections first, so that each by-id and related operation has an id.
    first_id, plain = {}, [o for o in called if resource_of(o.path)]
    for operation in sorted(plain, key=lambda o: "{id}" in o.path):
        resource = resource_of(operation.path)
        if "{id}" not in operation.path:
            document = check(operation, operation.Case())
            if operation.path == f"/api/v1/{resource}" and document and document["data"]:
                first_id[resource] = document["data"][0]["id"]
        elif resource in first_id:
            check(operation, operation.Case(path_parameters={"id": first_id[resource]}))
    for operation in called:

        @settings(max_examples=examples_for(operation.path), derandomize=True, database=None, deadline=None,
                  suppress_health_check=list(HealthCheck))  # fmt: skip
        @given(case=operation.as_strategy())
        def request(case):
            check(operation, case)

        request()
    assert failures == [], failures[:5]

    described = [(method.upper(), path) for path, item in schema.raw_schema["paths"].items() for method in item
                 if method in ("get", "post", "put", "patch", "delete", "head")]  # fmt: skip
    assert sorted((o.method.upper(), o.path) for o in operations) == sorted(described)  # every operation the schema describes
    served = {label for (label, status_class) in answered if status_class == 2}
    refused = {label for (label, status_class) in answered if status_class == 4}
    # Every resource operation on a resource with rows served its plain request (an empty one,
    # the test's handovers, is served by its collection and meta alone).
    with_rows = {o.label for o in plain if "{id}" not in o.path or resource_of(o.path) in first_id}
    assert with_rows - served == set(), sorted(with_rows - served)
    # Every operation that takes a parameter with no enum was refused a generated value at least once.
    free = {o.label for o in called if any("enum" not in p.definition.get("schema", {}) for p in o.iter_parameters())}
    assert free - refused == set(), sorted(free - refused)
    # Served answers to generated requests too, not only to the plain ones (each collection's
    # empty query among them, seeded: 85 for 24 collections).
    generated_2xx = sum(n for (_, status_class), n in answered.items() if status_class == 2) - len(with_rows)
    collections = [o for o in plain if o.path == f"/api/v1/{resource_of(o.path)}"]
    assert generated_2xx >= len(collections), (generated_2xx, len(collections))
