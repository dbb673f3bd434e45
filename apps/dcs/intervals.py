"""The intervals a channel spent outside its alert limits.

A DCS archive's value holds until the next record, so a channel is out of its limits from the
first reading beyond a limit to the next reading back inside them. The database finds where the
level (0 inside, 1 beyond a warning limit, 2 beyond an alarm limit) changes, per channel (LAG);
only those rows leave it.
"""
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Case, F, IntegerField, Q, Value, When, Window
from django.db.models.functions import Lag

LEVELS = {1: "warning", 2: "alarm"}


@dataclass
class Interval:
    channel: str
    level: int  # the worst: 1 warning, 2 alarm
    start: datetime
    end: datetime | None  # None: still outside when the window ends
    value: float  # the first reading outside

    @property
    def level_name(self):
        return LEVELS[self.level]


def beyond(value, side, level):
    limit = F(f"{level}_{side}")
    return Q(**{f"{value}__lt" if side == "low" else f"{value}__gt": limit})


def limit_level(value):
    """2 beyond an alarm limit, 1 beyond a warning limit, else 0 (a missing limit never crosses)."""
    return Case(
        When(beyond(value, "low", "alarm") | beyond(value, "high", "alarm"), then=Value(2)),
        When(beyond(value, "low", "warning") | beyond(value, "high", "warning"), then=Value(1)),
        default=Value(0),
        output_field=IntegerField(),
    )


def level_changes(rows, value, channel):
    """(channel, time, level, value) of the readings where a channel's level changes, and of each
    channel's first reading, ordered by channel and time."""
    return (
        rows.annotate(level=limit_level(value))
        .annotate(previous=Window(Lag("level", default=-1), partition_by=[F(channel)], order_by=[F("time"), F("reading_id")]))
        .exclude(level=F("previous"))
        .order_by(channel, "time", "reading_id")
        .values_list(channel, "time", "level", value)
    )


def out_of_limits(rows, value, channel):
    """[Interval] of the readings ``rows`` (a queryset of one resource), ``value`` being the
    quantity its limits watch and ``channel`` the attribute naming the channel."""
    intervals, current = [], None
    for name, time, level, reading in level_changes(rows, value, channel):
        if current is not None and current.channel != name:
            intervals.append(current)  # the previous channel ends outside
            current = None
        if level > 0 and current is None:
            current = Interval(name, level, time, None, reading)
        elif level > 0:
            current.level = max(current.level, level)
        elif current is not None:
            current.end = time
            intervals.append(current)
            current = None
    if current is not None:
        intervals.append(current)
    return intervals
