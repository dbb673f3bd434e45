"""ROC readbacks: distributions per layer / ring with their outliers, on the DQM ROC maps, across
runs. Every figure is computed from Sources over the readbacks resource.
"""
from collections import defaultdict
from itertools import chain
from statistics import median

from django.db import connections
from django.db.models import F, Max

from apps.geometry.maps import MAP, MAP_TITLES, heatmap, map_axes, map_grid
from pixelws import downsampling
from pixelws.dialect.errors import DialectError
from pixelws.plots import Axis, Column, Plot, Series, Table
from pixelws.probes import Parameter, Probe, register
from pixelws.scope import REQUIRED_RUN, last_lumisection
from pixelws.shared_queries import shared_rows
from pixelws.sources import Source

READBACK_UNITS = {"vd": "V", "va": "V", "vana_dac": "DAC", "vana": "V", "vbg": "V", "iana": "mA"}
READBACK_TITLES = {"vd": "Vd", "va": "Va", "vana_dac": "Vana DAC", "vana": "Vana", "vbg": "Vbg", "iana": "Iana"}
QUANTITY = Parameter("quantity", "string", default="vana", help="the readback shown", choices=tuple(READBACK_UNITS))
PARTS = ("L1", "L2", "L3", "L4", "R1", "R2")  # BPix layers, FPix rings
OUTLIER_Z = 3  # |robust z| above this is an outlier


def robust_z(values):
    """Each value's robust z-score: (x − median) / (1.4826 · MAD), the MAD scaled to a normal
    distribution's σ; None for all when the MAD is 0."""
    centre = median(values)
    spread = 1.4826 * median(abs(v - centre) for v in values)
    return [(v - centre) / spread if spread else None for v in values]


def part_label(layer, ring):
    return f"L{layer}" if layer is not None else f"R{ring}"


def readback_source(run, quantity, **filters):
    return Source(f"{READBACK_TITLES[quantity]} readbacks of run {run}", "readbacks", {"run_number": run, **filters})


def known_readback_run(run):
    last_lumisection(run)
    if not Source("", "readbacks", {"run_number": run}).queryset().exists():
        runs = readback_runs()
        raise DialectError(f"Run {run} has no readbacks; runs with readbacks: {', '.join(map(str, runs))}.", "run")


def readback_runs():
    """The runs with readbacks, in order: one descent of the readbacks' run index per run (a
    DISTINCT reads every readback: 300 000 in the demo week)."""
    readbacks = Source("", "readbacks").queryset()
    runs = []
    while (run := readbacks.filter(**({"run_number__lt": runs[-1]} if runs else {})).aggregate(run=Max("run_number"))["run"]):
        runs.append(run)
    return runs[::-1]


OUTLIER_TABLE = [Column("roc_name", "ROC"), Column("part", "Part"), Column("value", "Value"), Column("median", "Median of the part"),
                 Column("z", "Robust z")]  # fmt: skip
BINS = 40


@register
class ReadbackDistribution(Probe):
    name = "readback_distribution"
    title = "Readback distribution per layer and ring"
    description = "Histogram of one readback per BPix layer and FPix ring; the table lists the ROCs with |robust z| > 3."
    parameters = (REQUIRED_RUN, QUANTITY)
    table_columns = [c.name for c in OUTLIER_TABLE]

    def plot(self, run, quantity="vana"):
        known_readback_run(run)
        source = readback_source(run, quantity)
        values = defaultdict(list)
        names = defaultdict(list)
        # The same query for the plot and for its outlier table, two portlets: run once (per process).
        for name, layer, ring, value in shared_rows(source.queryset().values_list("roc_name", "layer", "ring", quantity)):
            part = part_label(layer, ring)
            values[part].append(value)
            names[part].append(name)
        outliers = []
        for part in PARTS:
            centre = median(values[part]) if values[part] else None
            for name, value, z in zip(names[part], values[part], robust_z(values[part]) if values[part] else []):
                if z is not None and abs(z) > OUTLIER_Z:
                    outliers.append({"roc_name": name, "part": part, "value": value, "median": centre, "z": round(z, 2)})
        outliers.sort(key=lambda r: -abs(r["z"]))
        everything = [v for vs in values.values() for v in vs]
        low, high = min(everything), max(everything)
        width = (high - low) / BINS or 1
        centres = [round(low + (i + 0.5) * width, 6) for i in range(BINS)]
        series = []
        for part in PARTS:
            counts = [0] * BINS
            for v in values[part]:
                counts[min(int((v - low) / width), BINS - 1)] += 1
            series.append(Series(part, "step", centres, counts))
        units = READBACK_UNITS[quantity]
        return Plot(
            title=f"{READBACK_TITLES[quantity]}, run {run}: {len(outliers)} ROCs with |robust z| > {OUTLIER_Z}",
            x=Axis(READBACK_TITLES[quantity], units), y=Axis("ROCs", type="log"),
            series=series, table=Table([*OUTLIER_TABLE[:2], Column("value", "Value", units),
                                        Column("median", "Median of the part", units), OUTLIER_TABLE[4]], outliers),
            sources=[source],
        )  # fmt: skip


@register
class ReadbackMap(Probe):
    name = "readback_map"
    title = "Readbacks on a DQM ROC map"
    description = "One readback of every ROC of a run on a DQM ROC map. Hover: the ROC's name and value."
    parameters = (REQUIRED_RUN, MAP, QUANTITY)

    def plot(self, run, map, quantity="vana"):
        known_readback_run(run)
        grid = map_grid(map)
        source = readback_source(run, quantity, map_name=map)
        units = READBACK_UNITS[quantity]
        marks = [(name, value, f"{name}<br>{READBACK_TITLES[quantity]} {value} {units}")
                 for name, value in source.queryset().values_list("roc_name", quantity)]  # fmt: skip
        x, y = map_axes(map)
        series = heatmap(grid, READBACK_TITLES[quantity], None, marks, None, None, None)
        return Plot(
            title=f"{READBACK_TITLES[quantity]}, {MAP_TITLES[map]}, run {run}",
            x=x, y=y, z=Axis(READBACK_TITLES[quantity], units), series=[series], sources=[source],
        )  # fmt: skip


@register
class ReadbackTrend(Probe):
    name = "readback_trend"
    title = "Readback mean per layer and ring across runs"
    description = "The mean of one readback per BPix layer and FPix ring in every run with readbacks."
    parameters = (QUANTITY,)

    def plot(self, quantity="vana"):
        source = Source(f"{READBACK_TITLES[quantity]} readbacks of every run", "readbacks")
        means = defaultdict(dict)
        for run, *part_means in part_means_per_run(source.queryset(), quantity, readback_runs()):
            for part, mean in zip(PARTS, part_means):
                if mean is not None:
                    means[part][run] = mean
        runs = sorted({r for by_run in means.values() for r in by_run})
        return Plot(
            title=f"{READBACK_TITLES[quantity]} per layer and ring, {len(runs)} runs",
            x=Axis("Run", type="category"), y=Axis(f"Mean {READBACK_TITLES[quantity]}", READBACK_UNITS[quantity]),
            series=[Series(part, "line", [str(r) for r in runs], [round(means[part].get(r), 5) if r in means[part] else None
                                                                  for r in runs]) for part in PARTS if part in means],
            sources=[source],
        )  # fmt: skip


def part_means_per_run(readbacks, quantity, runs):
    """(run, mean of each of PARTS) per run: one query per run, its readbacks' values aggregated
    around their own query, as pixelws.downsampling does. On SQLite, LIMIT -1 keeps that query a
    co-routine: SQLite leaves the view's unused LEFT JOIN (the ROC) out of a plain SELECT but not
    out of an aggregate, and reads a run's values from the readbacks' covering index
    (docs/oracle.md), with no sort (grouped by run, 300 000 rows were sorted): 185 → 127 ms of
    CPU for the 10 runs of the demo week. The runs are cut into one slice per core, queried in
    pixelws.downsampling's threads on connections of their own, outside a transaction as there."""
    database = connections[readbacks.db]
    queries = [(run, part_means_sql(readbacks.filter(run_number=run), quantity, database)) for run in runs]
    slices = 1
    if database.vendor == "sqlite" and not database.in_atomic_block:
        slices = max(1, min(downsampling.PARALLEL_SLICES, len(runs)))
    if slices == 1:
        return [(run, *downsampling.fetched(readbacks.db, *query)[0]) for run, query in queries]

    def slice_in_thread(queries):
        try:
            return [(run, *downsampling.fetched(readbacks.db, *query)[0]) for run, query in queries]
        finally:  # a thread's connection is its own: closed, as a request's is
            connections[readbacks.db].close()

    return list(chain.from_iterable(downsampling.slice_pool().map(slice_in_thread, [queries[i::slices] for i in range(slices)])))


def part_means_sql(readbacks, quantity, database):
    """(SQL, params): the mean of ``quantity`` over ``readbacks`` in each of PARTS, one row.
    Every column is aliased, so the outer query names them as the vendor quotes them."""
    rows = readbacks.order_by().annotate(part_layer=F("layer"), part_ring=F("ring"), value=F(quantity))
    rows_sql, params = rows.values_list("part_layer", "part_ring", "value").query.sql_with_params()
    name = database.ops.quote_name
    means = ", ".join(f"AVG(CASE WHEN {name('part_layer' if part[0] == 'L' else 'part_ring')} = {int(part[1:])} THEN {name('value')} END)"
                      for part in PARTS)  # fmt: skip
    limit = " LIMIT -1" if database.vendor == "sqlite" else ""
    return f"SELECT {means} FROM ({rows_sql}{limit}) readbacks", params
