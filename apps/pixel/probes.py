"""Masked ROCs and FED channels: DQM-style ROC maps, masking over a run, run comparison and a
ROC's history. Every figure is computed from a Source over the masked_rocs / masked_channels
resources (pixelws/sources.py) and links it: each cell and count is made of the rows the API
serves behind that link.
"""
from dataclasses import replace

from apps.geometry import phase1
from apps.geometry.maps import (
    DARK_GREY, GREEN, MAP, MAP_TITLES, RED, RED_ON_GREY, detector, heatmap, map_axes, map_grid, part_of,
)  # fmt: skip
from apps.oms.lumisections import LumisectionScope, shift_runs
from apps.oms.models import Run
from pixelws.dialect.errors import DialectError
from pixelws.palette import MASKING_CHANGES
from pixelws.plots import Axis, Column, Plot, Series, Table
from pixelws.probes import Parameter, Probe, register
from pixelws.scope import LS, REQUIRED_RUN, REQUIRED_SHIFT, check_ls, last_lumisection, scope_label
from pixelws.sources import Source

from .masking import masked_per_ls, masking_source

MASKED, NOT_MASKED = 1, 0
NEWLY_MASKED, RECOVERED, STILL_MASKED, UNCHANGED = 1, -1, 0.5, 0
# Discrete colours over z: grey = not masked, red = masked (RED_ON_GREY); a comparison's over z -1 … 1
# (fractions 0 … 1 of the scale), each change's colour from the palette its legend shows.
CHANGE_EDGES = {"recovered": (0, 0.25), "unchanged": (0.25, 0.6), "masked in both runs": (0.6, 0.85), "newly masked": (0.85, 1)}
CHANGE_COLOURS = [[edge, MASKING_CHANGES[change]] for change, edges in CHANGE_EDGES.items() for edge in edges]
MASK_FIELDS = ("roc_name", "map_name", "first_lumisection_number", "last_lumisection_number", "source", "scope")

MASKED_AT = replace(LS, help="one lumisection: what was masked then (default: at any time in the run)")
REFERENCE_RUN = Parameter("reference_run", "integer", help="run to compare with (default: the run before)")


# ---------------------------------------------------------------- shared queries and checks


def masked_rocs(source):
    """{ROC name: [mask rows as dicts]} of a masked_rocs source, ordered by first lumisection."""
    by_roc = {}
    for row in source.queryset().order_by("first_lumisection_number").values(*MASK_FIELDS):
        by_roc.setdefault(row["roc_name"], []).append(row)
    return by_roc


def interval_text(rows):
    return "; ".join(
        f"LS {r['first_lumisection_number']}–{r['last_lumisection_number']} ({r['source']}, {r['scope']})" for r in rows
    )


def previous_run(run):
    return Run.objects.filter(run_number__lt=run).order_by("-run_number").values_list("run_number", flat=True).first()


CHANGE_TABLE = [Column("roc_name", "ROC"), Column("map_name", "Map"), Column("change", "Change")]
MASK_TABLE = [Column("roc_name", "ROC"), Column("first_lumisection_number", "First LS"),
              Column("last_lumisection_number", "Last LS"), Column("source", "Source"), Column("scope", "Masked as")]  # fmt: skip


# ---------------------------------------------------------------- probes


@register
class RocMap(Probe):
    name = "roc_map"
    title = "Masked ROCs on a DQM ROC map"
    description = "One cell per ROC: red where the DAQ masked it during the run (or at one LS). Hover: the ROC's name."
    parameters = (REQUIRED_RUN, MAP, MASKED_AT)

    def prepare(self):
        detector()  # shared by every masking probe

    def plot(self, run, map, ls=None):
        check_ls(ls, last_lumisection(run))
        grid = map_grid(map)
        source = masking_source("masked_rocs", run, ls, map_name=map)
        by_roc = masked_rocs(source)
        marks = [(name, MASKED, f"{name}<br>masked: {interval_text(rows)}") for name, rows in by_roc.items()]
        x, y = map_axes(map)
        return Plot(
            title=f"Masked ROCs, {MAP_TITLES[map]}, {scope_label(run, ls)}: {len(by_roc)} of {len(grid.cells)}",
            x=x, y=y, z=Axis("Masked"),
            series=[heatmap(grid, "Masked ROCs", NOT_MASKED, marks, RED_ON_GREY, NOT_MASKED, MASKED)],
            table=Table(MASK_TABLE, [r for rows in by_roc.values() for r in rows]),
            sources=[source],
        )  # fmt: skip


def changes(run, reference_run, **filters):
    """(newly masked, recovered, still masked) ROC names of ``run`` against ``reference_run``,
    and the two masked_rocs sources compared."""
    sources = [replace(masking_source("masked_rocs", run, **filters), label=f"masked_rocs, run {run}"),
               replace(masking_source("masked_rocs", reference_run, **filters), label=f"masked_rocs, reference {reference_run}")]
    now, before = (set(masked_rocs(source)) for source in sources)
    return now - before, before - now, now & before, sources


def reference_of(run, reference_run):
    last_lumisection(run)
    if reference_run is None:
        reference_run = previous_run(run)
        if reference_run is None:
            raise DialectError(f"Run {run} is the first run in the database; give a reference_run.", "reference_run")
    last_lumisection(reference_run, "reference_run")
    return reference_run


@register
class RocMapComparison(Probe):
    name = "roc_map_comparison"
    table_columns = [c.name for c in CHANGE_TABLE]
    title = "Masked ROCs of two runs on a DQM ROC map"
    description = "Red: masked in run, not in reference_run; green: recovered; dark grey: masked in both."
    parameters = (REQUIRED_RUN, REFERENCE_RUN, MAP)

    def plot(self, run, map, reference_run=None):
        reference_run = reference_of(run, reference_run)
        grid = map_grid(map)
        newly, recovered, still, sources = changes(run, reference_run, map_name=map)
        marks = [(name, value, f"{name}<br>{label}")
                 for names, value, label in ((newly, NEWLY_MASKED, "newly masked"), (recovered, RECOVERED, "recovered"),
                                             (still, STILL_MASKED, "masked in both runs"))
                 for name in names]  # fmt: skip
        x, y = map_axes(map)
        rows = change_rows(newly, recovered)
        return Plot(
            title=f"Run {run} vs {reference_run}: {len(newly)} new, {len(recovered)} recovered",
            x=x, y=y, z=Axis("Change"),
            series=[heatmap(grid, "Masking change", UNCHANGED, marks, CHANGE_COLOURS, RECOVERED, NEWLY_MASKED,
                            legend=MASKING_CHANGES)],  # fmt: skip
            table=Table(CHANGE_TABLE, rows),
            sources=sources,
        )  # fmt: skip


def change_rows(newly, recovered):
    map_of = {name: phase1.parse_roc_name(name).module.map_name for name in newly | recovered}
    return [{"roc_name": n, "map_name": map_of[n], "change": change}
            for names, change in ((newly, "newly masked"), (recovered, "recovered")) for n in sorted(names)]  # fmt: skip


def change_bars(rows):
    """Bars per map of how many ROCs of change_rows were newly masked, and recovered."""
    count = {(m, c): 0 for m in phase1.MAP_NAMES for c in ("newly masked", "recovered")}
    for row in rows:
        count[row["map_name"], row["change"]] += 1
    maps = list(phase1.MAP_NAMES)
    return [Series(change.capitalize(), "bar", maps, [count[m, change] for m in maps], color=colour)
            for change, colour in (("newly masked", RED), ("recovered", GREEN))]  # fmt: skip


@register
class MaskedRocChanges(Probe):
    name = "masked_roc_changes"
    table_columns = [c.name for c in CHANGE_TABLE]
    title = "Newly masked and recovered ROCs between two runs"
    description = "Per map: how many ROCs are masked in run but not in reference_run, and the reverse; the table lists them."
    parameters = (REQUIRED_RUN, REFERENCE_RUN)

    def plot(self, run, reference_run=None):
        reference_run = reference_of(run, reference_run)
        newly, recovered, _, sources = changes(run, reference_run)
        rows = change_rows(newly, recovered)
        return Plot(
            title=f"Run {run} vs {reference_run}: {len(newly)} new, {len(recovered)} recovered",
            x=Axis("ROC map", type="category"), y=Axis("ROCs"),
            series=change_bars(rows),
            table=Table(CHANGE_TABLE, rows),
            sources=sources,
        )  # fmt: skip


@register
class MaskedOverTime(Probe):
    name = "masked_over_time"
    title = "Masked FED channels and ROCs per lumisection"
    description = "How many FED channels and ROCs the DAQ had masked at each lumisection of a run."
    parameters = (REQUIRED_RUN,)

    def plot(self, run):
        from apps.events.markers import lumisection_markers  # events read every app's tables

        last_ls = last_lumisection(run)
        x = list(range(1, last_ls + 1))
        channels, rocs = masking_source("masked_channels", run), masking_source("masked_rocs", run)
        return Plot(
            title=f"Masked FED channels and ROCs, run {run}",
            x=Axis("Lumisection"), y=Axis("Masked"),
            series=[Series("Masked FED channels", "step", x, masked_per_ls(channels, last_ls)),
                    Series("Masked ROCs", "step", x, masked_per_ls(rocs, last_ls))],
            sources=[channels, rocs],
            markers=lumisection_markers(self.name, run),
        )  # fmt: skip


SUMMARY_TABLE = [Column("part", "Part"), Column("masked", "Masked ROCs"), Column("total", "ROCs"),
                 Column("percent", "Masked", "%")]  # fmt: skip


def masked_per_part(names):
    """{summary part: how many of these ROC names count in it}."""
    part_of_roc = detector().part_of_roc
    masked = dict.fromkeys(detector().totals, 0)
    for name in names:
        for part in part_of_roc[name]:
            masked[part] += 1
    return masked


@register
class MaskedSummary(Probe):
    name = "masked_summary"
    title = "Masked ROCs per layer, disk and ring"
    description = "Masked / total / % per BPix layer, per FPix disk and ring, per subdetector and for the whole detector."
    parameters = (REQUIRED_RUN, MASKED_AT)

    def plot(self, run, ls=None):
        check_ls(ls, last_lumisection(run))
        totals = detector().totals
        source = masking_source("masked_rocs", run, ls)
        masked = masked_per_part(masked_rocs(source))
        rows = [{"part": p, "masked": masked[p], "total": t, "percent": round(100 * masked[p] / t, 3)}
                for p, t in totals.items()]  # fmt: skip
        return Plot(
            title=f"Masked ROCs, {scope_label(run, ls)}: {masked['Pixel']} of {totals['Pixel']} "
                  f"({rows[-1]['percent']:.2f} %)",
            x=Axis("Part", type="category"), y=Axis("Masked ROCs", "%"),
            series=[Series("Masked", "bar", [r["part"] for r in rows], [r["percent"] for r in rows])],
            table=Table(SUMMARY_TABLE, rows),
            sources=[source],
        )  # fmt: skip


def roc_name(raw):
    try:
        return phase1.parse_roc_name(raw).name
    except ValueError as error:
        raise DialectError(f"'{raw}' is not a ROC name: {error}", "roc") from None


@register
class RocHistory(Probe):
    name = "roc_history"
    title = "A ROC's masking across runs"
    description = "Per run: the share of its lumisections in which the DAQ masked this ROC; the table lists each interval."
    parameters = (Parameter("roc", "string", required=True, help="online ROC name, e.g. BPix_BmO_SEC1_LYR1_LDR1F_MOD1_ROC0"),)

    def plot(self, roc):
        name = roc_name(roc)
        runs = dict(Run.objects.order_by("run_number").values_list("run_number", "last_lumisection_number"))
        source = Source(f"masking of {name}", "masked_rocs", {"roc_name": name})
        rows = list(
            source.queryset().order_by("run_number", "first_lumisection_number")
            .values("run_number", "first_lumisection_number", "last_lumisection_number", "lumisections", "source", "scope")
        )  # fmt: skip
        masked = {}
        for row in rows:
            masked[row["run_number"]] = masked.get(row["run_number"], 0) + row["lumisections"]
        return Plot(
            title=f"{name}: masked in {len(masked)} of {len(runs)} runs",
            x=Axis("Run", type="category"), y=Axis("Lumisections masked", "%"),
            series=[Series("Masked", "bar", [str(r) for r in runs],
                           [round(100 * masked.get(r, 0) / ls, 3) if ls else 0 for r, ls in runs.items()],
                           text=[f"{masked.get(r, 0)} of {ls or 0} LS" for r, ls in runs.items()], color=RED)],
            table=Table([Column("run_number", "Run"), *MASK_TABLE[1:3], Column("lumisections", "Lumisections"),
                         *MASK_TABLE[3:]], rows),
            sources=[source],
        )  # fmt: skip


# ---------------------------------------------------------------- shifts: masking at their start and end


def shift_edges(shift):
    """(run, LS) of the first and the last lumisection inside the shift, or None without any."""
    runs = shift_runs(LumisectionScope.of_shift(shift))
    return ((runs[0].run_number, runs[0].first_ls), (runs[-1].run_number, runs[-1].last_ls)) if runs else None


def shift_masking(shift):
    """(ROCs masked at the shift's start, at its end, the two sources), each {name: rows}."""
    edges = shift_edges(shift)
    if edges is None:
        return {}, {}, []
    sources = [masking_source("masked_rocs", run, ls) for run, ls in edges]
    return *(masked_rocs(s) for s in sources), sources


SHIFT_SUMMARY_TABLE = [Column("part", "Part"), Column("at_start", "Masked at start"), Column("at_end", "Masked at end"),
                       Column("change", "Change"), Column("total", "ROCs"), Column("percent", "Masked at end", "%")]  # fmt: skip


@register
class ShiftMaskedSummary(Probe):
    name = "shift_masked_summary"
    title = "Masked ROCs per part at a shift's start and end"
    description = ("Masked ROCs per BPix layer, FPix disk and ring, at the first and at the last lumisection "
                   "inside the shift.")  # fmt: skip
    parameters = (REQUIRED_SHIFT,)

    def plot(self, shift):
        start, end, sources = shift_masking(shift)
        totals = detector().totals
        before, after = masked_per_part(start), masked_per_part(end)
        rows = [{"part": p, "at_start": before[p], "at_end": after[p], "change": after[p] - before[p], "total": t,
                 "percent": round(100 * after[p] / t, 3)} for p, t in totals.items()] if sources else []  # fmt: skip
        parts = [r["part"] for r in rows]
        return Plot(
            title=f"Masked ROCs at the start and end of the {shift.name} shift {shift.date}",
            x=Axis("Part", type="category"), y=Axis("Masked ROCs"),
            series=[Series(label, "bar", parts, [r[key] for r in rows], color=colour)
                    for label, key, colour in (("At start", "at_start", DARK_GREY), ("At end", "at_end", RED))],
            table=Table(SHIFT_SUMMARY_TABLE, rows),
            sources=sources,
        )  # fmt: skip


@register
class ShiftMaskingChanges(Probe):
    name = "shift_masking_changes"
    table_columns = [c.name for c in CHANGE_TABLE]
    title = "ROCs newly masked and recovered during a shift"
    description = ("Newly masked: masked at the last lumisection inside the shift, not at the first; "
                   "recovered: the reverse. Per map, and the ROCs listed.")  # fmt: skip
    parameters = (REQUIRED_SHIFT,)
    columns = CHANGE_TABLE

    def table_rows(self, newly, recovered):
        return change_rows(newly, recovered)

    def plot(self, shift):
        start, end, sources = shift_masking(shift)
        newly, recovered = set(end) - set(start), set(start) - set(end)
        return Plot(
            title=f"{shift.name.capitalize()} shift {shift.date}: {len(newly)} newly masked, {len(recovered)} recovered",
            x=Axis("ROC map", type="category"), y=Axis("ROCs"),
            series=change_bars(change_rows(newly, recovered)) if sources else [],
            table=Table(self.columns, self.table_rows(newly, recovered)),
            sources=sources,
        )  # fmt: skip


MODULE_CHANGE_TABLE = [Column("module", "Module"), Column("rocs", "ROCs"), Column("count", "Count"),
                       Column("change", "Change"), Column("part", "Part"), Column("roc_name", "First ROC")]  # fmt: skip


def roc_ranges(indices):
    """ROC indices of one module as ranges: [0, 1, 2, 3, 8, 10, 11] → "ROC 0–3, 8, 10–11"."""
    ranges, ordered = [], sorted(indices)
    for index in ordered:
        if ranges and index == ranges[-1][1] + 1:
            ranges[-1][1] = index
        else:
            ranges.append([index, index])
    return "ROC " + ", ".join(str(a) if a == b else f"{a}–{b}" for a, b in ranges)


def module_change_rows(newly, recovered):
    """change_rows grouped by module and change: one row per module with its ROC ranges."""
    groups = {}
    for names, change in ((newly, "newly masked"), (recovered, "recovered")):
        for name in names:
            roc = phase1.parse_roc_name(name)
            groups.setdefault((roc.module.name, change), []).append(roc)
    rows = []
    for (module, change), rocs in sorted(groups.items()):
        first = min(rocs, key=lambda r: r.roc)
        rows.append({"module": module, "part": part_of(first)[0], "change": change, "rocs": roc_ranges(r.roc for r in rocs),
                     "count": len(rocs), "roc_name": first.name})  # fmt: skip
    return rows


@register
class ShiftMaskingByModule(ShiftMaskingChanges):
    name = "shift_masking_by_module"
    table_columns = [c.name for c in MODULE_CHANGE_TABLE]
    columns = MODULE_CHANGE_TABLE
    title = "Masking changes of a shift, by module"
    description = ("shift_masking_changes grouped: per module and change (newly masked, recovered), its ROCs as ranges "
                   "(ROC 0–15) and their count; the bars count ROCs per map. The ROCs one by one: shift_masking_changes.")  # fmt: skip

    def table_rows(self, newly, recovered):
        return module_change_rows(newly, recovered)
