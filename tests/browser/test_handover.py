"""A shift handed over in a real browser: the notes survive a reload, a sidebar link and a
drill-down; ◀ ▶ shows each shift's own draft; Hand over stores it; the list links the stored PDF,
whose page 1 (read by poppler's pdftotext) holds the name, the notes (literal) and the totals.
With SSO on, the page names the signed-in person and hands over under that name."""
import re
import subprocess

import pytest

from apps.handovers.models import Handover
from tests.browser.helpers import LAPTOP, open_settled
from tests.jsonapi import ValidatingClient, get

pytestmark = [pytest.mark.django_db(databases=["default", "handovers"]), pytest.mark.long]

SHIFT = "2018-10-09/evening"  # handed over by this module only
NEXT = "2018-10-09/night"
NOTE = 'HV of BPix_BpO ramped by hand at 10:40 <script>alert("x")</script> <img src=x onerror=alert(1)> see file:///etc/passwd'
SHIFTER = "Rosalind <b>Franklin</b> <img src=x onerror=alert(2)>"  # markup in a name stays text too


def page_1_text(pdf):
    """Page 1 of the PDF as poppler's pdftotext reads it, rows kept as laid out."""
    run = subprocess.run(["pdftotext", "-layout", "-f", "1", "-l", "1", "-", "-"], input=pdf, capture_output=True, check=True)
    return run.stdout.decode()


def handed_over_by(page1):
    return re.search(r"^\s*Handed over by {2,}(.+?)\s*$", page1, re.MULTILINE).group(1)


def notes_on(page1):
    """The notes section of page 1, white space squeezed out (the PDF wraps long lines)."""
    return re.sub(r"\s+", "", page1.split("Shifter's notes", 1)[1].split("Needs attention", 1)[0])


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

    page.get_by_label("Shifter", exact=True).fill(SHIFTER)
    page.get_by_role("button", name="Hand over").click()
    page.wait_for_function("() => !document.querySelector('.handed-over').hidden", timeout=120_000)
    handover = Handover.objects.get(shift=SHIFT)
    assert (handover.shifter, handover.notes, handover.version) == (SHIFTER, NOTE, 1)
    latest = " ".join(page.locator(".handed-over").text_content().split())
    assert latest.startswith(f"Handed over by {' '.join(SHIFTER.split())} at {handover.created_time:%Y-%m-%d %H:%M} UTC (version 1) · PDF ↗")
    # What was handed over stays in sight once the draft is cleared: its notes, as typed, and its PDF.
    assert page.locator(".handed-over-notes").text_content() == f"Notes: {NOTE}"
    assert page.locator(".handed-over a").get_attribute("href") == f"{server}/handovers/{handover.handover_id}.pdf"
    assert page.locator("ul.handovers li").count() == 1
    assert page.locator("ul.handovers li").text_content().startswith(f"Version 1 · {SHIFTER} · ")
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
    page1 = page_1_text(response.body())
    assert handed_over_by(page1) == SHIFTER and notes_on(page1) == re.sub(r"\s+", "", NOTE)  # literal, as typed
    totals = get(ValidatingClient(), f"/api/v1/plots/shift_totals?shift={SHIFT}&fields[plots]=table")["data"]["attributes"]["table"]["rows"][0]
    for name, units in (("delivered", "pb⁻¹"), ("recorded", "pb⁻¹"), ("efficiency", "%"), ("deadtime", "%")):
        assert f"{totals[name]:.3f} {units}" in page1, name

    # The name and the notes shown back in the page are text, never markup.
    assert page.locator("ul.handovers script, ul.handovers img, ul.handovers b, .handed-over :not(a, .handed-over-notes)").count() == 0


def test_leaving_with_notes_not_handed_over_asks_first(server, page):
    open_settled(page, f"{server}/pages/shift_report?shift=2018-10-12/night")
    notes(page).fill("Unfinished.")
    asked = []
    page.on("dialog", lambda dialog: (asked.append(dialog.type), dialog.dismiss()))
    with page.expect_event("dialog"):  # the page asks before it goes (the handler above answers: stay)
        page.close(run_before_unload=True)  # as closing the tab does
    assert asked == ["beforeunload"] and not page.is_closed()  # the shifter chose to stay
    assert notes(page).input_value() == "Unfinished."


@pytest.fixture
def evening_of_the_12th(loaded_once):
    """The report of a shift no test hands over, on a laptop, loaded once: for the test that reads
    its first screen, then the one that is refused an empty name (after it: it changes the page)."""
    return loaded_once("/pages/shift_report?shift=2018-10-12/evening", viewport=LAPTOP)


def test_the_notes_and_the_hand_over_button_are_on_the_first_screen(evening_of_the_12th):
    page = evening_of_the_12th
    assert page.evaluate("() => window.scrollY") == 0
    for element in (notes(page), page.get_by_role("button", name="Hand over"), page.get_by_label("Shifter", exact=True)):
        box = element.bounding_box()
        assert 0 <= box["y"] and box["y"] + box["height"] <= 900, box  # seen without scrolling
    # Above the report itself: every other portlet starts below the notes.
    tops = page.evaluate("""() => [...document.querySelectorAll('.portlet')].map(p => [p.dataset.title, p.getBoundingClientRect().top])""")
    notes_top = dict(tops)["Shifter's notes"]
    assert len(tops) > 20 and [title for title, top in tops if top <= notes_top] == ["Shifter's notes"]


def test_an_empty_name_is_said_on_the_page(evening_of_the_12th):
    page = evening_of_the_12th
    page.get_by_role("button", name="Hand over").click()  # the box is required: the browser asks for it
    assert page.get_by_label("Shifter", exact=True).evaluate("i => i.validity.valueMissing") is True
    page.get_by_label("Shifter", exact=True).fill("   ")
    page.get_by_role("button", name="Hand over").click()
    page.wait_for_function("() => document.querySelector('.handover-status').textContent.startsWith('Not handed over')")
    assert "(shifter)" in page.locator(".handover-status").text_content()
    assert not Handover.objects.filter(shift="2018-10-12/evening").exists()
    assert page.console_errors == ["Failed to load resource: the server responded with a status of 422 (Unprocessable Entity)"]
    page.console_errors.clear()  # the refusal the browser logs is this test's point


def test_with_sso_on_the_page_names_the_signed_in_person_and_hands_over_under_it(server, page, issuer, settings):
    settings.PDF_TIME_LIMIT = 120
    shift = "2018-10-11/morning"
    token = issuer.token("k1", name="Marie Curie", preferred_username="mcurie", cern_roles=["pixel-shifter"])
    page.set_extra_http_headers({"Authorization": f"Bearer {token}"})  # every request of the page carries it
    open_settled(page, f"{server}/pages/shift_report?shift={shift}")
    assert page.locator("#person").text_content() == "Signed in as Marie Curie · Log out"
    form = page.locator(".handover-form")
    assert form.locator("input").count() == 0  # nothing to type a name in
    assert form.locator(".shifter").text_content() == "Shifter Marie Curie"
    notes(page).fill("Quiet shift.")
    page.get_by_role("button", name="Hand over").click()
    page.wait_for_function("() => !document.querySelector('.handed-over').hidden", timeout=120_000)
    handover = Handover.objects.get(shift=shift)
    assert (handover.shifter, handover.notes, handover.version) == ("Marie Curie", "Quiet shift.", 1)
    latest = " ".join(page.locator(".handed-over").text_content().split())
    assert latest == f"Handed over by Marie Curie at {handover.created_time:%Y-%m-%d %H:%M} UTC (version 1) · PDF ↗ Notes: Quiet shift."
    assert handed_over_by(page_1_text(bytes(handover.pdf))) == "Marie Curie"


def test_with_sso_on_a_token_that_names_no_one_hands_over_under_its_subject(server, page, issuer, settings):
    # A service account's token may carry neither name nor preferred_username: the page shows and
    # the handover stores its subject, as the server does, and never offers a box to type in.
    settings.PDF_TIME_LIMIT = 120
    shift = "2018-10-11/evening"
    page.set_extra_http_headers({"Authorization": f"Bearer {issuer.token('k1', sub='pixel-robot', groups=['pixel-shifter'])}"})
    open_settled(page, f"{server}/pages/shift_report?shift={shift}")
    assert page.locator("#person").text_content() == "Signed in as pixel-robot · Log out"
    form = page.locator(".handover-form")
    assert form.locator("input").count() == 0
    assert form.locator(".shifter").text_content() == "Shifter pixel-robot"
    notes(page).fill("Handed over by the robot.")
    page.get_by_role("button", name="Hand over").click()
    page.wait_for_function("() => !document.querySelector('.handed-over').hidden", timeout=120_000)
    assert Handover.objects.get(shift=shift).shifter == "pixel-robot"
