"""The palette of states and severities (pixelws/palette.py) as every eye sees it: each pair of
categories a reader must tell apart at least 15 ΔE 2000 apart for normal vision and under the
Machado et al. (2009) simulations of protanopia, deuteranopia and tritanopia; and the plots that
colour by category take their colours from it and name an alarm in words."""
from itertools import combinations

import pytest

from pixelws import palette
from tests.colour_vision import VISIONS, delta_e_2000, difference, lab, seen
from tests.jsonapi import get

MIN_DELTA_E = 15
PAIRS = [(name, a, b) for name, categories in palette.CATEGORIES.items() for a, b in combinations(categories, 2)]


@pytest.mark.parametrize("lab1, lab2, expected", [
    # Sharma, Wu & Dalal (2005), table 1: pairs 1, 2, 7, 17, 25.
    ((50, 2.6772, -79.7751), (50, 0, -82.7485), 2.0425),
    ((50, 3.1571, -77.2803), (50, 0, -82.7485), 2.8615),
    ((50, 0, 0), (50, -1, 2), 2.3669),
    ((50, 2.5, 0), (73, 25, -18), 27.1492),
    ((60.2574, -34.0099, 36.2677), (60.4626, -34.1751, 39.4387), 1.2644),
])  # fmt: skip
def test_delta_e_2000_gives_the_published_values(lab1, lab2, expected):
    assert delta_e_2000(lab1, lab2) == pytest.approx(expected, abs=5e-5)


@pytest.mark.parametrize("vision, expected", [
    # plotly's red as colorspacious 1.1.2 gives it ("sRGB1+CVD", severity 100, then CIELab).
    ("normal", (46.84, 65.11, 44.42)),
    ("protanopia", (36.88, -2.92, 29.81)),
    ("deuteranopia", (51.99, -4.82, 49.64)),
    ("tritanopia", (49.50, 76.13, 47.19)),
])  # fmt: skip
def test_the_simulation_sees_as_colorspacious_does(vision, expected):
    assert lab(seen("#d62728", vision)) == pytest.approx(expected, abs=0.02)


def test_the_old_state_colours_fail_where_the_issue_says():
    """The measure can fail: plotly's red and green (TRIPPED and ON, before this palette) are
    4.6 apart to a deuteranope (ΔE 2000; 7.3 in ΔE 1976)."""
    assert difference("#d62728", "#2ca02c", "deuteranopia") == pytest.approx(4.61, abs=0.01)


@pytest.mark.parametrize("name, a, b", PAIRS)
def test_every_pair_of_categories_stays_apart_for_every_eye(name, a, b):
    colours = palette.CATEGORIES[name]
    seen_apart = {vision: round(difference(colours[a], colours[b], vision), 1) for vision in VISIONS}
    assert min(seen_apart.values()) >= MIN_DELTA_E, (name, a, b, seen_apart)


def test_the_categories_cover_every_coloured_state():
    from apps.dcs.probes.state import STATES
    from apps.events.models import SEVERITIES

    assert set(palette.POWER_STATES) == set(STATES) and set(palette.SEVERITIES) == set(SEVERITIES)
    # An alarm is named in every mapping that has one.
    assert {c for categories in palette.CATEGORIES.values() for c in categories if categories[c] == palette.ALARM} >= palette.ALARMS


def test_the_state_map_uses_the_palette_and_writes_tripped(api):
    figure = get(api, "/api/v1/plots/power_group_states?shift=2018-10-09/night")["data"]["attributes"]["figure"]
    heatmap, *keys = figure["data"]
    assert [(k["name"], k["marker"]["color"]) for k in keys] == list(palette.POWER_STATES.items())
    assert {colour for _, colour in heatmap["colorscale"]} == set(palette.POWER_STATES.values())
    # The tripped group (BpO, sector 6) says so in words on its cell, and only it.
    # (upright: across, the word runs over the cells beside it).
    assert [(a["x"], a["y"], a["text"], a["textangle"]) for a in figure["layout"]["annotations"]] == [("SEC6", "BpO", "TRIPPED", -90)]
    calm = get(api, "/api/v1/plots/power_group_states?shift=2018-10-09/evening")["data"]["attributes"]["figure"]
    assert "annotations" not in calm["layout"]


def test_the_comparison_map_shows_its_changes_in_the_palette(api):
    figure = get(api, "/api/v1/plots/roc_map_comparison?run=324245&map=BPix_L1")["data"]["attributes"]["figure"]
    heatmap, *keys = figure["data"]
    assert [(k["name"], k["marker"]["color"]) for k in keys] == list(palette.MASKING_CHANGES.items())
    assert figure["layout"]["showlegend"] is True
    assert {colour for _, colour in heatmap["colorscale"]} == set(palette.MASKING_CHANGES.values())


def test_the_pages_style_sheets_get_the_severities(client, db):
    css = palette.css()
    assert f"--alarm: {palette.ALARM};" in css and f"--warning-tint: {palette.tint(palette.WARNING)};" in css
    assert palette.tint("#000000", 0.5) == "#808080" and palette.tint("#ffffff") == "#ffffff"
    assert css in client.get("/pages/shift_report").content.decode()
