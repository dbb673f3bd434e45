"""The events timeline in a real browser: the Shift report of the LV trip's shift opens with it,
the trip's link opens Power at that shift, and the source / severity filters narrow the list.
Expected values come from the source tables (the ORM), never from the page."""
import re
from datetime import datetime, timezone

import pytest
from django.db.models import Q

from apps.demo_source.dcs_generator import LV_TRIP
from apps.events.models import Event
from pixelws.palette import ALARM
from pixelws.shifts import Shift
from tests.browser.helpers import open_settled, portlet

TRIP_SHIFT = "2018-10-09/night"


ROUTINE = ("rocs_automasked", "channels_masked")  # one line per kind, with its count


def going_on(shift):
    """The events going on in the shift: starting in it, or started before and lasting into it."""
    return Event.objects.filter(Q(end_time__gte=shift.start) | Q(end_time__isnull=True, start_time__gte=shift.start),
                                start_time__lt=shift.end)  # fmt: skip


def timeline_events(shift):
    """What a timeline shows by default: the events starting in the shift, and the alarms going on from before."""
    return going_on(shift).filter(Q(start_time__gte=shift.start) | Q(severity="alarm"))


def lines_of(events):
    """How many lines a timeline shows for ``events``: one per event, but one per routine kind."""
    return events.exclude(kind__in=ROUTINE).count() + len({e.kind for e in events.filter(kind__in=ROUTINE)})


def shown(page, title):
    """(severity, source, subject) of each line a timeline portlet shows (a routine kind's: its count)."""
    return [tuple(line) for line in portlet(page, title).locator("ol.timeline > li:not([hidden])").evaluate_all(
        "ls => ls.map(l => [l.classList[0].replace('severity-', ''), l.dataset.source, l.querySelector('a, .subject').textContent])")]


def test_the_shift_report_opens_with_the_lv_trip_and_its_link_opens_power_at_that_shift(server, page):
    shift = Shift.parse(TRIP_SHIFT)
    assert Shift.at(LV_TRIP[1]) == shift
    open_settled(page, f"{server}/pages/shift_report?shift={TRIP_SHIFT}")
    # The timeline is the report's first section: above every other portlet but the shifter's
    # notes (with the Hand over button, docs/handovers.md).
    top = page.evaluate("() => [...document.querySelectorAll('.portlet')].map(p => [p.getBoundingClientRect().top, p.dataset.title])"
                        ".sort((a, b) => a[0] - b[0]).slice(0, 2).map(p => p[1])")  # fmt: skip
    assert top == ["Shifter's notes", "What happened"]
    events = timeline_events(shift)
    lines = shown(page, "What happened")
    assert len(lines) == lines_of(events) == 7  # of 37 events going on
    assert ("alarm", "power", "BPix_BpO_SEC6") in lines[:5]
    trip = portlet(page, "What happened").locator("li[data-source=power] a", has_text="BPix_BpO_SEC6")
    assert trip.get_attribute("href") == f"/pages/power?shift={TRIP_SHIFT}"
    trip.click()
    page.wait_for_url(re.compile(r"/pages/power\?shift=2018-10-09/night$"))
    page.wait_for_function("() => document.querySelector('.portlet[data-title=\"Power and DCS events\"]')?.dataset.state === 'ready'")
    assert ("alarm", "power", "BPix_BpO_SEC6") in shown(page, "Power and DCS events")
    assert {source for _, source, _ in shown(page, "Power and DCS events")} <= {"power", "dcs"}


@pytest.fixture
def night_events(loaded_once):
    """The Events page of the LV trip's night, loaded once: for the test that reads its lines and
    opens a group, then the one that filters them (which redraws the list)."""
    return loaded_once(f"/pages/events?shift={TRIP_SHIFT}")


def test_alarms_lead_marked_in_words_and_routine_kinds_are_counted_and_open(night_events):
    """The night of the LV trip, on the Events page: the trip is among the first five lines, an
    alarm says so in a word and a symbol, every time says UTC, and the night's automasking is one
    line with its count that opens to list each module."""
    page, shift = night_events, Shift.parse(TRIP_SHIFT)
    lines = shown(page, "What happened")
    assert lines[:2] == [("alarm", "dcs", "BPix_BpO_SEC6_LV_DIGITAL"), ("alarm", "power", "BPix_BpO_SEC6")]
    timeline = portlet(page, "What happened")
    first = timeline.locator("ol.timeline > li").first
    assert first.locator(".severity").text_content() == "▲\u00a0ALARM"
    assert first.locator("time").text_content() == "2018-10-10 02:41 UTC"
    assert first.locator(".ends").text_content() == "until 2018-10-10 03:05 UTC (24 min)"
    automasked = timeline_events(shift).filter(kind="rocs_automasked")
    group = timeline.locator("ol.timeline > li.group[data-source=masking]")
    assert group.locator("summary .subject").text_content() == f"{len({e.subject for e in automasked})} modules"
    members = group.locator("details > ol > li")
    assert members.count() == automasked.count() == 16 and not members.first.is_visible()
    group.locator("summary").click()
    members.first.wait_for()
    assert sorted(members.locator("a").all_text_contents()) == sorted(e.subject for e in automasked)
    assert all(t.endswith(" UTC") for t in timeline.locator("time").all_text_contents())


def test_filters_on_source_and_severity(night_events):
    page = night_events
    shift = Shift.parse(TRIP_SHIFT)
    events = timeline_events(shift)
    timeline = portlet(page, "What happened")
    timeline.locator("input[name=source][value=masking]").uncheck()
    assert len(shown(page, "What happened")) == lines_of(events.exclude(source="masking"))
    timeline.locator("select[name=severity]").select_option("alarm")
    assert sorted(shown(page, "What happened")) == sorted(
        ("alarm", e.source, e.subject) for e in events.filter(severity="alarm").exclude(source="masking"))  # fmt: skip
    assert len(shown(page, "What happened")) == 2


def test_a_time_plots_markers_sit_at_the_events_times(server, page):
    """Power's LV currents over the trip's shift: a band over each of Power's alarms (the trip and
    the digital current beyond its alarm limit), no other source's events, all under one legend
    entry that hides them."""
    shift = Shift.parse(TRIP_SHIFT)
    open_settled(page, f"{server}/pages/power?shift={TRIP_SHIFT}")
    plot = portlet(page, "LV currents").locator(".plot")
    drawn = plot.evaluate("g => g.data.filter(t => t.legendgroup === 'Events').map(t => ({colour: t.line.color, x: t.x, legend: t.showlegend}))")
    assert [t["legend"] for t in drawn] == [True] + [False] * (len(drawn) - 1)

    def iso(moment):
        return moment.isoformat().replace("+00:00", "Z")

    events = going_on(shift).filter(page="power")  # the Power page's events (apps/events/markers.py)
    assert {e.source for e in events} == {"power", "dcs"} and {e.severity for e in events} == {"alarm"}
    by_colour = {t["colour"]: t["x"] for t in drawn}
    assert set(by_colour) == {ALARM}
    trip = events.get(source="power")
    assert (trip.start_time, trip.end_time) == (LV_TRIP[1], datetime(2018, 10, 10, 3, 5, tzinfo=timezone.utc))
    assert sorted(set(x for x in by_colour[ALARM] if x is not None)) == sorted(
        {iso(t) for e in events for t in (e.start_time, e.end_time)})  # fmt: skip
    # The legend entry hides every marker.
    toggle = plot.locator("g.traces", has=page.locator("text.legendtext", has_text="Events")).locator("rect.legendtoggle")
    toggle.dispatch_event("mousedown", {"button": 0, "buttons": 1})
    toggle.dispatch_event("mouseup", {"button": 0})
    # plotly's single click waits out a double click before it hides them: wait until it has.
    hidden = "g => g.data.filter(t => t.legendgroup === 'Events').every(t => t.visible === 'legendonly')"
    page.wait_for_function(hidden, arg=plot.element_handle())
    assert set(plot.evaluate("g => g.data.filter(t => t.legendgroup === 'Events').map(t => t.visible)")) == {"legendonly"}
