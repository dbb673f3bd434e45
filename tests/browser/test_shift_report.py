"""The Shift report in a real browser: a shifter opens a shift, steps to the next, types a note,
clicks PDF and gets the download; the numbers come from the API's rows, not from the page."""
import io

import pytest
from django.db.models import Sum
from pypdf import PdfReader

from apps.oms.models import Lumisection
from pixelws.shifts import Shift
from tests.browser.helpers import open_settled, portlet, table_rows

pytestmark = pytest.mark.long

SHIFT = "2018-10-09/evening"


def in_shift(shift):
    window = Shift.parse(shift)
    return Lumisection.objects.filter(start_time__gte=window.start, start_time__lt=window.end)


@pytest.fixture
def evening(loaded_once):
    """The evening shift's report, loaded once: for the test that types a note and downloads the
    PDF, then the one that reads the shift (a note typed changes nothing it reads) and steps to
    the next."""
    return loaded_once(f"/pages/shift_report?shift={SHIFT}")


def test_a_note_travels_into_the_pdf(evening, settings):
    settings.PDF_TIME_LIMIT = 120  # the first PDF starts kaleido's Chromium, on a machine busy with the tests
    page = evening
    note = "FPix D-3 ring 1 channel masked at 16:50 <script>alert(1)</script>, called the DAQ expert."
    page.locator(".portlet-notes textarea").fill(note)
    with page.expect_download(timeout=120_000) as download:
        page.get_by_role("button", name="PDF").click()
    assert download.value.suggested_filename == "pixel-shift_report-2018-10-09-evening.pdf"
    reader = PdfReader(io.BytesIO(open(download.value.path(), "rb").read()))
    text = "".join(p.extract_text() for p in reader.pages)
    assert "".join(note.split()) in "".join(text.split())
    assert "324243" in text and "324245" in text
    assert page.locator(".portlet-notes textarea").input_value() == note  # still there


def test_a_shifter_reads_the_evening_shift_and_steps_to_the_next(server, evening):
    page = evening
    assert "Evening shift 2018-10-09, 15:00–23:00 CEST (13:00–21:00 UTC)" in page.locator(".context").text_content()
    rows = {r[0]: r for r in table_rows(page, "Runs of the shift")}
    assert list(rows) == ["324243", "324245"]
    for run, row in rows.items():
        delivered = in_shift(SHIFT).filter(run_number=int(run)).aggregate(s=Sum("delivered_lumi"))["s"] / 1e6
        assert row[7] == f"{delivered:.3f}"
        assert row[4] == str(in_shift(SHIFT).filter(run_number=int(run)).count())
    changes = table_rows(page, "Masking changes by module")
    assert changes and {c[3] for c in changes} <= {"newly masked", "recovered"}
    assert portlet(page, "BPix layer 1 at the shift's end").get_attribute("data-state") == "ready"

    page.get_by_title("Next shift").click()
    page.wait_for_url(f"{server}/pages/shift_report?shift=2018-10-09%2Fnight")
    page.wait_for_function("() => document.querySelector('.context').textContent.startsWith('Night shift 2018-10-09')")
    page.wait_for_function("""() => [...document.querySelectorAll('.portlet')].every(p => p.dataset.state !== 'loading')""")
    runs = sorted(set(in_shift("2018-10-09/night").values_list("run_number", flat=True)))
    assert [r[0] for r in table_rows(page, "Runs of the shift")] == [str(r) for r in runs]


def test_a_bad_shift_is_a_clear_message(server, page):
    open_settled(page, f"{server}/pages/shift_report?shift=2018-10-09/teatime")
    page.wait_for_function("() => document.querySelector('.context').classList.contains('problem')")
    said = page.locator(".context").text_content()
    assert "'2018-10-09/teatime' is not a shift" in said and said.endswith("(shift)")  # the server's words, naming it
    # The browser logs each refused request (the selection's, and the portlets' asked at once with it).
    assert page.console_errors and all("status of 400" in error for error in page.console_errors)
    page.console_errors.clear()
