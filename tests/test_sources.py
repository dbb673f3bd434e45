"""A Source is one API query in two forms: its link, and the queryset behind a probe's figure."""
from datetime import datetime, timezone

import pytest

from apps.oms.models import Lumisection
from pixelws.sources import Source
from tests.jsonapi import follow

pytestmark = pytest.mark.django_db


def test_the_link_spells_filters_as_the_dialect_reads_them():
    since = datetime(2018, 10, 10, 6, 30, 0, 500000, tzinfo=timezone.utc)
    source = Source("lumisections", "lumisections", {
        "run_number": 324245, "lumisection_number[GE]": 10, "fill_number": None, "start_time[GE]": since,
    })  # fmt: skip
    assert source.path == ("/api/v1/lumisections?filter[run_number]=324245&filter[lumisection_number][GE]=10"
                           "&filter[start_time][GE]=2018-10-10T06%3A30%3A00.500000Z")  # fmt: skip
    assert Source("all", "runs").path == "/api/v1/runs"


@pytest.mark.parametrize("filters", [
    {"run_number": 324245, "lumisection_number[GE]": 2000},
    {"fill_number": 7269, "start_time[LT]": datetime(2018, 10, 10, 0, 0, tzinfo=timezone.utc)},
    {"run_number": 324245, "bpix_ready": False},  # the first LS, while HV ramps up
])
def test_the_queryset_holds_the_rows_the_link_answers(api, filters):
    source = Source("lumisections", "lumisections", filters)
    rows = source.queryset().order_by("run_number", "lumisection_number")
    expected = [f"{r.run_number}_{r.lumisection_number}" for r in rows]
    assert expected and expected == [o["id"] for o in follow(api, source.path + "&sort=run_number,lumisection_number")]
    assert len(expected) < Lumisection.objects.count()
