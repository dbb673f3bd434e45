from tests.jsonapi import get


def test_index_lists_resources(api):
    doc = get(api, "/api/v1/")
    assert {"fills", "runs", "lumisections", "deadtimes", "eras"} <= {r["id"] for r in doc["data"]}
