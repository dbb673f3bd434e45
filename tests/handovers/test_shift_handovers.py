"""A shift's handovers as the Shift report's panel shows them (GET /api/workspace/shift_handovers?shift=…):
newest first, each with its time written by the server as the page writes every time, and its
PDF's URL; a bad or missing shift refused naming it."""
from datetime import datetime, timezone

import pytest

from apps.handovers.models import Handover
from tests.jsonapi import error_of, get

pytestmark = pytest.mark.django_db(databases=["default", "handovers"])

URL = "/api/workspace/shift_handovers"
SHIFT = "2018-10-11/night"  # this module's shift: no other test hands it over


def stored(version, shifter, notes, created):
    return Handover.objects.create(shift=SHIFT, shifter=shifter, notes=notes, created_time=created, version=version,
                                   selection=f"shift={SHIFT}", pixelws_version="test", sha256="0" * 64, pdf_size=1, pdf=b"%")  # fmt: skip


def test_a_shifts_handovers_come_newest_first_with_their_time_in_words(api):
    first = stored(1, "Ada Lovelace", "", datetime(2018, 10, 12, 6, 58, 41, tzinfo=timezone.utc))
    second = stored(2, "Grace Hopper", "<script>x</script>", datetime(2018, 10, 12, 7, 3, 5, tzinfo=timezone.utc))
    document = get(api, f"{URL}?shift={SHIFT}")
    assert [h["id"] for h in document["data"]] == [str(second.handover_id), str(first.handover_id)]
    assert document["data"][0]["attributes"] == {"shift": SHIFT, "shifter": "Grace Hopper", "notes": "<script>x</script>",
                                                 "version": 2, "time_text": "2018-10-12 07:03 UTC"}  # fmt: skip
    assert document["data"][1]["attributes"]["time_text"] == "2018-10-12 06:58 UTC"
    assert document["data"][1]["relationships"]["pdf"]["links"]["related"] == f"http://testserver/handovers/{first.handover_id}.pdf"
    assert api.get(document["data"][1]["relationships"]["pdf"]["links"]["related"]).content == b"%"
    assert get(api, f"{URL}?shift=2018-10-01/morning")["data"] == []  # before the demo week: no test hands it over


@pytest.mark.parametrize("query, parameter", [("", "shift"), ("?shift=yesterday", "shift"), ("?shift=2018-10-11/night&run=1", "run")])
def test_a_bad_query_is_refused_naming_its_parameter(api, query, parameter):
    assert error_of(api, f"{URL}{query}")["source"]["parameter"] == parameter
