"""Events as markers on time plots: where they sit (apps/events/markers.py), which events each
plot marks (its own sources, MARKED), and how the plot object draws them (pixelws.plots.to_plotly).
Expected times come from the source tables (tests/events/test_events.py's oracle), not the view."""
from datetime import datetime, timedelta, timezone

import pytest

from apps.demo_source import dcs_generator
from apps.demo_source.daq_generator import STORM_LS, STORM_RUN
from apps.demo_source.models import DcsChannel, DcsLvReading, OmsLumisection, OmsRun, PxlFedChannelState
from apps.events.markers import MARKED, lumisection_markers, time_markers
from apps.events.models import Event
from pixelws.plots import MARKERS, SEVERITY_COLOURS, Axis, Marker, Plot, Series, to_plotly
from pixelws.probes import registry
from tests.events.test_events import out_of_limit_intervals
from tests.jsonapi import get

UTC = timezone.utc
ALARM, WARNING, INFO = (SEVERITY_COLOURS[s] for s in ("alarm", "warning", "info"))


def test_markers_are_lines_and_bands_under_one_legend_entry():
    t0, t1, t2 = (datetime(2018, 10, 10, h, tzinfo=UTC) for h in (1, 2, 3))
    plot = Plot("p", Axis("Time", type="date"), Axis("y"), [Series("s", "line", [t0, t2], [1, 2])],
                markers=[Marker(t0, None, "#4c78a8", "run"), Marker(t1, t2, "#d62728", "trip"), Marker(t2, None, "#4c78a8", "end")])
    figure = to_plotly(plot)
    info, alarm = figure["data"][1:]
    assert info["x"] == [t0, t0, None, t2, t2, None] and info["y"] == [0, 1, None, 0, 1, None]
    assert alarm["x"] == [t1, t1, t2, t2, t1, None] and alarm["y"] == [0, 1, 1, 0, 0, None]
    assert alarm["text"] == ["trip"] * 5 + [None]
    assert [(t["name"], t["legendgroup"], t["showlegend"], t["yaxis"]) for t in (info, alarm)] == [
        (MARKERS, MARKERS, True, "y2"), (MARKERS, MARKERS, False, "y2")]
    assert figure["layout"]["yaxis2"] == {"overlaying": "y", "range": [0, 1], "visible": False, "fixedrange": True}


def test_a_plot_without_markers_is_unchanged():
    figure = to_plotly(Plot("p", Axis("x"), Axis("y"), [Series("s", "line", [1, 2], [1, 2])]))
    assert len(figure["data"]) == 1 and "yaxis2" not in figure["layout"]


# ------------------------------------------------------------------ where they sit, by the oracle


def drawn(attributes):
    """{(colour, x, x_end or None)} of the markers a plot's figure draws (its Events traces)."""
    found = set()
    for t in attributes["figure"]["data"]:
        if t.get("legendgroup") != MARKERS:
            continue
        corners = []
        for x in t["x"] + [None]:
            if x is not None:
                corners.append(x)
                continue
            if corners:
                found.add((t["line"]["color"], corners[0], corners[2] if len(corners) == 5 else None))
            corners = []
    return found


def iso(moment):
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def the_trip():
    """The LV trip by the oracle: the channel's first TRIPPED record to its next in another state."""
    channel = DcsChannel.objects.get(name=dcs_generator.LV_TRIP[0]).channel_id
    states = list(DcsLvReading.objects.filter(channel_id=channel).order_by("ts").values_list("ts", "state"))
    first = next(i for i, (_, state) in enumerate(states) if state == "TRIPPED")
    return states[first][0], next(ts for ts, state in states[first:] if state != "TRIPPED")


def lv_current_alarm():
    (interval,) = [i for i in out_of_limit_intervals() if i[0] == dcs_generator.LV_TRIP[0]]
    assert interval[3] == "alarm"
    return interval[1], interval[2]


@pytest.mark.django_db
def test_a_power_plots_markers_sit_at_the_trip_and_the_current_alarm(api):
    trip, current = the_trip(), lv_current_alarm()
    attributes = get(api, "/api/v1/plots/dcs_series?resource=lv_channels&value=current&shift=2018-10-09/night")["data"]["attributes"]
    assert drawn(attributes) == {(ALARM, iso(trip[0]), iso(trip[1])), (ALARM, iso(current[0]), iso(current[1]))}
    assert trip == (datetime(2018, 10, 10, 2, 41, tzinfo=UTC), datetime(2018, 10, 10, 3, 5, tzinfo=UTC))


@pytest.mark.django_db
def test_an_event_going_on_when_the_window_starts_is_a_band_clipped_to_it(api):
    since, until = datetime(2018, 10, 10, 2, 50, tzinfo=UTC), datetime(2018, 10, 10, 4, tzinfo=UTC)
    trip, current = the_trip(), lv_current_alarm()
    assert trip[0] < since < trip[1] and current[0] < since < current[1] < until
    attributes = get(api, f"/api/v1/plots/dcs_series?resource=lv_channels&value=current&since={iso(since)}&until={iso(until)}")["data"]["attributes"]
    assert drawn(attributes) == {(ALARM, iso(since), iso(trip[1])), (ALARM, iso(since), iso(current[1]))}


@pytest.mark.django_db
def test_a_warning_going_on_from_before_is_a_band_and_one_ending_after_the_window_is_clipped():
    sensor, start, _ = dcs_generator.HUMIDITY_EXCURSION
    (humid,) = [i for i in out_of_limit_intervals() if i[0] == sensor]
    since = humid[1] + timedelta(minutes=10)
    until = since + (humid[2] - humid[1]) / 3  # before the dew point is back inside
    markers = time_markers("dcs_series/humidities", since, until)
    assert [(m.x, m.x_end, m.color) for m in markers] == [(since, until, WARNING)]
    # Starting in the window, a warning is a line at its start.
    markers = time_markers("dcs_series/humidities", humid[1] - timedelta(hours=1), until)
    assert [(m.x, m.x_end, m.color) for m in markers] == [(humid[1], None, WARNING)]


@pytest.mark.django_db
def test_the_storm_is_a_band_over_its_lumisections_of_the_run():
    first_masked = PxlFedChannelState.objects.filter(run_number=STORM_RUN, fed_id=1300, state="masked").order_by("first_ls").first().first_ls
    bands = [(m.x, m.x_end) for m in lumisection_markers("fed_errors_per_ls", STORM_RUN) if m.x_end is not None and "FED 1300" in m.text]
    # The burst's first LS to the LS its end time falls in: the last burst LS ends as the next begins.
    assert bands == [(first_masked - STORM_LS, first_masked)]
    assert OmsLumisection.objects.filter(run_number=STORM_RUN).count() >= first_masked


@pytest.mark.django_db
def test_a_lumi_plot_over_a_window_marks_the_runs_starting_and_ending_in_it_at_their_times(api):
    since, until = datetime(2018, 10, 10, 0, tzinfo=UTC), datetime(2018, 10, 11, 0, tzinfo=UTC)
    attributes = get(api, f"/api/v1/plots/inst_lumi?since={iso(since)}&until={iso(until)}")["data"]["attributes"]
    starts = OmsLumisection.objects.filter(start_time__gte=since, start_time__lt=until).order_by("start_time")
    first, last = starts.first().start_time, starts.last().start_time  # the plot's x range
    times = [t for r in OmsRun.objects.values_list("start_time", "end_time") for t in r if t and first <= t < last]
    assert len(times) >= 4
    assert drawn(attributes) == {(INFO, iso(t), None) for t in times}


# ------------------------------------------------------------------ each plot its own sources


def matches(event, filters):
    return all(getattr(event, name) == value for name, value in filters.items())


def test_every_marked_plot_is_a_probe_and_every_dcs_resource_is_declared():
    resources = next(p for p in registry["dcs_series"].parameters if p.name == "resource").choices
    assert {k for k in MARKED if k.startswith("dcs_series/")} == {f"dcs_series/{r}" for r in resources}
    assert {k.partition("/")[0] for k in MARKED} == {
        "dcs_series", "fed_errors_per_ls", "masked_over_time", "inst_lumi", "cumulative_lumi"}
    assert all(p in registry for p in {k.partition("/")[0] for k in MARKED})


@pytest.mark.django_db
@pytest.mark.parametrize("key, own, sources", [
    ("dcs_series/lv_channels", {"page": "power"}, {"power", "dcs"}),
    ("dcs_series/humidities", {"source": "dcs", "page": "cooling"}, {"dcs"}),
    ("fed_errors_per_ls", {"source": "daq"}, {"daq"}), ("masked_over_time", {"source": "masking"}, {"masking"}),
    ("inst_lumi", {"source": "run"}, {"run"}),
])  # fmt: skip
def test_a_plot_marks_only_its_own_sources_events(key, own, sources):
    """``own``: the events a plot is about, written out here (a plot of power marks what the Power
    page shows: its channels off or tripped, and their currents out of limits)."""
    since, until = datetime(2018, 10, 8, 6, tzinfo=UTC), datetime(2018, 10, 16, 6, tzinfo=UTC)  # the demo week
    every = list(Event.objects.filter(start_time__gte=since, start_time__lt=until))
    expected = sorted(f"{e.severity}: {e.subject}: {e.text}" for e in every if matches(e, own))
    assert {e.source for e in every if matches(e, own)} == sources
    assert sorted(m.text for m in time_markers(key, since, until)) == expected


def test_markers_are_dashed_and_a_band_lets_the_data_show_through():
    """Unlike a data line (solid, plotly's colours): an event is a dashed line in its severity's
    colour, and a band's fill is faint (the LV trip's band hid the dip it marks)."""

    alarm = SEVERITY_COLOURS["alarm"]
    plot = Plot("LV", Axis("Time", type="date"), Axis("Current", "A"), [Series("I", "line", [0, 1, 2], [1, 0, 1])],
                markers=[Marker(0.5, 1.5, alarm, "alarm: trip")])
    data, band = to_plotly(plot)["data"]
    assert "dash" not in data.get("line", {}) and "opacity" not in band
    assert band["line"] == {"color": alarm, "width": 1.5, "dash": "dash"}
    red, green, blue = (int(alarm[i:i + 2], 16) for i in (1, 3, 5))
    assert band["fillcolor"] == f"rgba({red},{green},{blue},0.12)"
