"""Luminosity and dead time probes, per lumisection, for a run, a fill or a time window.

For a run the x axis is the lumisection number; for a fill or a time window (several runs, each
counting lumisections from 1) it is the lumisection's start time.
"""
from django.db.models import Count, F, Sum, Window

from pixelws.plots import Axis, Column, Plot, Series, Table
from pixelws.probes import Parameter, Probe, register
from pixelws.scope import REQUIRED_SHIFT
from pixelws.sources import Source

from .lumisections import SCOPE, SCOPE_RULE, LumisectionScope, shift_runs
from .models import DEADTIME_ATTRIBUTES
from .resources import INST_LUMI

LS_SECONDS = 23.3104  # 2^18 orbits: the LUMISECTIONS view's delivered_lumi is over this time
UB_PER_PB = 1e6  # the view sums µb^-1; a run's luminosity reads best in pb^-1

# Dead time sources in the order they stack, and how shifters call them.
SOURCE_LABELS = {
    "tts": "TTS", "trigger_rules": "Trigger rules", "bunch_mask": "Bunch mask", "retri": "ReTri",
    "apve": "APVe", "daq_backpressure": "DAQ backpressure", "calibration": "Calibration",
    "fw_pause": "FW pause", "sw_pause": "SW pause",
}  # fmt: skip


def delivered_and_recorded(probe, scope, rows, y):
    """Delivered and recorded lines from rows of (run, LS, start time, delivered, recorded)."""
    from apps.events.markers import lumisection_markers, time_markers  # events read every app's tables

    x = scope.x_of(rows)
    markers = [] if not rows else time_markers(probe, rows[0][2], rows[-1][2]) if scope.by_time else lumisection_markers(probe, scope.run)
    return Plot(
        title=f"{y.title}, {scope.label}",
        x=scope.x_axis,
        y=y,
        series=[Series("Delivered", "line", x, [r[3] for r in rows]), Series("Recorded", "line", x, [r[4] for r in rows])],
        sources=[scope.lumisection_source],
        markers=markers,
    )


class LumisectionProbe(Probe):
    parameters = SCOPE
    scope_rule = SCOPE_RULE

    def validate(self, values):
        LumisectionScope.of(values)  # its lumisection numbers


@register
class InstantaneousLumi(LumisectionProbe):
    name = "inst_lumi"
    title = "Instantaneous luminosity"
    description = "Delivered and recorded instantaneous luminosity per lumisection (mean over the lumisection)."

    def plot(self, **values):
        scope = LumisectionScope.of(values)
        rows = list(
            scope.lumisections()
            .annotate(delivered=F("delivered_lumi") / LS_SECONDS, recorded=F("recorded_lumi") / LS_SECONDS)
            .values_list("run_number", "lumisection_number", "start_time", "delivered", "recorded")
        )
        return delivered_and_recorded(self.name, scope, rows, Axis("Instantaneous luminosity", INST_LUMI))


@register
class CumulativeLumi(LumisectionProbe):
    name = "cumulative_lumi"
    title = "Delivered and recorded luminosity"
    description = "Integrated luminosity, summed over the lumisections shown, in pb^-1."

    def plot(self, **values):
        scope = LumisectionScope.of(values)
        order = [F("run_number").asc(), F("lumisection_number").asc()]
        rows = list(
            scope.lumisections()
            .annotate(
                delivered=Window(Sum("delivered_lumi"), order_by=order) / UB_PER_PB,
                recorded=Window(Sum("recorded_lumi"), order_by=order) / UB_PER_PB,
            )
            .values_list("run_number", "lumisection_number", "start_time", "delivered", "recorded")
        )
        return delivered_and_recorded(self.name, scope, rows, Axis("Integrated luminosity", "pb^{-1}"))


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
        where = LumisectionScope.of(values)
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

BEAMACTIVE_TOTAL = DEADTIME_ATTRIBUTES["beamactive_total_deadtime"]["percent"]
BEAMACTIVE_SOURCES = {label: DEADTIME_ATTRIBUTES[f"beamactive_{source}"]["percent"] for source, label in SOURCE_LABELS.items()}


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
    parameters = (REQUIRED_SHIFT,)

    def plot(self, shift):
        scope = LumisectionScope.of_shift(shift)
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
    parameters = (REQUIRED_SHIFT,)
    table_columns = [c.name for c in SHIFT_TOTAL_TABLE]

    def plot(self, shift):
        scope = LumisectionScope.of_shift(shift)
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
