"""What stretch of data a request means: a run, a fill, a shift or a time window (since, until).

One place parses, limits and describes it, for every probe and for a page's selection
(apps/workspace/selection.py), so that a fault reads the same everywhere: one status, one
message, the parameter named. A probe declares what it takes with a ``ScopeRule``::

    scope_rule = ScopeRule(("run", "shift"))                     # a run or a shift
    scope_rule = ScopeRule(max_window=timedelta(days=10))        # any, a time window ≤ 10 days

and ``Probe.parse`` checks it before the probe's own checks.
"""
from dataclasses import dataclass, replace
from datetime import timedelta

from django.apps import apps

from .dialect.errors import DialectError
from .plots import Axis
from .probes import Parameter
from .shifts import Shift

RUN = Parameter("run", "integer", help="run number")
FILL = Parameter("fill", "integer", help="fill number, instead of a run")
SHIFT = Parameter("shift", "shift", help="a shift in Europe/Zurich time, e.g. 2018-10-09/evening")
SINCE = Parameter("since", "datetime", help="start of a time window (UTC)")
UNTIL = Parameter("until", "datetime", help="end of the time window (UTC)")
LS = Parameter("ls", "integer", help="one lumisection (default: the whole run)")
REQUIRED_RUN, REQUIRED_SHIFT = replace(RUN, required=True), replace(SHIFT, required=True)  # a probe of one run / shift
KINDS = ("run", "fill", "shift", "window")  # "window": since and until
SAYINGS = {"run": "a run", "fill": "a fill", "shift": "a shift", "window": "a time window (since and until)"}
UTC = "%Y-%m-%d %H:%M"


def known_run(number, parameter="run"):
    """{fill_number, start_time, end_time, last_lumisection_number} of a run; a 404 naming
    ``parameter`` if the database has no such run."""
    found = apps.get_model("oms", "Run").objects.filter(run_number=number).values(
        "fill_number", "start_time", "end_time", "last_lumisection_number").first()  # fmt: skip
    if found is None:
        raise DialectError(f"There is no run {number} in the database.", parameter, status=404)
    return found


def scope_label(run, ls=None):
    """'run 324245', or 'run 324245, LS 10': what a probe over a run (or one LS of it) shows."""
    return f"run {run}" + (f", LS {ls}" if ls is not None else "")


def last_lumisection(run, parameter="run"):
    """The run's last lumisection number (0 before its first); a 404 naming ``parameter`` if no such run."""
    return known_run(run, parameter)["last_lumisection_number"] or 0


def check_ls(ls, last_ls):
    if ls is not None and not 1 <= ls <= max(last_ls, 1):
        raise DialectError(f"Lumisection {ls} is not in the run, which has lumisections 1 to {last_ls}.", "ls")


def known_fill(number, parameter="fill"):
    """{start_time, end_time, first_run_number, last_run_number} of a fill; a 404 naming ``parameter``."""
    found = apps.get_model("oms", "Fill").objects.filter(fill_number=number).values(
        "start_time", "end_time", "first_run_number", "last_run_number").first()  # fmt: skip
    if found is None:
        raise DialectError(f"There is no fill {number} in the database.", parameter, status=404)
    return found


def span(duration):
    """timedelta(hours=24) → '24 hours', timedelta(days=10) → '10 days'."""
    hours = duration / timedelta(hours=1)
    return f"{hours:g} hours" if hours < 48 or hours % 24 else f"{hours / 24:g} days"


def check_both_ends(values):
    """A time window has both ends: a DialectError naming the one missing from ``values``."""
    given = [k for k in ("since", "until") if values.get(k) is not None]
    if len(given) == 1:
        missing = "until" if given == ["since"] else "since"
        raise DialectError(f"A time window needs since and until; give {missing} too.", missing)


@dataclass(frozen=True)
class ScopeRule:
    """What a probe takes: some of run, fill, shift and time window; the longest time window it
    serves on its own; whether since / until may narrow a run or a fill (lumisections)."""

    kinds: tuple = KINDS
    max_window: timedelta | None = None
    narrows: bool = False

    def parameters(self, **help):
        """The Parameters of these kinds (``help={"run": …}`` rewords one for a probe)."""
        chosen = {"run": [RUN], "fill": [FILL], "shift": [SHIFT], "window": [SINCE, UNTIL]}
        return tuple(replace(p, help=help.get(p.name, p.help)) for k in self.kinds for p in chosen[k])

    def check(self, values):
        """The Scope of parsed parameter values; a DialectError naming the parameter at fault."""
        scope = Scope(**{k: values.get(k) for k in ("run", "fill", "shift", "since", "until")})
        given = [k for k in ("shift", "run", "fill") if values.get(k) is not None]  # a fault names the later
        window = [k for k in ("since", "until") if values.get(k) is not None]
        narrowed = self.narrows and bool(given) and given[0] in ("run", "fill")
        if window and not narrowed:
            given.append(window[0])
        if len(given) > 1:
            raise DialectError(f"Give {given[0]} or {given[1]}, not both.", given[1])
        if not given and not window:
            choices = [SAYINGS[k] for k in self.kinds]
            named = ", ".join(choices[:-1]) + " or " + choices[-1] if len(choices) > 1 else choices[0]
            raise DialectError(f"Give {named}.", "run" if "run" in self.kinds else self.kinds[0])
        if not narrowed:
            check_both_ends(values)
        if scope.since is not None and scope.until is not None:
            if scope.until <= scope.since:
                raise DialectError("until must be after since.", "until")
            if not narrowed and self.max_window and scope.until - scope.since > self.max_window:
                raise DialectError(f"A time window spans at most {span(self.max_window)} here.", "until")
        if scope.run is not None:
            scope.record = known_run(scope.run)
        elif scope.fill is not None:
            scope.record = known_fill(scope.fill)
        elif scope.shift is not None:
            scope.since, scope.until = scope.shift.start, scope.shift.end
        return scope


@dataclass
class Scope:
    """A checked run, fill, shift or time window (``ScopeRule.check`` makes one)."""

    run: int | None = None
    fill: int | None = None
    shift: Shift | None = None
    since: object = None  # a shift's window, or the time window (with a run or fill: narrowing it)
    until: object = None
    record: dict | None = None  # the run's or the fill's row

    @classmethod
    def of_shift(cls, shift):
        return cls(shift=shift, since=shift.start, until=shift.end)

    @property
    def label(self):
        """'run 324245', 'fill 7269', 'evening shift 2018-10-09', '2018-10-09 00:00 – 2018-10-10 00:00 UTC'."""
        if self.run is not None:
            return f"run {self.run}"
        if self.fill is not None:
            return f"fill {self.fill}"
        if self.shift is not None:
            return f"{self.shift.name} shift {self.shift.date}"
        return f"{self.since:{UTC}} – {self.until:{UTC}} UTC"

    @property
    def during(self):
        """What a sentence about it ends with: 'during run 324245', 'during the evening shift …',
        'between 2018-10-09 00:00 and 2018-10-10 00:00 UTC'."""
        if self.run is None and self.fill is None and self.shift is None:
            return f"between {self.since:{UTC}} and {self.until:{UTC}} UTC"
        return f"during {'the ' if self.shift is not None else ''}{self.label}"

    def window(self):
        """(start, end) in UTC: the run's or the fill's span (end None while it lasts), else since–until."""
        if self.record is not None:
            return self.record["start_time"], self.record["end_time"]
        return self.since, self.until

    @property
    def by_time(self):
        return self.run is None

    @property
    def x_axis(self):
        return Axis("Time (UTC)", type="date") if self.by_time else Axis("Lumisection")
