"""tests/jsonapi.py follow(): the helper other tests take their rows from reads every page."""
import pytest

from apps.oms.models import Era, Fill
from tests.jsonapi import follow

pytestmark = pytest.mark.django_db


def test_follow_reads_every_page_and_matches_the_stated_total(api):
    fills = sorted(Fill.objects.values_list("fill_number", flat=True))
    assert len(fills) > 7
    for size in (3, 7, 10000):  # pages that split the rows unevenly, and one page
        rows = follow(api, "/api/v1/fills?sort=fill_number", page_size=size)
        assert [int(r["id"]) for r in rows] == fills, size
    assert [r["id"] for r in follow(api, "/api/v1/eras?sort=name", page_size=1)] == sorted(Era.objects.values_list("name", flat=True))
