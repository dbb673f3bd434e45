"""tests/jsonapi.py's validate(), which every API response of the suite goes through: a fault
anywhere in a 10 000-row page is found, with a readable message."""
import copy

import pytest

from tests.jsonapi import validate

ROWS = 10_000


@pytest.fixture(scope="module")
def page():
    rows = [{"type": "lumisections", "id": str(i), "attributes": {"lumisection_number": i, "run_number": 324245},
             "links": {"self": f"http://testserver/api/v1/lumisections/{i}"}} for i in range(1, ROWS + 1)]  # fmt: skip
    return {"data": rows, "links": {"self": "http://testserver/api/v1/lumisections"}, "meta": {"totalResourceCount": ROWS}}


def test_a_valid_page_passes(page):
    validate(page)


@pytest.mark.parametrize("fault, message", [
    (lambda d: d["data"][9_876].__setitem__("id", 9877), r"9877 is not of type 'string' at \['data', 9876, 'id'\]$"),
    (lambda d: d["data"][9_876].pop("type"), r"is not valid under any of the given schemas at \['data'\]$"),
    (lambda d: d["data"][9_876]["attributes"].__setitem__("type", "x"), r"should not be valid under .* at \['data', 9876, 'attributes'\]$"),
    (lambda d: d.__setitem__("errors", []), r'\{"required":\["errors"\]\} is not allowed for .* at \[\]$'),
    (lambda d: d.__setitem__("jsonapi", {"version": 1}), r"1 is not of type 'string' at \['jsonapi', 'version'\]$"),
])  # fmt: skip
def test_a_fault_deep_in_the_page_fails(page, fault, message):
    document = copy.deepcopy(page)
    fault(document)
    with pytest.raises(AssertionError, match="^not JSON:API 1.0: .*" + message):
        validate(document)


def test_a_resource_object_twice_fails(page):
    document = copy.deepcopy(page)
    document["data"][9_876] = {**document["data"][9_876], "id": "12", "attributes": {"lumisection_number": 0}}
    with pytest.raises(AssertionError, match="data repeats a resource object"):
        validate(document)
