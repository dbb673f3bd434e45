"""Shift arithmetic: Europe/Zurich shifts as UTC windows, right across daylight-saving changes."""
from datetime import datetime, timedelta, timezone

import pytest

from pixelws.dialect.errors import DialectError
from pixelws.shifts import Shift
from tests.jsonapi import error_of, get

UTC = timezone.utc


def utc(*args):
    return datetime(*args, tzinfo=UTC)


@pytest.mark.parametrize(
    "shift, start, end",
    [
        ("2018-10-09/morning", utc(2018, 10, 9, 5), utc(2018, 10, 9, 13)),  # CEST = UTC+2
        ("2018-10-09/evening", utc(2018, 10, 9, 13), utc(2018, 10, 9, 21)),
        ("2018-10-09/night", utc(2018, 10, 9, 21), utc(2018, 10, 10, 5)),
        # 2018-10-28 03:00 CEST → 02:00 CET: the night before lasts 9 h, the day's shifts are CET.
        ("2018-10-27/evening", utc(2018, 10, 27, 13), utc(2018, 10, 27, 21)),
        ("2018-10-27/night", utc(2018, 10, 27, 21), utc(2018, 10, 28, 6)),
        ("2018-10-28/morning", utc(2018, 10, 28, 6), utc(2018, 10, 28, 14)),
        ("2018-10-28/evening", utc(2018, 10, 28, 14), utc(2018, 10, 28, 22)),
        ("2018-10-28/night", utc(2018, 10, 28, 22), utc(2018, 10, 29, 6)),
        # 2019-03-31 02:00 CET → 03:00 CEST: the night before lasts 7 h.
        ("2019-03-30/night", utc(2019, 3, 30, 22), utc(2019, 3, 31, 5)),
        ("2019-03-31/morning", utc(2019, 3, 31, 5), utc(2019, 3, 31, 13)),
        ("2019-03-31/evening", utc(2019, 3, 31, 13), utc(2019, 3, 31, 21)),
        ("2019-03-31/night", utc(2019, 3, 31, 21), utc(2019, 4, 1, 5)),
    ],
)
def test_shift_windows(shift, start, end):
    parsed = Shift.parse(shift)
    assert (parsed.start, parsed.end) == (start, end)
    assert str(parsed) == shift


def test_daylight_saving_nights_last_9_and_7_hours():
    assert Shift.parse("2018-10-27/night").duration == timedelta(hours=9)
    assert Shift.parse("2019-03-30/night").duration == timedelta(hours=7)
    assert Shift.parse("2018-10-26/night").duration == timedelta(hours=8)
    assert "CEST/CET" in Shift.parse("2018-10-27/night").label


def test_every_shift_of_a_dst_day_tiles_the_day_without_gap_or_overlap():
    shift = Shift.parse("2018-10-26/night")
    for _ in range(9):
        following = shift.step(1)
        assert following.start == shift.end
        assert following.step(-1) == shift
        shift = following
    assert shift.id == "2018-10-29/night"


def test_the_shift_of_a_moment():
    assert Shift.at(utc(2018, 10, 9, 13)).id == "2018-10-09/evening"
    assert Shift.at(utc(2018, 10, 9, 12, 59, 59)).id == "2018-10-09/morning"
    # A night belongs to the date it starts: 03:00 local on the 10th is the night of the 9th.
    assert Shift.at(utc(2018, 10, 10, 1)).id == "2018-10-09/night"
    assert Shift.at(utc(2018, 10, 28, 5, 59)).id == "2018-10-27/night"


@pytest.mark.parametrize("raw", ["2018-10-09", "2018-10-09/afternoon", "2018-13-09/evening", "2018-02-30/night",
                                 "09-10-2018/evening", "2018-10-09/Evening", "", "2018-10-09/evening/x", "0000-01-01/night"])
def test_bad_shifts_name_the_parameter(raw):
    with pytest.raises(DialectError) as error:
        Shift.parse(raw, "shift")
    assert error.value.parameter == "shift" and error.value.status == 400


def test_probes_take_a_shift_and_refuse_bad_ones(api):
    plot = get(api, "/api/v1/plots/inst_lumi?shift=2018-10-09/evening&fields[plots]=title,x,sources")["data"]["attributes"]
    assert plot["title"] == "Instantaneous luminosity, evening shift 2018-10-09"
    assert plot["x"]["type"] == "date"
    assert "filter[start_time][GE]=2018-10-09T13%3A00%3A00Z&filter[start_time][LT]=2018-10-09T21%3A00%3A00Z" in plot["sources"][0]["href"]
    assert plot["sources"][0]["label"] == "lumisections"  # one source of its resource: labelled by it
    error = error_of(api, "/api/v1/plots/shift_runs?shift=2018-10-09/teatime")
    assert error["source"]["parameter"] == "shift" and "morning" in error["detail"]
    assert error_of(api, "/api/v1/plots/inst_lumi?shift=2018-10-09/evening&run=324245")["source"]["parameter"] == "run"
    assert error_of(api, "/api/v1/plots/shift_totals")["source"]["parameter"] == "shift"


def test_selection_of_a_shift(api):
    attributes = get(api, "/api/workspace/selection?page=shift_report&shift=2018-10-09/evening")["data"]["attributes"]
    assert attributes["variables"]["since"] == "2018-10-09T13:00:00Z"
    assert attributes["variables"]["until"] == "2018-10-09T21:00:00Z"
    assert attributes["steps"]["shift"] == {"previous": "2018-10-09/morning", "next": "2018-10-09/night"}
    assert "runs 324243, 324245" in attributes["summary"]
    error = error_of(api, "/api/workspace/selection?page=shift_report&shift=2018-10-32/evening")
    assert error["source"]["parameter"] == "shift"
    assert error_of(api, "/api/workspace/selection?page=shift_report&shift=x&bogus=1")["source"]["parameter"] == "bogus"


def test_a_page_without_a_choice_opens_at_the_newest_shift(api):
    from apps.oms.models import Lumisection

    newest = Lumisection.objects.order_by("-start_time").values_list("start_time", flat=True).first()
    attributes = get(api, "/api/workspace/selection?page=shift_report")["data"]["attributes"]
    assert attributes["defaults"] == ["shift"]
    assert attributes["state"]["shift"] == Shift.at(newest).id
