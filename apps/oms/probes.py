"""Luminosity and dead time probes, per lumisection, for a run, a fill or a time window.

For a run the x axis is the lumisection number; for a fill or a time window (several runs, each
counting lumisections from 1) it is the lumisection's start time.
"""
from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Count, F, Max, Min, Q, Sum, Window

from pixelws.dialect.errors import DialectError
from pixelws.plots import Axis, Column, Plot, Series, Table
from pixelws.probes import Parameter, Probe, register
from pixelws.shifts import Shift
from pixelws.sources import Source

from .models import DEADTIME_ATTRIBUTES
from .resources import INST_LUMI

LS_SECONDS = 23.3104  # 2^18 orbits: the LUMISECTIONS view's delivered_lumi is over this time
UB_PER_PB = 1e6  # the view sums µb^-1; a run's luminosity reads best in pb^-1
MAX_WINDOW = timedelta(hours=24)  # a time window alone: one day of lumisections at most

SCOPE = (
    Parameter("run", "integer", help="run number; the x axis is then its lumisection number"),
    Parameter("fill", "integer", help="fill number, instead of a run; the x axis is then time"),
    Parameter("ls_min", "integer", help="first lumisection shown (with run)"),
    Parameter("ls_max", "integer", help="last lumisection shown (with run)"),
    Parameter("since", "datetime", help="only lumisections starting at or after this time (UTC)"),
    Parameter("until", "datetime", help="only lumisections starting before this time (UTC)"),
    Parameter("shift", "shift", help="a shift's window instead of since and until, e.g. 2018-10-09/evening (Europe/Zurich)"),
)

# Dead time sources in the order they stack, and how shifters call them.
SOURCE_LABELS = {
    "tts": "TTS", "trigger_rules": "Trigger rules", "bunch_mask": "Bunch mask", "retri": "ReTri",
    "apve": "APVe", "daq_backpressure": "DAQ backpressure", "calibration": "Calibration",
    "fw_pause": "FW pause", "sw_pause": "SW pause",
}  # fmt: skip


@dataclass
class Scope:
    """Which lumisections a probe aggregates, from the parsed SCOPE parameters."""

    run: int | None = None
    fill: int | None = None
    ls_min: int | None = None
    ls_max: int | None = None
    since: object = None
    until: object = None
    shift: Shift | None = None

    @classmethod
    def of_shift(cls, shift):
        return cls(since=shift.start, until=shift.end, shift=shift)

    @classmethod
    def of(cls, values):
        scope = cls(**{p.name: values[p.name] for p in SCOPE})
        if scope.shift is not None:
            for name in ("run", "fill", "since", "until"):
                if getattr(scope, name) is not None:
                    raise DialectError(f"Give a shift or {name}, not both (a shift is a time window).", name)
            scope.since, scope.until = scope.shift.start, scope.shift.end
        return scope

    def check(self):
        scope = self
        if scope.run is not None and scope.fill is not None:
            raise DialectError("Give run or fill, not both (a run's fill is implied).", "fill")
        if scope.run is None and scope.fill is None and (scope.since is None or scope.until is None):
            raise DialectError("Give a run, a fill, or a time window (since and until).", "run")
        for name in ("ls_min", "ls_max"):
            value = getattr(scope, name)
            if value is not None and scope.run is None:
                raise DialectError(f"{name} counts lumisections of one run; give run too.", name)
            if value is not None and value < 1:
                raise DialectError(f"{name} must be 1 or more, not {value}.", name)
        if scope.ls_min is not None and scope.ls_max is not None and scope.ls_min > scope.ls_max:
            raise DialectError(f"ls_max ({scope.ls_max}) is before ls_min ({scope.ls_min}).", "ls_max")
        if scope.since is not None and scope.until is not None:
            if scope.until <= scope.since:
                raise DialectError("until must be after since.", "until")
            if scope.run is None and scope.fill is None and scope.until - scope.since > MAX_WINDOW:
                raise DialectError("A time window without a run or fill spans at most 24 hours.", "until")

    @property
    def by_time(self):
        return self.run is None

    @property
    def label(self):
        if self.run is not None:
            return f"run {self.run}"
        if self.fill is not None:
            return f"fill {self.fill}"
        if self.shift is not None:
            return f"{self.shift.name} shift {self.shift.date}"
        return f"{self.since:%Y-%m-%d %H:%M} – {self.until:%Y-%m-%d %H:%M} UTC"

    @property
    def x_axis(self):
        return Axis("Time (UTC)", type="date") if self.by_time else Axis("Lumisection")

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


def delivered_and_recorded(scope, rows, y):
    """Delivered and recorded lines from rows of (run, LS, start time, delivered, recorded)."""
    x = scope.x_of(rows)
    return Plot(
        title=f"{y.title}, {scope.label}",
        x=scope.x_axis,
        y=y,
        series=[Series("Delivered", "line", x, [r[3] for r in rows]), Series("Recorded", "line", x, [r[4] for r in rows])],
        sources=[scope.lumisection_source],
    )


class LumisectionProbe(Probe):
    parameters = SCOPE

    def validate(self, values):
        Scope.of(values).check()


@register
class InstantaneousLumi(LumisectionProbe):
    name = "inst_lumi"
    title = "Instantaneous luminosity"
    description = "Delivered and recorded instantaneous luminosity per lumisection (mean over the lumisection)."

    def plot(self, **values):
        scope = Scope.of(values)
        rows = list(
            scope.lumisections()
            .annotate(delivered=F("delivered_lumi") / LS_SECONDS, recorded=F("recorded_lumi") / LS_SECONDS)
            .values_list("run_number", "lumisection_number", "start_time", "delivered", "recorded")
        )
        return delivered_and_recorded(scope, rows, Axis("Instantaneous luminosity", INST_LUMI))


@register
class CumulativeLumi(LumisectionProbe):
    name = "cumulative_lumi"
    title = "Delivered and recorded luminosity"
    description = "Integrated luminosity, summed over the lumisections shown, in pb^-1."

    def plot(self, **values):
        scope = Scope.of(values)
        order = [F("run_number").asc(), F("lumisection_number").asc()]
        rows = list(
            scope.lumisections()
            .annotate(
                delivered=Window(Sum("delivered_lumi"), order_by=order) / UB_PER_PB,
                recorded=Window(Sum("recorded_lumi"), order_by=order) / UB_PER_PB,
            )
            .values_list("run_number", "lumisection_number", "start_time", "delivered", "recorded")
        )
        return delivered_and_recorded(scope, rows, Axis("Integrated luminosity", "pb^{-1}"))


@register
class DeadtimeBySource(LumisectionProbe):
    name = "deadtime_by_source"
    title = "Dead time by source"
    description = "Dead time per lumisection, stacked by source (percent of the bunch crossings)."
    parameters = (
        *SCOPE,
        Parameter("scope", "string", default="beamactive", choices=("beamactive", "overall"),
                  help="beamactive: of the crossings with beam (as OMS shows); overall: of all crossings"),
    )  # fmt: skip

    def plot(self, scope="beamactive", **values):
        where = Scope.of(values)
        columns = [DEADTIME_ATTRIBUTES[f"{scope}_{source}"]["percent"] for source in SOURCE_LABELS]
        # Dead times have no time of their own: they take their lumisection's (same run and number).
        lumisections = list(where.lumisections().values_list("run_number", "lumisection_number", "start_time"))
        source = Source(f"dead times of {where.label}", "deadtimes", {
            "run_number": where.run, "fill_number": where.fill,
            "first_lumisection_number[GE]": where.ls_min, "first_lumisection_number[LE]": where.ls_max,
        })  # fmt: skip
        deadtimes = source.queryset().filter(run_number__in={r[0] for r in lumisections})  # a time window: its runs
        percent = {(r[0], r[1]): r[2:] for r in deadtimes.values_list("run_number", "first_lumisection_number", *columns)}
        rows = [ls for ls in lumisections if (ls[0], ls[1]) in percent]
        x = where.x_of(rows)
        return Plot(
            title=f"Dead time by source ({scope}), {where.label}",
            x=where.x_axis,
            y=Axis("Dead time", "%"),
            series=[
                Series(label, "line", x, [percent[r[0], r[1]][i] for r in rows], stack="deadtime")
                for i, label in enumerate(SOURCE_LABELS.values())
            ],
            # Dead times have no time to filter a window by: its link is its lumisections'.
            sources=[where.lumisection_source] + ([source] if where.run is not None or where.fill is not None else []),
        )


# ---------------------------------------------------------------- shifts: what a shifter hands over

SHIFT = Parameter("shift", "shift", required=True, help="a shift in Europe/Zurich time, e.g. 2018-10-09/evening")
BEAMACTIVE_TOTAL = DEADTIME_ATTRIBUTES["beamactive_total_deadtime"]["percent"]
BEAMACTIVE_SOURCES = {label: DEADTIME_ATTRIBUTES[f"beamactive_{source}"]["percent"] for source, label in SOURCE_LABELS.items()}


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


def deadtime_sums(run):
    """{"count": n, column: sum} of the run's dead times (beam active) inside the shift."""
    columns = [BEAMACTIVE_TOTAL, *BEAMACTIVE_SOURCES.values()]
    return run.deadtime_source.queryset().aggregate(count=Count("first_lumisection_number"), **{c: Sum(c) for c in columns})


def percent(part, whole):
    return 100 * part / whole if whole else None


SHIFT_RUN_TABLE = [
    Column("run_number", "Run"), Column("fill_number", "Fill"), Column("start_time", "Start (UTC)"),
    Column("end_time", "End (UTC)"), Column("lumisections", "LS in shift"), Column("first_ls", "First LS"),
    Column("last_ls", "Last LS"), Column("delivered", "Delivered", "pb^{-1}"), Column("recorded", "Recorded", "pb^{-1}"),
    Column("deadtime", "Dead time (beam active)", "%"), Column("bpix_ready", "BPix ready", "%"),
    Column("fpix_ready", "FPix ready", "%"),
]  # fmt: skip


@register
class ShiftRunsProbe(Probe):
    name = "shift_runs"
    title = "Runs of a shift"
    description = ("Per run with lumisections in the shift: those lumisections' delivered and recorded luminosity, "
                   "dead time (beam active) and the share of them with BPix and FPix ready.")  # fmt: skip
    parameters = (SHIFT,)

    def plot(self, shift):
        scope = Scope.of_shift(shift)
        runs = shift_runs(scope)
        # The runs with lumisections in the shift (runs follow each other in time).
        runs_source = Source(f"runs of the {scope.label}", "runs", {
            "run_number[GE]": runs[0].run_number if runs else 0, "run_number[LE]": runs[-1].run_number if runs else 0,
        })  # fmt: skip
        spans = {r: (start, end) for r, start, end in runs_source.queryset().values_list("run_number", "start_time", "end_time")}
        rows = []
        for run in runs:
            deadtimes = deadtime_sums(run)
            rows.append({
                "run_number": run.run_number, "fill_number": run.fill_number,
                "start_time": spans[run.run_number][0], "end_time": spans[run.run_number][1],
                "lumisections": run.lumisections, "first_ls": run.first_ls, "last_ls": run.last_ls,
                "delivered": run.delivered / UB_PER_PB, "recorded": run.recorded / UB_PER_PB,
                "deadtime": deadtimes[BEAMACTIVE_TOTAL] / deadtimes["count"] if deadtimes["count"] else None,
                "bpix_ready": percent(run.bpix_ready, run.lumisections), "fpix_ready": percent(run.fpix_ready, run.lumisections),
            })  # fmt: skip
        x = [str(r["run_number"]) for r in rows]
        return Plot(
            title=f"Luminosity per run in the {scope.label}",
            x=Axis("Run", type="category"), y=Axis("Luminosity in the shift", "pb^{-1}"),
            series=[Series("Delivered", "bar", x, [r["delivered"] for r in rows]),
                    Series("Recorded", "bar", x, [r["recorded"] for r in rows])],
            table=Table(SHIFT_RUN_TABLE, rows),
            sources=[scope.lumisection_source, runs_source, *(r.deadtime_source for r in runs)],
        )  # fmt: skip


SHIFT_TOTAL_TABLE = [
    Column("runs", "Runs"), Column("lumisections", "Lumisections"), Column("delivered", "Delivered", "pb^{-1}"),
    Column("recorded", "Recorded", "pb^{-1}"), Column("efficiency", "Efficiency (recorded / delivered)", "%"),
    Column("deadtime", "Dead time (beam active)", "%"), Column("bpix_ready", "BPix ready", "%"),
    Column("fpix_ready", "FPix ready", "%"),
]  # fmt: skip


@register
class ShiftTotalsProbe(Probe):
    name = "shift_totals"
    title = "Totals of a shift"
    description = ("The shift's delivered and recorded luminosity, efficiency, dead time (beam active) and share of "
                   "lumisections with BPix and FPix ready (the table); the plot shows the dead time by source, each bar labelled with its value.")  # fmt: skip
    parameters = (SHIFT,)
    table_columns = [c.name for c in SHIFT_TOTAL_TABLE]

    def plot(self, shift):
        scope = Scope.of_shift(shift)
        runs = shift_runs(scope)
        sums = [deadtime_sums(run) for run in runs]
        count = sum(s["count"] for s in sums)

        def mean(column):
            return sum(s[column] or 0 for s in sums) / count if count else None

        delivered = sum(r.delivered for r in runs) / UB_PER_PB
        recorded = sum(r.recorded for r in runs) / UB_PER_PB
        totals = {"runs": len(runs), "lumisections": sum(r.lumisections for r in runs), "delivered": delivered,
                  "recorded": recorded, "efficiency": percent(recorded, delivered), "deadtime": mean(BEAMACTIVE_TOTAL),
                  "bpix_ready": percent(sum(r.bpix_ready for r in runs), sum(r.lumisections for r in runs)),
                  "fpix_ready": percent(sum(r.fpix_ready for r in runs), sum(r.lumisections for r in runs))}  # fmt: skip
        labels, by_source = list(BEAMACTIVE_SOURCES), [mean(c) for c in BEAMACTIVE_SOURCES.values()]
        return Plot(
            title=f"Dead time by source (beam active), {scope.label}",
            x=Axis("Source", type="category"), y=Axis("Dead time", "%"),
            series=[Series("Dead time", "bar", labels, by_source, text=[f"{v:.3f} %" for v in by_source])] if count else [],
            table=Table(SHIFT_TOTAL_TABLE, [totals] if runs else []),
            sources=[scope.lumisection_source, *(r.deadtime_source for r in runs)],
        )
