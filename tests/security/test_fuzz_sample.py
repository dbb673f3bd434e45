"""A small seeded sample of benchmarks/fuzz.py's requests (series, selections, PDFs, portlets'
content, events, handovers), in-process: no answer is a 5xx, and every API answer is a valid
JSON:API document (the 3000-request run, with the workers' memory, is benchmarks/fuzz.py)."""
import pytest

from pixelws.dialect import registry as resources
from tests.jsonapi import ValidatingClient
from tests.security.fuzz import requests

pytestmark = pytest.mark.django_db(databases=["default", "handovers"])
HEADER = {"Origin": "HTTP_ORIGIN", "Sec-Fetch-Site": "HTTP_SEC_FETCH_SITE"}


def test_a_seeded_sample_gets_no_5xx():
    client = ValidatingClient(raise_request_exception=False)
    statuses = {}
    for request in requests(seed=19, count=120, resources=dict(resources.items()), pdf_share=0.03):
        headers = {HEADER[k]: v for k, v in request.headers.items() if k in HEADER}
        if request.body is not None:
            response = client.post(request.path, request.body, content_type=request.headers["Content-Type"], **headers)
        elif request.method == "POST":
            response = client.post(request.path, request.form, **headers)
        else:
            response = getattr(client, request.method.lower())(request.path, **headers)
        assert response.status_code < 500, (request, response.content[:500])
        if request.method != "HEAD" and (request.path.startswith("/api/") or response.status_code >= 400):
            assert response.document is not None, request  # JSON:API, validated by the client
        statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
    assert sum(statuses.values()) == 120
    assert statuses.get(200, 0) >= 20 and sum(n for s, n in statuses.items() if 400 <= s < 500) >= 20, statuses
