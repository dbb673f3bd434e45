"""FED errors: errors per lumisection and type, per FED and channel, on the DQM ROC maps (their
grid: apps/geometry/maps.py), the worst FEDs and channels, a channel's history, the
channels masked during a shift. Every figure is computed from Sources over the fed_errors and
fed_channels resources.
"""
from collections import defaultdict
from dataclasses import replace
from functools import cache
from operator import itemgetter

from django.db.models import Sum

from apps.oms.models import Run
from apps.oms.lumisections import LumisectionScope, shift_runs
from apps.pixel.models import PixelRoc
from apps.geometry.maps import MAP, MAP_TITLES, RED, RED_ON_GREY, heatmap, map_axes, map_grid
from pixelws.controller import URL_VALUES, fed_channel_of
from pixelws.dialect.errors import DialectError
from pixelws.palette import FED_ERRORS, WARNING
from pixelws.plots import Axis, Column, Plot, Series, Table
from pixelws.probes import Parameter, Probe, register
from pixelws.scope import LS, REQUIRED_RUN, REQUIRED_SHIFT, Scope, ScopeRule, check_ls, last_lumisection, scope_label
from pixelws.shared_queries import shared_rows
from pixelws.sources import Source

from ..models import FED_ERROR_TYPES, TBM_ERRORS, TIMEOUT

FED_CHANNEL = replace(URL_VALUES["fed_channel"].parameter, required=True)  # checked by fed_channel_of
LIMIT = Parameter("limit", "integer", default=10, help="how many rows, 1 to 100")
# A continuous scale from "no errors" (grey) to many (red): cells hold counts, hover says them.
ERROR_COLOURS = [[0, FED_ERRORS["no errors"]], [1e-9, FED_ERRORS["errors"]], [0.5, WARNING], [1, RED]]


# ---------------------------------------------------------------- parameters and sources


def channel_label(fed, channel):
    return f"{fed}/{channel}"


RUN_OR_SHIFT_RULE = ScopeRule(("run", "shift"))
RUN_OR_SHIFT = RUN_OR_SHIFT_RULE.parameters(run="run number (or give a shift)",
                                            shift="a shift instead of a run, e.g. 2018-10-09/evening (Europe/Zurich)")  # fmt: skip


class RunOrShift:
    """Probes over a run or a shift's lumisections (a shift: each of its runs' LS ranges)."""

    scope_rule = RUN_OR_SHIFT_RULE

    @staticmethod
    def error_sources(run=None, shift=None, **filters):
        if run is not None:
            return [Source(f"FED errors of run {run}", "fed_errors", {"run_number": run, **filters})], Scope(run=run).label
        sources = [Source(f"FED errors of run {r.run_number}, LS {r.first_ls}–{r.last_ls}", "fed_errors", {
            "run_number": r.run_number, "lumisection_number[GE]": r.first_ls, "lumisection_number[LE]": r.last_ls, **filters,
        }) for r in shift_runs(LumisectionScope.of_shift(shift))]  # fmt: skip
        return sources, Scope.of_shift(shift).label


def summed(sources, *by, **sums):
    """{key of ``by``: {sum name: value}} over the rows of every source, summed in SQL per source
    (a query the probes of a page may share: pixelws/shared_queries.py)."""
    totals = defaultdict(lambda: dict.fromkeys(sums, 0))
    for source in sources:
        for row in shared_rows(source.queryset().order_by().values(*by).annotate(**sums)):
            key = tuple(row[b] for b in by)
            for name in sums:
                totals[key][name] += row[name] or 0
    return totals


ERROR_SUMS = {"errors": Sum("errors")}
CHANNEL_KEYS = ("fed_id", "fed_channel", "error_type", "module_name")


def channel_errors(sources, *by):
    """{key of ``by`` (two or more of CHANNEL_KEYS): errors}, rolled up from one query per source
    grouped by all of CHANNEL_KEYS: the same query for every probe over a run's channels, so the
    FED errors page's eight portlets over them share its rows instead of each querying the run's
    errors. Rows as tuples, rolled up in one pass (a run's 3600 rows, ~2 ms)."""
    key = itemgetter(*(CHANNEL_KEYS.index(b) for b in by))
    totals = defaultdict(int)
    for source in sources:
        for row in shared_rows(source.queryset().order_by().values_list(*CHANNEL_KEYS).annotate(Sum("errors"))):
            totals[key(row)] += row[-1] or 0
    return totals


def type_label(code):
    return f"{code} {FED_ERROR_TYPES.get(code, 'unknown')}"


# ---------------------------------------------------------------- errors of a run


@register
class FedErrorsPerLs(Probe):
    name = "fed_errors_per_ls"
    title = "FED errors per lumisection, stacked by type"
    description = "Errors of every FED (or one FED channel) in each lumisection of a run, stacked by error type."
    parameters = (REQUIRED_RUN, Parameter("fed_channel", "string", help="only this FED channel, e.g. 1212/17"))

    def plot(self, run, fed_channel=None):
        from apps.events.markers import lumisection_markers  # events read every app's tables

        last_ls = last_lumisection(run)
        fed, channel = fed_channel_of(fed_channel) if fed_channel else (None, None)
        where = f"run {run}" + (f", channel {fed_channel}" if fed_channel else "")
        source = Source(f"FED errors of {where}", "fed_errors", {"run_number": run, "fed_id": fed, "fed_channel": channel})
        counts = summed([source], "error_type", "lumisection_number", **ERROR_SUMS)
        types = sorted({t for t, _ in counts})
        x = list(range(1, last_ls + 1))
        series = [Series(type_label(t), "bar", x, [counts[t, ls]["errors"] if (t, ls) in counts else 0 for ls in x],
                         stack="errors") for t in types]  # fmt: skip
        total = sum(c["errors"] for c in counts.values())
        return Plot(
            title=f"FED errors, {where}: {total}",
            x=Axis("Lumisection"), y=Axis("Errors"), series=series, sources=[source], markers=lumisection_markers(self.name, run),
        )


@register
class FedErrorHeatmap(Probe):
    name = "fed_error_heatmap"
    title = "FED errors per FED and channel"
    description = "Errors of each FED channel during a run (or one LS); click a cell for the channel's history."
    parameters = (REQUIRED_RUN, LS)

    def plot(self, run, ls=None):
        check_ls(ls, last_lumisection(run))
        source = Source(f"FED errors of {scope_label(run, ls)}", "fed_errors", {"run_number": run, "lumisection_number": ls})
        counts = channel_errors([source], "fed_id", "fed_channel")
        cabled = cabled_channels()
        feds = sorted(cabled)
        channels = list(range(1, 49))
        z = [[counts[fed, c] if (fed, c) in counts else (0 if c in cabled[fed] else None)
              for c in channels] for fed in feds]  # fmt: skip
        text = [[f"FED {fed} channel {c}: {counts.get((fed, c), 0)} errors" for c in channels] for fed in feds]
        ids = [[channel_label(fed, c) for c in channels] for fed in feds]
        return Plot(
            title=f"FED errors per channel, {scope_label(run, ls)}",
            x=Axis("FED channel"), y=Axis("FED", type="category"), z=Axis("Errors"),
            series=[Series("Errors", "heatmap", channels, [str(f) for f in feds], z=z, text=text, customdata=ids)],
            sources=[source],
        )


@cache
def cabled_channels():
    """{FED: the channels the cabling map uses} (static)."""
    channels = defaultdict(set)
    for fed, channel in PixelRoc.objects.exclude(fed_id=None).values_list("fed_id", "fed_channel").distinct():
        channels[fed].add(channel)
    return dict(channels)


@cache
def rocs_of_channel(map_name):
    """{(FED, channel): [the ROC names it reads on this map]} (static, from pixel_rocs)."""
    rocs = defaultdict(list)
    for name, fed, channel in PixelRoc.objects.filter(map_name=map_name).values_list("name", "fed_id", "fed_channel"):
        rocs[fed, channel].append(name)
    return dict(rocs)


@register
class FedErrorRocMap(Probe):
    name = "fed_error_roc_map"
    title = "FED errors on a DQM ROC map"
    description = "Each FED channel's errors in a run, counted on every ROC the channel reads. Hover: ROC, channel, errors."
    parameters = (REQUIRED_RUN, MAP, LS)

    def prepare(self):
        for map_name in MAP_TITLES:
            rocs_of_channel(map_name)
        cabled_channels()

    def plot(self, run, map, ls=None):
        check_ls(ls, last_lumisection(run))
        grid = map_grid(map)
        source = Source(f"FED errors of run {run}, {map}" + (f", LS {ls}" if ls else ""), "fed_errors",
                        {"run_number": run, "lumisection_number": ls})  # fmt: skip
        counts = channel_errors([source], "fed_id", "fed_channel")
        rocs = rocs_of_channel(map)
        marks = [(roc, n, f"{roc}<br>FED {fed} channel {channel}: {n} errors")
                 for (fed, channel), n in counts.items() for roc in rocs.get((fed, channel), ())]  # fmt: skip
        top = max((m[1] for m in marks), default=0)
        x, y = map_axes(map)
        return Plot(
            title=f"FED errors, {MAP_TITLES[map]}, {scope_label(run, ls)}: {len(marks)} ROCs on channels with errors",
            x=x, y=y, z=Axis("Errors of the ROC's channel"),
            series=[heatmap(grid, "FED errors", 0, marks, ERROR_COLOURS, 0, max(top, 1))],
            sources=[source],
        )  # fmt: skip


# ---------------------------------------------------------------- the worst FEDs and channels


CHANNEL_TABLE = [Column("fed_channel", "FED channel"), Column("module_name", "Module"), Column("errors", "Errors"),
                 Column("timeouts", "Timeouts"), Column("tbm_errors", "TBM errors"), Column("worst_type", "Most frequent")]  # fmt: skip
FED_TABLE = [Column("fed_id", "FED"), Column("errors", "Errors"), Column("timeouts", "Timeouts"),
             Column("channels", "Channels with errors"), Column("worst_channel", "Worst channel"),
             Column("worst_channel_errors", "Its errors")]  # fmt: skip


def per_channel_and_type(sources):
    """{(fed, channel): {error type: errors}} and {(fed, channel): module name}."""
    counts = channel_errors(sources, *CHANNEL_KEYS)
    by_channel, modules = defaultdict(dict), {}
    for (fed, channel, kind, module), n in counts.items():
        by_channel[fed, channel][kind] = n
        modules[fed, channel] = module
    return by_channel, modules


def channel_rows(by_channel, modules):
    """One row per channel with errors, most errors first (ties: FED, channel)."""
    rows = [{"fed_channel": channel_label(*key), "fed_id": key[0], "module_name": modules[key],
             "errors": sum(types.values()), "timeouts": types.get(TIMEOUT, 0),
             "tbm_errors": sum(types.get(t, 0) for t in TBM_ERRORS),
             "worst_type": type_label(max(types, key=lambda t: (types[t], -t)))}
            for key, types in by_channel.items()]  # fmt: skip
    return sorted(rows, key=lambda r: (-r["errors"], *fed_channel_of(r["fed_channel"])))


def check_limit(limit):
    if not 1 <= limit <= 100:
        raise DialectError(f"limit must be 1 to 100, not {limit}.", "limit")


@register
class TopFedChannels(RunOrShift, Probe):
    name = "top_fed_channels"
    title = "FED channels with the most errors"
    description = "The channels with the most errors in a run or a shift; click a row for the channel's history."
    parameters = (*RUN_OR_SHIFT, LIMIT)
    table_columns = [c.name for c in CHANNEL_TABLE]

    def plot(self, run=None, shift=None, limit=10):
        check_limit(limit)
        sources, label = self.error_sources(run, shift)
        rows = channel_rows(*per_channel_and_type(sources))[:limit]
        return Plot(
            title=f"The {len(rows)} FED channels with the most errors, {label}",
            x=Axis("FED channel", type="category"), y=Axis("Errors"),
            series=[Series("Errors", "bar", [r["fed_channel"] for r in rows], [r["errors"] for r in rows],
                           customdata=[r["fed_channel"] for r in rows], color=RED)],
            table=Table(CHANNEL_TABLE, rows), sources=sources,
        )  # fmt: skip


@register
class TopFeds(RunOrShift, Probe):
    name = "top_feds"
    title = "FEDs with the most errors"
    description = "The FEDs with the most errors in a run or a shift, and each one's worst channel (click for its history)."
    parameters = (*RUN_OR_SHIFT, LIMIT)
    table_columns = [c.name for c in FED_TABLE]

    def plot(self, run=None, shift=None, limit=10):
        check_limit(limit)
        sources, label = self.error_sources(run, shift)
        feds = {}
        for row in channel_rows(*per_channel_and_type(sources)):  # most errors first: a FED's first is its worst
            fed = feds.setdefault(row["fed_id"], {"fed_id": row["fed_id"], "errors": 0, "timeouts": 0, "channels": 0,
                                                  "worst_channel": row["fed_channel"], "worst_channel_errors": row["errors"]})  # fmt: skip
            fed["errors"] += row["errors"]
            fed["timeouts"] += row["timeouts"]
            fed["channels"] += 1
        rows = sorted(feds.values(), key=lambda r: (-r["errors"], r["fed_id"]))[:limit]
        x = [str(r["fed_id"]) for r in rows]
        return Plot(
            title=f"The {len(rows)} FEDs with the most errors, {label}",
            x=Axis("FED", type="category"), y=Axis("Errors"),
            series=[Series("Timeouts", "bar", x, [r["timeouts"] for r in rows], stack="fed", color=RED),
                    Series("Other errors", "bar", x, [r["errors"] - r["timeouts"] for r in rows], stack="fed")],
            table=Table(FED_TABLE, rows), sources=sources,
        )  # fmt: skip


TYPE_TABLE = [Column("error_type", "Code"), Column("error_name", "Error"), Column("errors", "Errors"),
              Column("channels", "Channels")]  # fmt: skip


@register
class FedErrorsByType(RunOrShift, Probe):
    name = "fed_errors_by_type"
    title = "FED errors per type"
    description = "Errors of each type in a run or a shift, and on how many channels."
    parameters = RUN_OR_SHIFT
    table_columns = [c.name for c in TYPE_TABLE]

    def plot(self, run=None, shift=None):
        sources, label = self.error_sources(run, shift)
        counts = channel_errors(sources, "error_type", "fed_id", "fed_channel")
        rows = {}
        for (kind, _, _), n in counts.items():
            row = rows.setdefault(kind, {"error_type": kind, "error_name": FED_ERROR_TYPES.get(kind), "errors": 0, "channels": 0})
            row["errors"] += n
            row["channels"] += 1
        rows = [rows[k] for k in sorted(rows)]
        return Plot(
            title=f"FED errors per type, {label}: {sum(r['errors'] for r in rows)}",
            x=Axis("Error type", type="category"), y=Axis("Errors"),
            series=[Series("Errors", "bar", [type_label(r["error_type"]) for r in rows], [r["errors"] for r in rows])],
            table=Table(TYPE_TABLE, rows), sources=sources,
        )  # fmt: skip


# ---------------------------------------------------------------- one channel


STATE_TABLE = [Column("run_number", "Run"), Column("first_lumisection_number", "First LS"),
               Column("last_lumisection_number", "Last LS"), Column("state", "State"), Column("errors", "Errors"),
               Column("timeouts", "Timeouts"), Column("tbm_errors", "TBM errors")]  # fmt: skip


@register
class FedChannelHistory(Probe):
    name = "fed_channel_history"
    title = "A FED channel's errors and states across runs"
    description = ("Per run: the channel's errors stacked by type; the table lists its masked and disabled intervals "
                   "and every interval with errors.")  # fmt: skip
    parameters = (FED_CHANNEL,)
    table_columns = [c.name for c in STATE_TABLE]

    def plot(self, fed_channel):
        fed, channel = fed_channel_of(fed_channel)
        errors = Source(f"FED errors of channel {fed_channel}", "fed_errors", {"fed_id": fed, "fed_channel": channel})
        states = Source(f"states of channel {fed_channel}", "fed_channels", {"fed_id": fed, "fed_channel": channel})
        counts = summed([errors], "error_type", "run_number", **ERROR_SUMS)
        runs = [str(r) for r in Run.objects.order_by("run_number").values_list("run_number", flat=True)]
        rows = list(
            states.queryset().exclude(state="enabled", errors=0).order_by("run_number", "first_lumisection_number")
            .values(*(c.name for c in STATE_TABLE))
        )  # fmt: skip
        return Plot(
            title=f"FED channel {fed_channel}: {sum(c['errors'] for c in counts.values())} errors, "
                  f"masked or disabled in {len({r['run_number'] for r in rows if r['state'] != 'enabled'})} runs",
            x=Axis("Run", type="category"), y=Axis("Errors"),
            series=[Series(type_label(t), "bar", runs, [counts[t, int(r)]["errors"] if (t, int(r)) in counts else 0
                                                         for r in runs], stack="errors")
                    for t in sorted({t for t, _ in counts})],
            table=Table(STATE_TABLE, rows), sources=[errors, states],
        )  # fmt: skip


@register
class FedChannelMap(Probe):
    name = "fed_channel_map"
    title = "A FED channel's ROCs on their DQM ROC map"
    description = "The ROCs the channel reads, red on the map of its module; hover for their names."
    parameters = (FED_CHANNEL,)

    def plot(self, fed_channel):
        fed, channel = fed_channel_of(fed_channel)
        source = Source(f"ROCs of channel {fed_channel}", "pixel_rocs", {"fed_id": fed, "fed_channel": channel})
        rocs = list(source.queryset().order_by("roc").values_list("name", "map_name", "module_name"))
        if not rocs:
            raise DialectError(f"FED channel {fed_channel} is not in the cabling map.", "fed_channel")
        map_name, module = rocs[0][1], rocs[0][2]
        x, y = map_axes(map_name)
        marks = [(name, 1, f"{name}<br>FED channel {fed_channel}") for name, _, _ in rocs]
        return Plot(
            title=f"FED channel {fed_channel}: {len(rocs)} ROCs of {module}, {MAP_TITLES[map_name]}",
            x=x, y=y, z=Axis("On the channel"),
            series=[heatmap(map_grid(map_name), "ROCs of the channel", 0, marks, RED_ON_GREY, 0, 1)],
            sources=[source],
        )  # fmt: skip


# ---------------------------------------------------------------- the shift


MASKED_TABLE = [Column("run_number", "Run"), Column("fed_channel", "FED channel"), Column("module_name", "Module"),
                Column("first_lumisection_number", "Masked from LS"), Column("last_lumisection_number", "to LS")]  # fmt: skip


@register
class ShiftMaskedChannels(Probe):
    name = "shift_masked_channels"
    title = "FED channels the DAQ masked during a shift"
    description = "Channels automasked from a lumisection inside the shift (click a row for the channel's history)."
    parameters = (REQUIRED_SHIFT,)
    table_columns = [c.name for c in MASKED_TABLE]

    def plot(self, shift):
        sources = [Source(f"channels masked in run {r.run_number}, LS {r.first_ls}–{r.last_ls}", "masked_channels", {
            "run_number": r.run_number, "source": "automask",
            "first_lumisection_number[GE]": r.first_ls, "first_lumisection_number[LE]": r.last_ls,
        }) for r in shift_runs(LumisectionScope.of_shift(shift))]  # fmt: skip
        rows = [dict(row, fed_channel=channel_label(row.pop("fed_id"), row.pop("fed_channel")))
                for source in sources
                for row in source.queryset().order_by("first_lumisection_number", "fed_id", "fed_channel").values(
                    "run_number", "fed_id", "fed_channel", "module_name", "first_lumisection_number",
                    "last_lumisection_number")]  # fmt: skip
        per_run = defaultdict(int)
        for row in rows:
            per_run[str(row["run_number"])] += 1
        return Plot(
            title=f"{len(rows)} FED channels masked during the {shift.name} shift {shift.date}",
            x=Axis("Run", type="category"), y=Axis("Channels masked"),
            series=[Series("Masked", "bar", list(per_run), list(per_run.values()), color=RED)],
            table=Table(MASKED_TABLE, rows), sources=sources,
        )  # fmt: skip
