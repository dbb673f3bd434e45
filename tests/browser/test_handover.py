"""A shift handed over in a real browser: the notes survive a reload, a sidebar link and a
drill-down; ◀ ▶ shows each shift's own draft; Hand over stores it; the list links the stored PDF,
whose page 1 holds the name, the notes (literal) and the totals."""
import io
import re

import pytest
from pypdf import PdfReader

from apps.handovers.models import Handover
from tests.browser.helpers import open_settled
from tests.jsonapi import ValidatingClient, get

pytestmark = pytest.mark.django_db(databases=["default", "handovers"])

SHIFT = "2018-10-09/evening"  # handed over by this module only
NEXT = "2018-10-09/night"
NOTE = 'HV of BPix_BpO ramped by hand at 10:40 <script>alert("x")</script> <img src=x onerror=alert(1)> see file:///etc/passwd'


@pytest.fixture
def page(server, new_page):
    page = new_page()
    yield page
    assert page.console_errors == []


def notes(page):
    return page.locator(".portlet-notes textarea")


def test_a_shifter_hands_a_shift_over_and_the_notes_are_never_lost(server, page, settings, tmp_path):
    settings.PDF_TIME_LIMIT = 120  # the first PDF starts kaleido's Chromium, on a machine busy with the tests
    url = f"{server}/pages/shift_report?shift={SHIFT}"
    open_settled(page, url)
    notes(page).fill(NOTE)
    page.reload()
    page.wait_for_function("() => document.querySelector('.portlet-notes')?.dataset.state === 'ready'")
    assert notes(page).input_value() == NOTE  # a reload keeps the draft

    page.get_by_title("Next shift").click()  # ◀ ▶: the next shift has its own (empty) draft
    page.wait_for_url(f"{server}/pages/shift_report?shift={NEXT.replace('/', '%2F')}")
    page.wait_for_function("() => document.querySelector('.context').textContent.startsWith('Night shift 2018-10-09')")
    assert notes(page).input_value() == ""
    notes(page).fill("Evening: nothing to report.")
    page.get_by_title("Previous shift").click()
    page.wait_for_function(f"() => document.querySelector('.portlet-notes textarea').value === {NOTE!r}")

    page.locator('#nav a[data-page="lumi_deadtime"]').click()  # a sidebar link, and back
    page.wait_for_url(re.compile(r".*/pages/lumi_deadtime.*"))
    page.go_back()
    page.wait_for_function(f"() => document.querySelector('.portlet-notes textarea')?.value === {NOTE!r}")
    row = page.locator('.portlet[data-title="Masking changes by module"] tbody tr').first  # a drill-down, and back
    row.wait_for()
    row.locator("td").first.click()
    page.wait_for_url(re.compile(r".*/pages/roc_history.*"))
    page.go_back()
    page.wait_for_function(f"() => document.querySelector('.portlet-notes textarea')?.value === {NOTE!r}")

    page.get_by_label("Shifter", exact=True).fill("Rosalind Franklin")
    page.get_by_role("button", name="Hand over").click()
    page.wait_for_function("() => !document.querySelector('.handed-over').hidden", timeout=120_000)
    handover = Handover.objects.get(shift=SHIFT)
    latest = page.locator(".handed-over").text_content()
    assert latest == f"Handed over by Rosalind Franklin at {handover.created_time:%Y-%m-%d %H:%M} UTC (version 1)"
    assert page.locator("ul.handovers li").count() == 1
    assert notes(page).input_value() == ""  # handed over: the draft is cleared
    page.screenshot(path="/tmp/handover-page.png", full_page=False)
    page.locator(".portlet-notes").screenshot(path="/tmp/handover-portlet.png")
    page.reload()
    page.wait_for_function("() => !document.querySelector('.handed-over').hidden")
    assert notes(page).input_value() == ""
    assert page.evaluate("() => Object.keys(localStorage).filter(k => k.startsWith('pixelws.notes:'))") == [
        "pixelws.notes:shift_report/13?shift=2018-10-09%2Fnight"]  # the other shift's draft only

    # The list's link opens the stored PDF: page 1 holds the name, the notes as typed and the totals.
    href = page.locator("ul.handovers li a").get_attribute("href")
    assert href == f"{server}/handovers/{handover.handover_id}.pdf"
    response = page.request.get(href)
    assert response.status == 200 and response.body() == bytes(handover.pdf)
    page1 = PdfReader(io.BytesIO(response.body())).pages[0].extract_text()
    squeezed = re.sub(r"\s+", "", page1)
    assert "HandedoverbyRosalindFranklin" in squeezed and re.sub(r"\s+", "", NOTE) in squeezed
    totals = get(ValidatingClient(), f"/api/v1/plots/shift_totals?shift={SHIFT}&fields[plots]=table")["data"]["attributes"]["table"]["rows"][0]
    assert f"{totals['delivered']:.3f}" in page1 and f"{totals['recorded']:.3f}" in page1

    # The notes shown back in the page are text, never markup.
    assert page.locator("ul.handovers script, ul.handovers img, .handed-over *").count() == 0


def test_leaving_with_notes_not_handed_over_asks_first(server, page):
    open_settled(page, f"{server}/pages/shift_report?shift=2018-10-12/night")
    notes(page).fill("Unfinished.")
    asked = []
    page.on("dialog", lambda dialog: (asked.append(dialog.type), dialog.dismiss()))
    page.close(run_before_unload=True)  # as closing the tab does: the page is asked first
    page.wait_for_timeout(1000)
    assert asked == ["beforeunload"] and not page.is_closed()  # the shifter chose to stay
    assert notes(page).input_value() == "Unfinished."


def test_an_empty_name_is_said_on_the_page(server, page):
    open_settled(page, f"{server}/pages/shift_report?shift=2018-10-12/evening")
    page.get_by_role("button", name="Hand over").click()  # the box is required: the browser asks for it
    assert page.get_by_label("Shifter", exact=True).evaluate("i => i.validity.valueMissing") is True
    page.get_by_label("Shifter", exact=True).fill("   ")
    page.get_by_role("button", name="Hand over").click()
    page.wait_for_function("() => document.querySelector('.handover-status').textContent.startsWith('Not handed over')")
    assert "(shifter)" in page.locator(".handover-status").text_content()
    assert not Handover.objects.filter(shift="2018-10-12/evening").exists()
    assert page.console_errors == ["Failed to load resource: the server responded with a status of 422 (Unprocessable Entity)"]
    page.console_errors.clear()  # the refusal the browser logs is this test's point
