"""``series``: a plot of any resource, from a URL or a page definition, with no probe of its own.

``GET /api/v1/plots/series?resource=lumisections&x=lumisection_number&y=delivered_lumi
&filter[run_number]=324245`` — the rows are the resource's, selected by the dialect's own
``filter[…]`` parameters (parsed by the same code, so with the same operators and messages).
``kind=series`` downsamples along a time or a number in SQL (pixelws.downsampling),
``kind=histogram`` counts x per bin in SQL, ``kind=scatter`` draws y against x, sampled in SQL.
"""
import math
from datetime import datetime, timedelta

from django.db.models import F, Max, Min, Window
from django.db.models.functions import Mod, RowNumber

from pixelws.database import WorkDeadline
from pixelws.dialect.resources import registry as resources, sentence
from pixelws.dialect.errors import DialectError
from pixelws.dialect.query import is_filter_key, lookup_attribute, parse_filter, short_filter_key
from pixelws.downsampling import DEFAULT_BUCKETS, downsample_values
from pixelws.durations import EXAMPLES, parse_duration
from pixelws.plots import Axis, Plot, Series
from pixelws.probes import Parameter, Probe, register
from pixelws.sources import Source
from pixelws.units import units_html

NUMBERS = ("integer", "float")
ORDERED = (*NUMBERS, "datetime")  # what an x can be downsampled or binned along
GROUPABLE = ("integer", "string", "boolean")
# What each kind takes, by the attributes' types (/meta's): its size parameter, its x, whether it
# draws y. Served with the probe's description (GET /api/v1/plots), which Explore's form follows;
# y takes numbers and the components of a value object ("object"), group GROUPABLE.
RULES = {
    "kinds": {
        "series": {"size": "buckets", "x": list(ORDERED), "y": True},
        "histogram": {"size": "bins", "x": list(ORDERED), "y": False},
        "scatter": {"size": "points", "x": [*ORDERED, "date"], "y": True},
    },
    "y": [*NUMBERS, "object"],
    "group": list(GROUPABLE),
}
KINDS = tuple(RULES["kinds"])
MAX_BUCKETS, MAX_BINS, MAX_POINTS = 5000, 1000, 10000
MAX_GROUPS = 200  # traces (× 3 for min / mean / max) a browser still draws in a second
# Values (groups × y × buckets) one answer may hold, checked before any row is read: each is
# ~200 bytes of JSON, and more as Python objects; 150 000 keep a worker under 300 MB
# (benchmarks/series_memory.py), and still allow all 144 HV channels × 1000 buckets of one y.
MAX_VALUES = 150_000


class ParameterColumn:
    """An attribute (or a value object's component) named in a parameter: its column and kind."""

    def __init__(self, resource, dotted, parameter):
        self.attribute, self.component = lookup_attribute(resource, dotted, parameter)
        self.name = dotted
        self.column = self.attribute.column_for(self.component)
        self.kind = self.attribute.kinds[self.attribute.components.index(self.component)] if self.component else self.attribute.kind
        self.axis_title = self.attribute.title if not self.component else f"{self.attribute.title} ({self.component})"
        self.units = self.attribute.units
        self.label = self.attribute.label(self.component)  # an axis', a trace's name


@register
class SeriesProbe(Probe):
    name = "series"
    title = "Any resource"
    description = (
        "y against x for the rows of any resource selected by the dialect's filter[…] parameters, one "
        "trace per value of group: downsampled to min / mean / max in at most `buckets` buckets of x "
        "(a time or a number, in SQL), a histogram of x in `bins` bins, or a scatter of `points` rows."
    )
    parameters = (
        Parameter("resource", required=True, help="the resource, e.g. lumisections (GET /api/v1/ lists them)"),
        Parameter("x", required=True, help="the attribute along x: a time or a number"),
        Parameter("y", help="the attributes drawn, comma-separated numbers (not for a histogram)"),
        Parameter("group", help="one trace per value of this attribute, e.g. channel or layer"),
        Parameter("kind", default="series", choices=KINDS, help="series, histogram or scatter"),
        Parameter("buckets", "integer", default=DEFAULT_BUCKETS, help=f"series: buckets of x, 1..{MAX_BUCKETS}"),
        Parameter("min_width", help=f"series: a bucket's least width along x, a duration along a time ({EXAMPLES}) or "
                                    "a number; by default the resource's cadence along a time (hourly rows: 1h); 0: none"),
        Parameter("bins", "integer", default=50, help=f"histogram: bins, 1..{MAX_BINS}"),
        Parameter("points", "integer", default=2000, help=f"scatter: rows sampled, 1..{MAX_POINTS}"),
    )  # fmt: skip
    filtered = True  # page portlets: `filters:`

    def describe(self):
        return {**super().describe(), "rules": RULES}

    def parse(self, params, reserved=()):
        keys = [key for key in params if is_filter_key(key) and key not in reserved]
        values = super().parse(params, reserved=(*reserved, *keys))
        resource = resources[values["resource"]]
        filters = {}
        for key in keys:
            raws = params.getlist(key)
            for raw in raws:
                parse_filter(resource, key, raw)  # the resource's own check: its operators and messages
            filters[short_filter_key(key)] = raws[0] if len(raws) == 1 else raws
        values["filters"] = filters
        return values

    def validate(self, values):
        resource = resources.get(values["resource"])
        if resource is None:
            raise DialectError(f"No resource '{values['resource']}'; GET /api/v1/ lists them.", "resource")
        kind = values["kind"]
        x = ParameterColumn(resource, values["x"], "x")
        if x.kind not in RULES["kinds"][kind]["x"]:
            raise DialectError(f"x must be a time or a number for a {kind}; '{x.name}' is {x.kind}.", "x")
        if not RULES["kinds"][kind]["y"]:
            if values["y"]:
                raise DialectError("A histogram counts the rows per bin of x; it takes no y.", "y")
        elif not values["y"]:
            raise DialectError(f"A {kind} needs y: one or more numeric attributes of {resource.type}.", "y")
        else:
            for name in values["y"].split(","):
                y = ParameterColumn(resource, name.strip(), "y")
                if y.kind not in NUMBERS:
                    raise DialectError(f"y must be numbers; '{y.name}' is {y.kind}.", "y")
        if values["group"]:
            group = ParameterColumn(resource, values["group"], "group")
            if group.kind not in GROUPABLE:
                raise DialectError(f"group takes a name, a whole number or a flag, not {group.kind} '{group.name}'.", "group")
        for name, maximum in (("buckets", MAX_BUCKETS), ("bins", MAX_BINS), ("points", MAX_POINTS)):
            if not 1 <= values[name] <= maximum:
                raise DialectError(f"{name} must be 1..{maximum}, not {values[name]}.", name)
        if values["min_width"] is not None and kind != "series":
            raise DialectError(f"min_width is a series' bucket width; a {kind} takes none.", "min_width")
        least_width(resource, x, values["min_width"])

    def plot(self, resource, x, y, group, kind, buckets, bins, points, filters, min_width=None):
        declared = resources[resource]
        x = ParameterColumn(declared, x, "x")
        ys = [ParameterColumn(declared, name, "y") for name in dict.fromkeys(n.strip() for n in (y or "").split(",") if n.strip())]
        by = ParameterColumn(declared, group, "group") if group else None
        source = Source(f"{resource} rows", resource, filters)
        rows = source.queryset()
        deadline = WorkDeadline()  # the query timeout bounds the Python work too
        if kind == "scatter":
            series = scatter(rows, x, ys, by, points)
        else:
            values, count = ([x.column], bins) if kind == "histogram" else ([c.column for c in ys], buckets)
            check_budget(len(values), count, "bins" if kind == "histogram" else "buckets")
            window = x_window(rows, x, source)
            if window is not None and by:
                groups = group_count(rows, x, window, by)
                check_groups(groups)
                check_budget(len(values), count, "bins" if kind == "histogram" else "buckets", groups)
            found = {} if window is None else downsample_values(
                rows, values, since=window[0], until=window[1], buckets=count, time=x.column,
                by=(by.column,) if by else (), deadline=deadline,
                min_width=least_width(declared, x, min_width) if kind == "series" else None,
            )  # fmt: skip
            if by and by.kind == "boolean":  # the cursor's 0 / 1 (SQLite, Oracle) as the API's flags
                found = {(None if key[0] is None else bool(key[0]),): value for key, value in found.items()}
            series = histogram(found, x) if kind == "histogram" else downsampled(found, ys)
        return Plot(
            title=self.plot_title({"resource": resource, "x": x.name, "y": y, "kind": kind}),
            x=Axis(f"{x.label} (UTC)", x.units, "date") if x.kind == "datetime" else Axis(x.label, x.units),
            y=Axis(sentence(resource.replace("_", " "))) if kind == "histogram" else y_axis(ys),  # "Lumisections"
            series=series,
            sources=[source],
        )

    def plot_title(self, values):
        """"Delivered lumi vs lumisection number (lumisections)", "Pileup: histogram (lumisections)"."""
        declared = resources[values["resource"]]
        x = ParameterColumn(declared, values["x"], "x")
        if values["kind"] == "histogram":
            title = f"{x.axis_title}: histogram"
        else:
            ys = [ParameterColumn(declared, name.strip(), "y").axis_title for name in values["y"].split(",")]
            title = f"{', '.join(ys)} vs {x.axis_title}"
        return f"{sentence(title)} ({declared.type})"


def least_width(resource, x, raw):
    """A series' least bucket width along ``x``: ``min_width`` as given (0: none), else the
    resource's cadence along a time."""
    if raw is None:
        return resource.cadence if x.kind == "datetime" else None
    if raw.strip() == "0":
        return None
    if x.kind == "datetime":
        width = parse_duration(raw, "min_width")
    else:
        try:
            width = float(raw)
        except ValueError:
            width = math.nan
        if not math.isfinite(width) or width < 0:
            raise DialectError(f"min_width along {x.name} (a number) is a number, 0 or more; not '{raw}'.", "min_width")
        width = int(width) if x.kind == "integer" and width.is_integer() else width
    return width or None


def y_axis(ys):
    """The y attributes' titles, with their units when they share them."""
    units = {c.units for c in ys}
    if len(units) == 1:
        return Axis(sentence(", ".join(c.axis_title for c in ys)), units.pop())
    return Axis(sentence(", ".join(f"{c.axis_title} [{units_html(c.units)}]" if c.units else c.axis_title for c in ys)))


def check_budget(values, buckets, parameter, groups=1):
    """groups × y values × buckets within MAX_VALUES, before any row is read: a 413 naming the
    buckets (or bins) parameter."""
    total = groups * values * buckets
    if total > MAX_VALUES:
        what = f"{groups} groups × {values} y × {buckets} {parameter}" if groups > 1 else f"{values} y × {buckets} {parameter}"
        raise DialectError(f"This plot would hold {what} = {total} values; at most {MAX_VALUES}. Ask for fewer "
                           f"{parameter}, fewer y or fewer groups (a narrower filter).", parameter, status=413)  # fmt: skip


def group_count(rows, x, window, by):
    """How many groups the window holds, counted up to one more than MAX_GROUPS (the database
    stops there): the budget is known before the grouped query runs."""
    inside = rows.filter(**{f"{x.column}__gte": window[0], f"{x.column}__lt": window[1]})
    # Fetched, not count()ed: at most MAX_GROUPS + 1 values either way, and one plain query that
    # every backend compiles (a count of a sliced DISTINCT is a nested aggregate).
    return len(inside.order_by().values_list(by.column, flat=True).distinct()[: MAX_GROUPS + 1])


def check_groups(count):
    if count > MAX_GROUPS:
        raise DialectError(f"group has more than {MAX_GROUPS} values here, more than {MAX_GROUPS} traces; filter to fewer.", "group")


def x_window(rows, x, source):
    """[since, until) along x: the filters' bounds on x, else the rows' own range (one query); None
    when no row has an x. Bounds no bucket can be cut from (a span of ±1e308 is infinite; a day
    past year 9999 does not exist) are narrowed to the rows' own range."""
    low = high = None
    for key, raw in source.parameters():
        flt = parse_filter(resources[source.resource], key, raw)
        if flt.column != x.column or flt.value is None:
            continue
        if flt.operator in ("GE", "GT", "EQ"):
            low = flt.value if low is None else max(low, flt.value)
        if flt.operator in ("LT", "LE", "EQ"):
            end = flt.value if flt.operator == "LT" else just_after(flt.value)
            if end is not None:
                high = end if high is None else min(high, end)
    if low is None or high is None or not finite_span(low, high):
        found = rows.aggregate(low=Min(x.column), high=Max(x.column))
        if found["low"] is None:
            return None
        own_low, own_high = found["low"], just_after(found["high"])
        low = own_low if low is None else low
        high = own_high if high is None else high
        if high is not None and own_high is not None and not finite_span(low, high):
            low, high = max(low, own_low), min(high, own_high)
    if high is None or isinstance(low, datetime) != isinstance(high, datetime) or not high > low:
        return None
    return low, high


def finite_span(low, high):
    """Whether high − low is a number buckets can divide (times always are)."""
    return isinstance(low, datetime) or math.isfinite(float(high) - float(low))


def just_after(value):
    """The least bound that still holds ``value`` (a window is [since, until)); None past the
    last datetime Python has."""
    if isinstance(value, datetime):
        try:
            return value + timedelta(seconds=1)
        except OverflowError:
            return None
    if isinstance(value, int):
        return value + 1
    return math.nextafter(value, math.inf)


def name_of(key):
    return "none" if key is None else str(key)


def trace_name(column, ys, key, grouped):
    """The y's title when there are several, and the group's value: "Delivered lumi 1"."""
    return " ".join(filter(None, [column.label if len(ys) > 1 else "", name_of(key) if grouped else ""])) or column.label


def downsampled(found, ys):
    """max, mean and min per group and y, as dcs_series draws them (the mean alone when no bucket
    holds more than one row)."""
    series = []
    for key, per_value in found.items():
        for c in ys:
            filled = per_value[c.column]
            label = trace_name(c, ys, key[0] if key else None, bool(key))
            starts = [b.start for b in filled]
            mean = Series(label, "line", starts, [b.mean for b in filled])
            if all(b.count <= 1 for b in filled):  # a row per bucket: min = mean = max
                series.append(mean)
                continue
            series += [Series(f"{label} max", "line", starts, [b.max for b in filled], band=label), mean,
                       Series(f"{label} min", "line", starts, [b.min for b in filled], band=label)]  # fmt: skip
    return series


def histogram(found, x):
    series = []
    for key, per_value in found.items():
        filled = per_value[x.column]
        centres = [b.start if x.kind == "datetime" else (b.start + b.end) / 2 for b in filled]
        series.append(Series(name_of(key[0]) if key else "rows", "bar", centres, [b.count for b in filled]))
    return series


def scatter(rows, x, ys, by, points):
    """Every ⌈n / points⌉-th row in the order of x (and of y, then the group), sampled in SQL. A
    column named twice (x=pileup&y=pileup, the group as x) is selected and sorted on once."""
    ordered = list(dict.fromkeys([x.column, *(c.column for c in ys), *([by.column] if by else [])]))
    order = [F(name).asc() for name in ordered]
    total = rows.count()
    step = math.ceil(total / points) if total else 1
    if step > 1:
        rows = rows.annotate(sample=Mod(Window(RowNumber(), order_by=order), step)).filter(sample=0)
    picked = rows.order_by(*order).values_list(*ordered)
    at = {name: i for i, name in enumerate(ordered)}
    groups = {}
    for row in picked:
        groups.setdefault(row[at[by.column]] if by else None, []).append(row)
    check_groups(len(groups))
    series = []
    for key, found in sorted(groups.items(), key=lambda item: name_of(item[0])):
        for c in ys:
            label = trace_name(c, ys, key, by is not None)
            series.append(Series(label, "scatter", [r[at[x.column]] for r in found], [r[at[c.column]] for r in found]))
    return series
