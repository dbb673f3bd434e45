"""The events timeline in a real browser: the Shift report of the LV trip's shift opens with it,
the trip's link opens Power at that shift, and the source / severity filters narrow the list.
Expected values come from the source tables (the ORM), never from the page."""
import re

import pytest

from apps.demo_source.dcs_generator import LV_TRIP
from apps.events.models import Event
from pixelws.shifts import Shift
from tests.browser.helpers import open_settled, portlet

TRIP_SHIFT = "2018-10-09/night"


@pytest.fixture
def page(server, new_page):
    page = new_page()
    yield page
    assert page.console_errors == []


def shown(page, title):
    """(severity, source, subject) of each event line a timeline portlet shows."""
    return portlet(page, title).locator("ol.timeline li").evaluate_all(
        "ls => ls.map(l => [l.className.replace('severity-', ''), l.dataset.source, l.querySelector('a').textContent])")


def test_the_shift_report_opens_with_the_lv_trip_and_its_link_opens_power_at_that_shift(server, page):
    shift = Shift.parse(TRIP_SHIFT)
    assert Shift.at(LV_TRIP[1]) == shift
    open_settled(page, f"{server}/pages/shift_report?shift={TRIP_SHIFT}")
    # The timeline is the report's first portlet.
    assert page.locator(".portlet").first.get_attribute("data-title") == "What happened"
    events = Event.objects.filter(start_time__gte=shift.start, start_time__lt=shift.end)
    lines = shown(page, "What happened")
    assert len(lines) == events.count()
    assert ("alarm", "power", "BPix_BpO_SEC6") in lines
    trip = portlet(page, "What happened").locator("li[data-source=power] a", has_text="BPix_BpO_SEC6")
    assert trip.get_attribute("href") == f"/pages/power?shift={TRIP_SHIFT}"
    trip.click()
    page.wait_for_url(re.compile(r"/pages/power\?shift=2018-10-09/night$"))
    page.wait_for_function("() => document.querySelector('.portlet[data-title=\"Power and DCS events\"]')?.dataset.state === 'ready'")
    assert ("alarm", "power", "BPix_BpO_SEC6") in shown(page, "Power and DCS events")
    assert {source for _, source, _ in shown(page, "Power and DCS events")} <= {"power", "dcs"}


def test_filters_on_source_and_severity(server, page):
    open_settled(page, f"{server}/pages/events?shift={TRIP_SHIFT}")
    shift = Shift.parse(TRIP_SHIFT)
    events = Event.objects.filter(start_time__gte=shift.start, start_time__lt=shift.end)
    timeline = portlet(page, "What happened")
    timeline.locator("input[name=source][value=masking]").uncheck()
    assert len(shown(page, "What happened")) == events.exclude(source="masking").count()
    timeline.locator("select[name=severity]").select_option("alarm")
    assert sorted(shown(page, "What happened")) == sorted(
        ("alarm", e.source, e.subject) for e in events.filter(severity="alarm").exclude(source="masking"))  # fmt: skip
    assert len(shown(page, "What happened")) == 2
