"""The Shift report on a phone (390×844): what the page file puts first comes first (the notes
with Hand over on the first screen, then what happened, the LV trip's alarm within three
screens). Every page on a phone and on a laptop: tests/browser/test_readable.py."""
import pytest

from apps.demo_source.dcs_generator import LV_TRIP
from tests.browser.helpers import PHONE, open_settled, portlet

TRIP_SHIFT = "2018-10-09/night"


@pytest.mark.parametrize("page", [{"viewport": PHONE}], indirect=True, ids=["phone"])
def test_the_shift_report_opens_on_the_notes_then_what_happened(server, page):
    open_settled(page, f"{server}/pages/shift_report?shift={TRIP_SHIFT}")
    order = page.locator(".portlet").evaluate_all(
        "ps => ps.map(p => [p.dataset.title, p.getBoundingClientRect().top]).sort((a, b) => a[1] - b[1]).map(p => p[0])")
    assert order[:3] == ["Shifter's notes", "What happened", "Runs of the shift"]
    notes = portlet(page, "Shifter's notes")
    for part in (notes.locator("textarea"), notes.get_by_role("button", name="Hand over")):
        assert part.bounding_box()["y"] + part.bounding_box()["height"] <= PHONE["height"]  # on the first screen
    channel = LV_TRIP[0]  # the LV trip's alarm, within the first three screens
    trip = portlet(page, "What happened").locator("li.severity-alarm", has_text=channel.removesuffix("_LV_DIGITAL")).first
    assert trip.bounding_box()["y"] < 3 * PHONE["height"]
