"""How SQLite reads the events of a window (EXPLAIN QUERY PLAN of the ORM's query, as the API runs
it): the DCS parts find their few readings beyond a limit by value, not every reading of the window
by time; the error bursts come from FED_ERROR_BURSTS by time, never from the 120 000 FED errors;
the readback outliers come from READBACK_OUTLIERS, never from the 300 000 readbacks."""
from datetime import datetime, timezone

import pytest

from apps.events.models import Event
from pixelws.query_plans import query_plan

UTC = timezone.utc
WEEK = datetime(2018, 10, 8, 6, tzinfo=UTC), datetime(2018, 10, 16, 6, tzinfo=UTC)


def plan(rows):
    sql, params = rows.query.sql_with_params()
    return [step.strip() for step in query_plan(sql, params=params)]


@pytest.mark.django_db
def test_the_weeks_events_read_the_dcs_readings_beyond_a_limit_by_value_and_no_readback():
    steps = plan(Event.objects.filter(start_time__gte=WEEK[0], start_time__lt=WEEK[1]))
    values = (("hv", "imon"), ("lv", "imon"), ("t", "temperature"), ("co2", "flow"), ("rh", "dew_point"),
              ("cr", "differential_pressure"))  # fmt: skip
    for table, value in values:
        assert f"SEARCH r USING INDEX dcs_{table}_channel_value (channel_id=? AND {value}>?)" in steps
        assert f"SEARCH r USING INDEX dcs_{table}_channel_value (channel_id=? AND {value}<?)" in steps
        assert not [s for s in steps if s.startswith("SEARCH r ") and f"dcs_{table}_channel_ts" in s and "(channel_id=? AND ts>?" in s]
    # The error bursts: the window's, from the materialised bursts by their start.
    assert "SEARCH b USING INDEX fed_error_bursts_start (START_TIME>? AND START_TIME<?)" in steps
    assert not [s for s in steps if "pxl_fed_err" in s.lower()]
    assert "SCAN x USING COVERING INDEX readback_outliers_run" in steps
    assert not [s for s in steps if "readback" in s and "readback_outliers" not in s]
