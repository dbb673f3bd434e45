"""The intervals a channel spent outside its alert limits.

A DCS archive's value holds until the next record, so a channel is out of its limits from the
first reading beyond a limit to the next reading back inside them. Only the readings beyond a
limit leave the database (written as one range of the value per limit, for a (channel, value)
index), each with the level of the channel's previous reading and
the time of its next one: one step each along the (channel, time) index. No reading inside the
limits is sorted or numbered: the cost beyond reading the window grows with the readings outside.
"""
from dataclasses import dataclass
from datetime import datetime
from functools import reduce
from operator import or_

from django.db.models import Case, DateTimeField, F, IntegerField, OuterRef, Q, Subquery, Value, When

LEVELS = {1: "warning", 2: "alarm"}
INSIDE, WARNING, ALARM = 0, 1, 2


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
        When(beyond(value, "low", "alarm") | beyond(value, "high", "alarm"), then=Value(ALARM)),
        When(beyond(value, "low", "warning") | beyond(value, "high", "warning"), then=Value(WARNING)),
        default=Value(INSIDE),
        output_field=IntegerField(),
    )


def outside(value):
    """Beyond any limit (level > 0), one value range per limit: what a (channel, value) index serves."""
    return reduce(or_, (beyond(value, side, level) for level in ("alarm", "warning") for side in ("low", "high")))


def readings_outside(rows, value, channel, since, until):
    """(channel, time, level, value, previous level, next time) of the readings ``rows`` (those of
    a window [since, until)) beyond a limit, ordered by channel and time: the level of the
    channel's previous reading in the window (None: none) and the time of its next one there
    (None: none), each one step along the (channel, time) index."""
    readings = rows.model._default_manager.filter(**{channel: OuterRef(channel)})
    # Readings are ordered by (time, reading_id). Each step has one bound on time per side, the
    # reading's own and the window's: the range of the index it walks.
    previous = readings.filter(
        Q(time__lt=OuterRef("time")) | Q(reading_id__lt=OuterRef("reading_id")), time__gte=since, time__lte=OuterRef("time")
    ).order_by("-time", "-reading_id").annotate(level=limit_level(value)).values("level")[:1]  # fmt: skip
    following = readings.filter(
        Q(time__gt=OuterRef("time")) | Q(reading_id__gt=OuterRef("reading_id")), time__gte=OuterRef("time"), time__lt=until
    ).order_by("time", "reading_id").values("time")[:1]  # fmt: skip
    return (
        rows.filter(outside(value))
        .annotate(level=limit_level(value), previous=Subquery(previous, output_field=IntegerField()))
        .annotate(following=Subquery(following, output_field=DateTimeField()))
        .order_by(channel, "time", "reading_id")
        .values_list(channel, "time", "level", value, "previous", "following")
    )


def out_of_limits(rows, value, channel, since, until):
    """[Interval] of the readings ``rows`` (a queryset of one resource over [since, until)),
    ``value`` being the quantity its limits watch and ``channel`` the attribute naming the channel.
    A reading outside after one inside (or first in the window) starts an interval; the readings
    outside after it until the next start are the interval's, and the reading following its last
    one is back inside: its end."""
    intervals = []
    for name, time, level, reading, previous, following in readings_outside(rows, value, channel, since, until):
        if previous in (None, INSIDE):
            intervals.append(Interval(name, level, time, following, reading))
        else:
            intervals[-1].level = max(intervals[-1].level, level)
            intervals[-1].end = following
    return intervals
