"""The intervals a channel spent outside its alert limits.

A DCS archive's value holds until the next record, so a channel is out of its limits from the
first reading beyond a limit to the next reading back inside them. Readings beyond a limit are
few: the database finds them through each channel's (channel, value) index, one range per side
(a warning limit lies inside its alarm limit), keeps those whose previous reading in the window
is inside (an interval's start), and finds each start's end, the next reading back inside,
walking the (channel, time) index forward from it. No reading inside the limits is sorted or
numbered: a window's cost grows with the readings outside, not with all of them.
"""
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Case, DateTimeField, Exists, F, IntegerField, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce

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
    """Beyond a limit, as one range of the value per side: the innermost limit given on each side."""
    return Q(**{f"{value}__gt": Coalesce("warning_high", "alarm_high")}) | Q(
        **{f"{value}__lt": Coalesce("warning_low", "alarm_low")}
    )


def interval_starts(rows, value, channel, since, until):
    """(channel, time, value, previous level, end, worst level) of the readings ``rows`` (those of a
    window [since, until)) beyond a limit, ordered by channel and time. A reading starts an interval
    when the channel's previous reading in the window is inside (level 0) or there is none; only
    then are its end (the time of the next reading back inside, None if none) and the interval's
    worst level (an alarm reading from the start until the end) looked up."""
    readings = rows.model._default_manager.annotate(level=limit_level(value)).filter(**{channel: OuterRef(channel)})
    # Readings are ordered by (time, reading_id). Each lookup has one bound on time per side, the
    # reading's own and the window's: the range of the (channel, time) index it walks.
    previous = readings.filter(
        Q(time__lt=OuterRef("time")) | Q(reading_id__lt=OuterRef("reading_id")), time__gte=since, time__lte=OuterRef("time")
    ).order_by("-time", "-reading_id").values("level")[:1]  # fmt: skip
    back_inside = readings.filter(
        Q(time__gt=OuterRef("time")) | Q(reading_id__gt=OuterRef("reading_id")), time__gte=OuterRef("time"), time__lt=until,
        level=INSIDE,
    ).order_by("time", "reading_id").values("time")[:1]  # fmt: skip
    until_back = Coalesce(Subquery(back_inside, output_field=DateTimeField()), Value(until, output_field=DateTimeField()))
    alarm = readings.filter(time__gte=OuterRef("time"), time__lt=until_back, level=ALARM)
    starts = Q(previous=INSIDE) | Q(previous__isnull=True)
    # In the SELECT list, not the WHERE clause: the lookups run for the readings outside alone
    # (SQLite evaluates a WHERE term as soon as its table's row is read, before the channel's limits).
    return (
        rows.filter(outside(value))
        .annotate(previous=Subquery(previous, output_field=IntegerField()))
        .annotate(end=Case(When(starts, then=Subquery(back_inside)), output_field=DateTimeField()))
        .annotate(worst=Case(When(starts & Exists(alarm), then=Value(ALARM)), default=Value(WARNING), output_field=IntegerField()))
        .order_by(channel, "time", "reading_id")
        .values_list(channel, "time", value, "previous", "end", "worst")
    )


def out_of_limits(rows, value, channel, since, until):
    """[Interval] of the readings ``rows`` (a queryset of one resource over [since, until)),
    ``value`` being the quantity its limits watch and ``channel`` the attribute naming the channel."""
    return [
        Interval(name, worst, start, end, reading)
        for name, start, reading, previous, end, worst in interval_starts(rows, value, channel, since, until)
        if previous in (None, INSIDE)
    ]
