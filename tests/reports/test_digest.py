"""Page 1 of the Shift report's PDF and of a stored handover's, on the night of the LV trip of
BPix_BpO_SEC6 (02:41–03:05 UTC): the trip, its duration, the out-of-limit interval, the routine
warnings counted, the key numbers and the runs; and no name of that night's events broken
inside a word anywhere in either PDF, nor outside its page (test_pdf_fits.py's check). Read with
poppler's pdftotext, as a person would copy it. Expected values come from the events view's and the API's rows, never from the PDF's code."""
import json
import re
import subprocess

import pytest
from django.db.models import Q
from django.test import override_settings

from apps.demo_source.dcs_generator import LV_TRIP
from apps.events.models import Event
from pixelws.shifts import Shift
from tests.jsonapi import ValidatingClient, get
from tests.reports.pdftext import require_pdftotext, words_outside
from tests.reports.test_pdf import NOTES

pytestmark = pytest.mark.long

NIGHT = "2018-10-09/night"
NOTES_TEXT = "LV of BPix_BpO_SEC6_LV_DIGITAL tripped at 04:41 local; recovered by the DCS shifter."
ZERO_WIDTH = "\u200b"


def pages_text(pdf, tmp_path):
    """Each page's text as pdftotext reads it (its reading order), without zero-width spaces."""
    path = tmp_path / "document.pdf"
    path.write_bytes(pdf)
    require_pdftotext()  # fails clearly when poppler is missing
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return [page.replace(ZERO_WIDTH, "") for page in text.split("\f")]


@pytest.fixture(scope="module")
def night_pdf_files(django_db_blocker):
    """{name: PDF} of the night's Shift report PDF (with notes) and of a handover of it."""
    from django.test import Client

    with django_db_blocker.unblock(), override_settings(PDF_TIME_LIMIT=180):
        report = Client().post(f"/pages/shift_report.pdf?shift={NIGHT}", {NOTES: NOTES_TEXT})
        body = {"data": {"type": "handovers", "attributes": {"shift": NIGHT, "shifter": "Ada Lovelace", "notes": NOTES_TEXT}}}
        posted = ValidatingClient().post("/api/workspace/handovers", json.dumps(body), content_type="application/vnd.api+json")
        assert posted.status_code == 201, posted.content[:500]
        handover = Client().get(f"/handovers/{posted.document['data']['id']}.pdf")
    assert report.status_code == handover.status_code == 200
    return {"report": report.content, "handover": handover.content}


@pytest.fixture(scope="module")
def night_pdfs(night_pdf_files, tmp_path_factory):
    """{name: [page text]} of the night's PDFs."""
    tmp = tmp_path_factory.mktemp("digest")
    return {name: pages_text(pdf, tmp) for name, pdf in night_pdf_files.items()}


def night_events():
    shift = Shift.parse(NIGHT)
    return Event.objects.filter(Q(end_time__gte=shift.start) | Q(end_time__isnull=True, start_time__gte=shift.start),
                                start_time__lt=shift.end)  # fmt: skip


def squeezed(text):
    return re.sub(r"\s+", "", text)


@pytest.mark.django_db(databases=["default", "handovers"])
@pytest.mark.parametrize("name", ["report", "handover"])
def test_page_1_leads_with_the_lv_trip_its_duration_the_routine_counts_and_the_runs(api, night_pdfs, name):
    page1 = night_pdfs[name][0]
    flat = squeezed(page1)
    # The trip: among the first five rows of the events on page 1, with its end and duration.
    trips = Event.objects.filter(severity="alarm", start_time=LV_TRIP[1]).order_by("source")
    assert [(t.source, t.subject) for t in trips] == [("dcs", "BPix_BpO_SEC6_LV_DIGITAL"), ("power", "BPix_BpO_SEC6")]
    attention = page1.index("Needs attention")
    alarms = page1[attention:page1.index("Out-of-limit intervals")]
    assert squeezed(alarms).count("▲ALARM") == 2
    for trip in trips:
        assert squeezed(trip.text) in squeezed(alarms)
    assert squeezed(f"{trip.end_time:%H:%M} (24 min)") in squeezed(alarms) and f"{trip.start_time:%H:%M}" in alarms
    # The interval outside its limits, in the out-of-limit table.
    (interval,) = get(api, f"/api/v1/plots/dcs_out_of_limits?shift={NIGHT}&fields[plots]=table")["data"]["attributes"]["table"]["rows"]
    assert interval["channel"] in flat[flat.index("Out-of-limitintervals"):flat.index("Warnings")]
    # The routine warnings counted: the night's automasking and the DAQ's channel masking.
    starting = night_events().filter(start_time__gte=Shift.parse(NIGHT).start)
    automasked = starting.filter(kind="rocs_automasked")
    rocs = sum(int(e.text.split(" ", 1)[0]) for e in automasked)
    modules = len({e.subject for e in automasked})
    assert (automasked.count(), rocs, modules) == (16, 16, 15)
    assert f"{rocs} ROCs automasked ({modules} modules)" in page1
    masked = starting.filter(kind="channels_masked")
    channels = sum(int(e.text.split(" ", 1)[0]) for e in masked)
    assert f"{channels} FED channels masked by the DAQ ({len({e.subject for e in masked})} FEDs)" in page1
    bursts = starting.filter(severity="warning").exclude(kind__in=["rocs_automasked", "channels_masked"]).count()
    assert f"{bursts} other warnings" in page1
    # The key numbers and the runs.
    runs = get(api, f"/api/v1/plots/shift_runs?shift={NIGHT}&fields[plots]=table")["data"]["attributes"]["table"]["rows"]
    assert [r["run_number"] for r in runs] == [324245]
    listed = page1[page1.index("Runs of the shift"):].split()
    for run in runs:
        shown = [str(run["run_number"]), str(run["fill_number"]), str(run["lumisections"]), f"{run['delivered']:.3f}", f"{run['recorded']:.3f}"]
        at = [listed.index(value) for value in shown]
        assert at == sorted(at), listed  # in the run's row, in its columns' order
    assert "Delivered luminosity" in page1 and "Runs of the shift" in page1
    # The notes, and on a handover its shifter.
    assert squeezed(NOTES_TEXT) in flat
    assert ("Handed over by" in page1 and "Ada Lovelace" in page1) == (name == "handover")
    # The page's portlets follow from page 2: its timeline starts there, alarms first.
    page2 = night_pdfs[name][1]
    rows = page2[page2.index("What happened"):]
    assert squeezed(rows).index("▲ALARM") < squeezed(rows).index("●warning")


@pytest.mark.parametrize("name", ["report", "handover"])
def test_no_name_of_the_nights_events_is_broken_inside_a_word(night_pdfs, name, db):
    """Every module, channel and FED named by the night's events is found whole, its lines
    breaking only after one of its underscores (13 of 33 broke inside a word: "…LDR17F_M / OD2")."""
    names = set()
    for event in night_events():
        names.add(event.subject)
        names.update(re.findall(r"\b(?:BPix|FPix)_\w+", event.text))
    names = sorted(names)
    assert len(names) >= 30
    text = "\n".join(night_pdfs[name])
    found = 0
    for name_ in names:
        # Broken only where a name may break: after an underscore (a FED's number keeps to its word).
        parts = [re.escape(part).replace("\\ ", "[ \u00a0]") for part in re.split(r"(?<=_)", name_)]
        whole = re.compile(r"\s*".join(parts) + r"(?!\w)")
        anywhere = re.compile(r"\s*".join(map(re.escape, name_.replace(" ", ""))) + r"(?!\w)")  # however broken
        shown = len(anywhere.findall(text))
        assert len(whole.findall(text)) == shown, f"{name_} is broken inside a word"
        found += shown > 0
    assert found >= 10  # the names on the report's pages (the masking tables name more)


@pytest.mark.parametrize("name", ["report", "handover"])
def test_every_word_of_the_nights_pdfs_is_inside_its_page(night_pdf_files, name, tmp_path):
    """test_pdf_fits.py's check, on the selection with the widest tables (the LV trip's rows)."""
    words, outside = words_outside(night_pdf_files[name], tmp_path)
    assert words > 30 and outside == []
