"""Pixel shifts: three a day in Europe/Zurich local time, each a UTC window.

    morning 07–15, evening 15–23, night 23–07 (a night belongs to the date it starts)

A shift is written ``2018-10-09/evening``. Its window is computed with zoneinfo from the local
wall-clock hours, so it is right across daylight-saving changes: the night starting 2018-10-27
lasts 9 h (the clocks go back), the night starting 2019-03-30 lasts 7 h.
"""
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from .dialect.errors import DialectError

ZURICH = ZoneInfo("Europe/Zurich")
# name → (local start hour, days after the shift's date at which it ends, local end hour)
SHIFTS = {"morning": (7, 0, 15), "evening": (15, 0, 23), "night": (23, 1, 7)}
NAMES = tuple(SHIFTS)
SHIFT_ID = re.compile(r"^(\d{4}-\d{2}-\d{2})/([a-z]+)$")
EXAMPLE = "2018-10-09/evening"


@dataclass(frozen=True, order=True)
class Shift:
    date: date
    name: str

    @classmethod
    def parse(cls, raw, parameter="shift"):
        """``2018-10-09/evening`` → Shift; anything else is a DialectError naming ``parameter``."""
        match = SHIFT_ID.match(raw or "")
        if not match or match.group(2) not in SHIFTS:
            raise DialectError(
                f"'{raw}' is not a shift: write date/shift in Europe/Zurich time, e.g. {EXAMPLE} "
                f"(shifts: {', '.join(f'{n} {s:02d}–{e:02d}' for n, (s, _, e) in SHIFTS.items())}).",
                parameter,
            )
        try:
            day = date.fromisoformat(match.group(1))
        except ValueError:
            raise DialectError(f"'{raw}': {match.group(1)} is not a date.", parameter) from None
        if not date(1970, 1, 2) <= day <= date(9999, 12, 30):
            raise DialectError(f"'{raw}': the date is out of range.", parameter)
        return cls(day, match.group(2))

    @classmethod
    def at(cls, moment):
        """The shift an aware datetime falls in."""
        local = moment.astimezone(ZURICH)
        day = local.date() - timedelta(days=1) if local.hour < 7 else local.date()
        hour = local.hour if local.hour >= 7 else 24 + local.hour
        name = "morning" if hour < 15 else "evening" if hour < 23 else "night"
        return cls(day, name)

    @property
    def id(self):
        return f"{self.date.isoformat()}/{self.name}"

    def __str__(self):
        return self.id

    @property
    def local_start(self):
        return local_time(self.date, SHIFTS[self.name][0])

    @property
    def local_end(self):
        _, days, hour = SHIFTS[self.name]
        return local_time(self.date + timedelta(days=days), hour)

    @property
    def start(self):
        """UTC start of the window (inclusive)."""
        return self.local_start.astimezone(timezone.utc)

    @property
    def end(self):
        """UTC end of the window (exclusive)."""
        return self.local_end.astimezone(timezone.utc)

    @property
    def duration(self):
        return self.end - self.start

    def step(self, direction):
        """The shift ``direction`` (±1, …) shifts later or earlier."""
        index = NAMES.index(self.name) + direction
        return Shift(self.date + timedelta(days=index // len(NAMES)), NAMES[index % len(NAMES)])

    @property
    def label(self):
        """``evening shift 2018-10-09, 15:00–23:00 CEST (13:00–21:00 UTC)``"""
        start, end = self.local_start, self.local_end
        zones = start.tzname() if start.tzname() == end.tzname() else f"{start.tzname()}/{end.tzname()}"
        return (f"{self.name} shift {self.date.isoformat()}, {start:%H:%M}–{end:%H:%M} {zones} "
                f"({self.start:%H:%M}–{self.end:%H:%M} UTC)")  # fmt: skip


def local_time(day, hour):
    # fold=0: at an ambiguous or missing local hour, the first reading (none of 07, 15, 23 is one
    # in Zurich, where clocks change at 02:00 and 03:00).
    return datetime.combine(day, time(hour), ZURICH)
