"""Events as markers on time plots: where they sit (apps/events/markers.py) and how the plot
object draws them (pixelws.plots.to_plotly)."""
from datetime import datetime, timezone

import pytest

from apps.demo_source.daq_generator import STORM_LS, STORM_RUN
from apps.demo_source.models import OmsLumisection, PxlFedChannelState
from apps.events.markers import lumisection_markers
from pixelws.plots import MARKERS, Axis, Marker, Plot, Series, to_plotly

UTC = timezone.utc


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


@pytest.mark.django_db
def test_the_storm_is_a_band_over_its_lumisections_of_the_run():
    first_masked = PxlFedChannelState.objects.filter(run_number=STORM_RUN, fed_id=1300, state="masked").order_by("first_ls").first().first_ls
    bands = [(m.x, m.x_end) for m in lumisection_markers(STORM_RUN) if m.x_end is not None and "FED 1300" in m.text]
    # The burst's first LS to the LS its end time falls in: the last burst LS ends as the next begins.
    assert bands == [(first_masked - STORM_LS, first_masked)]
    assert OmsLumisection.objects.filter(run_number=STORM_RUN).count() >= first_masked
