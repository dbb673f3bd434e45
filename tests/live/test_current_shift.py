"""The Shift report of the shift going on: it shows the run as it grows, and its PDF and a
handover, made mid-shift, state that the shift is still going on."""
import io
import json
import re

import pytest
from django.test import override_settings
from pypdf import PdfReader

from pixelws.shifts import Shift
from tests.jsonapi import get
from tests.live.growing import LUMISECTION, Growing, now

pytestmark = pytest.mark.django_db(databases=["default", "handovers"])
GOING_ON = re.compile(r"still going on, as of \d\d:\d\d UTC")


def squeezed(pdf):
    return re.sub(r"\s+", " ", PdfReader(io.BytesIO(pdf)).pages[0].extract_text())


@pytest.fixture
def current_shift():
    """A run going on whose one lumisection starts now: the shift going on is the newest."""
    growing = Growing.on_django()
    run = growing.start_run(lumisections=1, at=now() + LUMISECTION)
    return growing, run, Shift.at(now()).id


def test_the_shift_report_opens_on_the_shift_going_on_and_grows_with_it(api, current_shift):
    growing, run, shift = current_shift
    selection = get(api, "/api/workspace/selection?page=shift_report")["data"]["attributes"]
    assert selection["state"] == {"shift": shift} and selection["defaults"] == ["shift"]
    assert GOING_ON.search(selection["summary"]) and f"runs {run}" in selection["summary"]
    assert selection["variables"]["shift_end_run"] == run and selection["variables"]["shift_end_ls"] == 1
    growing.add_lumisection()
    grown = get(api, f"/api/workspace/selection?page=shift_report&shift={shift}")["data"]["attributes"]
    assert grown["variables"]["shift_end_ls"] == 2
    # A past shift is not going on.
    past = get(api, "/api/workspace/selection?page=shift_report&shift=2018-10-10/morning")["data"]["attributes"]
    assert not GOING_ON.search(past["summary"])


def test_the_pdf_and_a_handover_made_mid_shift_say_the_shift_is_still_going_on(api, current_shift):
    _, run, shift = current_shift
    with override_settings(PDF_TIME_LIMIT=120):  # the first PDF starts kaleido's Chromium
        pdf = api.get(f"/pages/shift_report.pdf?shift={shift}")
        assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
        page1 = squeezed(pdf.content)
        assert GOING_ON.search(page1) and str(run) in page1
        body = {"data": {"type": "handovers", "attributes": {"shift": shift, "shifter": "Ada Lovelace", "notes": "Mid-shift."}}}
        handover = api.post("/api/workspace/handovers", json.dumps(body), content_type="application/vnd.api+json")
    assert handover.status_code == 201, handover.content[:500]
    stored = api.get(f"/handovers/{handover.document['data']['id']}.pdf")
    assert stored.status_code == 200 and GOING_ON.search(squeezed(stored.content))
