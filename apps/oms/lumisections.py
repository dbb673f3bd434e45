"""The lumisections of a run, a fill, a shift or a time window (pixelws/scope.py's Scope, narrowed
by since / until or by lumisection numbers), and a shift's runs summed over them: what the lumi
probes draw and what other apps' shift probes and a page's selection count in."""
from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Count, Max, Min, Q, Sum

from pixelws.dialect.errors import DialectError
from pixelws.probes import Parameter
from pixelws.scope import Scope, ScopeRule
from pixelws.sources import Source

# since / until narrow a run or a fill; a time window alone is one day of lumisections at most.
SCOPE_RULE = ScopeRule(max_window=timedelta(hours=24), narrows=True)
SCOPE = (
    *SCOPE_RULE.parameters(run="run number; the x axis is then its lumisection number",
                           fill="fill number, instead of a run; the x axis is then time",
                           since="only lumisections starting at or after this time (UTC)",
                           until="only lumisections starting before this time (UTC)"),
    Parameter("ls_min", "integer", help="first lumisection shown (with run)"),
    Parameter("ls_max", "integer", help="last lumisection shown (with run)"),
)  # fmt: skip


@dataclass
class LumisectionScope(Scope):
    """Which lumisections a probe aggregates, from the parsed SCOPE parameters."""

    ls_min: int | None = None
    ls_max: int | None = None

    @classmethod
    def of(cls, values):
        """The checked scope of parsed SCOPE values; a DialectError naming the parameter at fault."""
        scope = cls(**vars(SCOPE_RULE.check(values)), ls_min=values.get("ls_min"), ls_max=values.get("ls_max"))
        for name in ("ls_min", "ls_max"):
            value = getattr(scope, name)
            if value is not None and scope.run is None:
                raise DialectError(f"{name} counts lumisections of one run; give run too.", name)
            if value is not None and value < 1:
                raise DialectError(f"{name} must be 1 or more, not {value}.", name)
        if scope.ls_min is not None and scope.ls_max is not None and scope.ls_min > scope.ls_max:
            raise DialectError(f"ls_max ({scope.ls_max}) is before ls_min ({scope.ls_min}).", "ls_max")
        return scope

    @property
    def lumisection_source(self):
        """The lumisections of this scope, as the API serves them."""
        return Source(f"lumisections of {self.label}", "lumisections", {
            "run_number": self.run, "fill_number": self.fill,
            "lumisection_number[GE]": self.ls_min, "lumisection_number[LE]": self.ls_max,
            "start_time[GE]": self.since, "start_time[LT]": self.until,
        })  # fmt: skip

    def lumisections(self):
        """The Lumisection queryset of this scope, in time order."""
        return self.lumisection_source.queryset().order_by("run_number", "lumisection_number")

    def x_of(self, rows):
        """x values of rows that start (run_number, lumisection_number, start_time, …)."""
        return [row[2] if self.by_time else row[1] for row in rows]


@dataclass
class ShiftRun:
    """A run's lumisections inside a shift (a run crossing the shift's edge counts only these)."""

    run_number: int
    fill_number: int | None
    lumisections: int
    first_ls: int
    last_ls: int
    delivered: float  # µb^-1, as the lumisections resource serves it
    recorded: float
    bpix_ready: int  # lumisections with BPix ready
    fpix_ready: int

    @property
    def deadtime_source(self):
        return Source(f"dead times of run {self.run_number}, LS {self.first_ls}–{self.last_ls}", "deadtimes", {
            "run_number": self.run_number,
            "first_lumisection_number[GE]": self.first_ls, "first_lumisection_number[LE]": self.last_ls,
        })  # fmt: skip


def shift_runs(scope):
    """The ShiftRuns of a shift's scope, in run order, summed in SQL over its lumisections."""
    rows = (
        scope.lumisections().order_by().values("run_number")
        .annotate(
            fill=Min("fill_number"), count=Count("lumisection_number"),
            first=Min("lumisection_number"), last=Max("lumisection_number"),
            delivered=Sum("delivered_lumi"), recorded=Sum("recorded_lumi"),
            bpix=Count("lumisection_number", filter=Q(bpix_ready=True)),
            fpix=Count("lumisection_number", filter=Q(fpix_ready=True)),
        )
        .order_by("run_number")
    )  # fmt: skip
    return [ShiftRun(r["run_number"], r["fill"], r["count"], r["first"], r["last"], r["delivered"], r["recorded"],
                     r["bpix"], r["fpix"]) for r in rows]  # fmt: skip
