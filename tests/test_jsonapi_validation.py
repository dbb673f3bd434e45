"""tests/jsonapi.py's validate(), which every API response of the suite goes through: a fault
anywhere in a 10 000-row page is found, with a readable message. (Wording the message takes
python-jsonschema seconds over a whole 10 000-row page: one fault is put there, the others in a
page of ten.)"""
import copy

import pytest

from tests.jsonapi import validate

ROWS = 10_000


def page_of(count):
    rows = [{"type": "lumisections", "id": str(i), "attributes": {"lumisection_number": i, "run_number": 324245},
             "links": {"self": f"http://testserver/api/v1/lumisections/{i}"}} for i in range(1, count + 1)]  # fmt: skip
    return {"data": rows, "links": {"self": "http://testserver/api/v1/lumisections"}, "meta": {"totalResourceCount": count}}


@pytest.fixture(scope="module")
def page():
    return page_of(ROWS)


def test_a_valid_page_passes(page):
    validate(page)


def test_a_fault_in_the_last_rows_of_a_10_000_row_page_is_found(page):
    document = copy.deepcopy(page)
    document["data"][9_876]["id"] = 9877
    with pytest.raises(AssertionError, match=r"^not JSON:API 1.0: 9877 is not of type 'string' at \['data', 9876, 'id'\]$"):
        validate(document)


@pytest.mark.parametrize("fault, message", [
    (lambda d: d["data"][7].pop("type"), r"is not valid under any of the given schemas at \['data'\]$"),
    (lambda d: d["data"][7]["attributes"].__setitem__("type", "x"), r"should not be valid under .* at \['data', 7, 'attributes'\]$"),
    (lambda d: d.__setitem__("errors", []), r'\{"required":\["errors"\]\} is not allowed for .* at \[\]$'),
    (lambda d: d.__setitem__("jsonapi", {"version": 1}), r"1 is not of type 'string' at \['jsonapi', 'version'\]$"),
])  # fmt: skip
def test_a_fault_fails_with_what_and_where(fault, message):
    document = page_of(10)
    fault(document)
    with pytest.raises(AssertionError, match="^not JSON:API 1.0: .*" + message):
        validate(document)


def test_a_resource_object_twice_fails(page):
    document = copy.deepcopy(page)
    document["data"][9_876] = {**document["data"][9_876], "id": "12", "attributes": {"lumisection_number": 0}}
    with pytest.raises(AssertionError, match="data repeats a resource object"):
        validate(document)
