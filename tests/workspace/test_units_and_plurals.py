"""Every number with units says them, also where OMS's /meta gives none (the page file says them,
or the probe's table carries them), and counts read in the right number ("1 row")."""
import pytest

from apps.workspace.portlets.formatting import count_of, duration_text
from apps.workspace.pages import load_all
from tests.jsonapi import get

SHIFT_REPORT = load_all()[0]["shift_report"].portlets
FILLS = SHIFT_REPORT.index(next(p for p in SHIFT_REPORT if p["title"] == "Fills of the shift"))


def test_fills_of_the_shift_say_delivered_lumi_in_inverse_picobarns_which_omss_meta_does_not(api):
    meta = get(api, "/api/v1/fills?page[limit]=1&include=meta")["meta"]["fields"]["delivered_lumi"]
    assert not meta.get("units")  # as OMS serves fills: the page file says the units
    content = get(api, f"/api/workspace/pages/shift_report/portlets/{FILLS}?shift=2018-10-09/night")["data"]["attributes"]
    header = {column["name"]: column["units_html"] for column in content["table"]["header"]}
    assert header["delivered_lumi"] == "pb<sup>-1</sup>"
    assert header["fill_number"] == ""


def test_the_first_value_outside_its_limits_says_its_units(api):
    """The LV trip's digital current fell below its limit: in ampere, as lv_channels' current is."""
    (row,) = get(api, "/api/v1/plots/dcs_out_of_limits?shift=2018-10-09/night&fields[plots]=table")["data"]["attributes"]["table"]["rows"]
    current = get(api, "/api/v1/lv_channels?page[limit]=1&include=meta")["meta"]["fields"]["current"]["units"]
    assert (row["channel"], row["quantity"], row["value"], row["units"]) == ("BPix_BpO_SEC6_LV_DIGITAL", "Current", 0.0, current) == (
        "BPix_BpO_SEC6_LV_DIGITAL", "Current", 0.0, "A")
    week = get(api, "/api/v1/plots/dcs_out_of_limits?since=2018-10-08T00:00:00Z&until=2018-10-16T00:00:00Z"
                    "&fields[plots]=table")["data"]["attributes"]["table"]["rows"]  # fmt: skip
    by_resource = {(r["resource"], r["quantity"], r["units"]) for r in week}
    assert len({resource for resource, _, _ in by_resource}) >= 2
    for resource, quantity, units in by_resource:  # each resource's own units of the quantity it watches
        fields = get(api, f"/api/v1/{resource}?page[limit]=1&include=meta")["meta"]["fields"]
        (given,) = {f["units"] for f in fields.values() if f.get("title") == quantity}
        assert units == given.replace("^{\\circ}", "°").replace("{\\mu}", "µ") or units == given, (resource, units, given)


@pytest.mark.parametrize("count, thing, things, text", [
    (1, "row", None, "1 row"), (0, "row", None, "0 rows"), (2, "row", None, "2 rows"),
    (1, "FED channel", None, "1 FED channel"), (3, "entry", "entries", "3 entries"),
])  # fmt: skip
def test_counts_read_in_the_right_number(count, thing, things, text):
    assert count_of(count, thing, things) == text


@pytest.mark.parametrize("seconds, text", [(23, "23 s"), (60, "1 min"), (24 * 60, "24 min"), (3 * 3600 + 5 * 60, "3 h 05 min")])
def test_durations_read_in_their_largest_units(seconds, text):
    assert duration_text("2018-10-10T02:41:00Z", f"2018-10-10T{2 + (41 * 60 + seconds) // 3600:02d}:"
                         f"{(41 * 60 + seconds) // 60 % 60:02d}:{seconds % 60:02d}Z") == text
