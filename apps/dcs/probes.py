"""DCS probes: any reading series over a run, a fill or a time window, downsampled in SQL."""
from bisect import bisect_left
from datetime import timedelta

from django.db.models.functions import Substr

from pixelws.dialect import registry as resources
from pixelws.dialect.errors import DialectError
from pixelws.downsampling import DEFAULT_BUCKETS, downsample
from pixelws.plots import Axis, Column, Plot, Series, Table
from pixelws.probes import Parameter, Probe, register
from pixelws.sources import Source

from apps.oms.models import Fill, Run
from apps.pixel.probes import detector, known_run, masked_per_ls, masking_source

from .intervals import out_of_limits
from .models import LIMITS, PowerGroup
from .resources import CELSIUS

# Each reading resource: the attribute naming its channel, and the quantity its alert limits watch.
READINGS = {
    "lv_channels": ("channel", "current"), "hv_channels": ("channel", "current"),
    "leakage_currents": ("channel", "current"), "temperatures": ("sensor", "temperature"),
    "co2_flows": ("loop", "flow"), "humidities": ("sensor", "dew_point"),
    "cleanroom_probes": ("probe", "differential_pressure"), "castor_probes": ("probe", "temperature"),
}  # fmt: skip
CHANNEL_ATTRIBUTE = {resource: channel for resource, (channel, _) in READINGS.items()}
WATCHED = {resource: watched for resource, (_, watched) in READINGS.items()}
# The parts a reading aggregates into (group=part): BPix layers and FPix rings for the bias
# channels, BPix and FPix analog and digital for LV; other readings have no parts.
PARTS = {
    "hv_channels": ("subdetector", "layer", "ring"), "leakage_currents": ("subdetector", "layer", "ring"),
    "lv_channels": ("subdetector", "supply"),
}  # fmt: skip
MAX_BUCKETS = 5000
MAX_WINDOW = timedelta(days=10)  # the demo week and a margin
LIMIT_COLOURS = {"warning": "#e69f00", "alarm": "#d62728"}
UB_PER_FB = 1e9  # lumisections deliver µb^-1
HEARTBEAT = timedelta(minutes=5)  # every channel has a record at least this often
# The time a DCS probe covers: a run, a fill, a shift or a time window.
SCOPE = (
    Parameter("run", "integer", help="the run's time span"),
    Parameter("fill", "integer", help="the fill's time span, instead of a run"),
    Parameter("shift", "shift", help="a shift's window (Europe/Zurich), e.g. 2018-10-09/evening"),
    Parameter("since", "datetime", help="start of a time window (UTC), instead of a run, fill or shift"),
    Parameter("until", "datetime", help="end of the time window (UTC)"),
)


@register
class DcsSeries(Probe):
    name = "dcs_series"
    title = "DCS readings"
    description = (
        "A reading of a DCS resource over a run, a fill, a shift or a time window, in at most N time "
        "buckets with min / mean / max per bucket (computed in SQL: a one-second spike survives), per "
        "part (BPix layer, FPix ring; LV: BPix / FPix analog / digital; buckets then last at least the "
        "archive's 5-minute heartbeat, so that each sees every channel) or per channel; the alert limits "
        "are drawn when the channels shown share them."
    )
    parameters = (
        Parameter("resource", required=True, choices=tuple(READINGS), help="the DCS resource"),
        Parameter("value", required=True, help="the attribute to draw, e.g. current, corrected_per_module"),
        Parameter("channel", help="one channel (sensor, loop, probe) by name"),
        Parameter("layer", "integer", help="BPix layer (hv_channels, leakage_currents)"),
        Parameter("group", choices=("part", "channel"),
                  help="one line per part (the default for hv_channels, leakage_currents, lv_channels) or per channel"),
        *SCOPE,
        Parameter("buckets", "integer", default=DEFAULT_BUCKETS, help=f"time buckets, 1..{MAX_BUCKETS}"),
    )  # fmt: skip

    def validate(self, values):
        resource = resources[values["resource"]]
        attribute = resource.attributes.get(values["value"])
        if attribute is None or attribute.kind != "float" or attribute.name in LIMITS:
            drawable = ", ".join(n for n, a in resource.attributes.items() if a.kind == "float" and n not in LIMITS)
            raise DialectError(f"'{values['value']}' is not a reading of {resource.type}; one of: {drawable}.", "value")
        if values["layer"] is not None and "layer" not in resource.attributes:
            raise DialectError(f"{resource.type} has no layers; layer applies to hv_channels and leakage_currents.", "layer")
        if values["group"] == "part" and resource.type not in PARTS:
            raise DialectError(f"{resource.type} has no parts; group=part applies to {', '.join(PARTS)}.", "group")
        if not 1 <= values["buckets"] <= MAX_BUCKETS:
            raise DialectError(f"buckets must be 1..{MAX_BUCKETS}, not {values['buckets']}.", "buckets")
        check_scope(values)

    def plot(self, resource, value, channel, layer, group, run, fill, shift, since, until, buckets):
        since, until, label = window(run, fill, shift, since, until)
        declared = resources[resource]
        if group is None:
            group = "part" if resource in PARTS and channel is None else "channel"
        source = reading_source(resource, label, since, until, {CHANNEL_ATTRIBUTE[resource]: channel, "layer": layer})
        rows = source.queryset()
        if resource == "lv_channels":
            rows = rows.annotate(subdetector=Substr("channel", 1, 4))
        by = PARTS[resource] if group == "part" else (CHANNEL_ATTRIBUTE[resource],)
        if group == "part":  # a part's min and max need every channel in each bucket
            buckets = max(1, min(buckets, int((until - since) / HEARTBEAT)))
        series = []
        for key, filled in downsample(rows, value, since=since, until=until, buckets=buckets, by=by).items():
            title = key[0] if group == "channel" else part_title(dict(zip(by, key)))
            # Buckets without a record are left out: an archived value holds until the next one,
            # so the line joins the buckets around them.
            filled = [b for b in filled if b.count]
            x = [b.start for b in filled]
            series += [
                Series(f"{title} max", "line", x, [b.max for b in filled]),
                Series(title, "line", x, [b.mean for b in filled]),
                Series(f"{title} min", "line", x, [b.min for b in filled]),
            ]
        if value == WATCHED[resource]:
            series += limit_lines(source, since, until)
        attribute = declared.attributes[value]
        return Plot(
            title=f"{attribute.title.capitalize()} ({resource}), {label}",
            x=Axis("Time (UTC)", type="date"),
            y=Axis(attribute.title.capitalize(), attribute.units),
            series=series,
            sources=[source],
        )


def part_title(part):
    """BPix L1, FPix R2, BPix digital."""
    if "supply" in part:
        return f"{part['subdetector']} {part['supply']}"
    return f"BPix L{part['layer']}" if part["subdetector"] == "BPix" else f"FPix R{part['ring']}"


def reading_source(resource, label, since, until, filters=None):
    """The Source of a DCS resource's readings in [since, until)."""
    return Source(f"{resource} of {label}", resource, {**(filters or {}), "time[GE]": since, "time[LT]": until})


def check_scope(values):
    """One of run, fill, shift or a time window (since and until) of at most MAX_WINDOW."""
    given = [name for name in ("run", "fill", "shift", "since") if values[name] is not None]
    if len(given) != 1 or (values["since"] is None) != (values["until"] is None):
        raise DialectError("Give a run, a fill, a shift, or a time window (since and until).", "run")
    if values["since"] is not None:
        if values["until"] <= values["since"]:
            raise DialectError("until must be after since.", "until")
        if values["until"] - values["since"] > MAX_WINDOW:
            raise DialectError(f"A time window spans at most {MAX_WINDOW.days} days.", "until")


def window(run, fill, shift, since, until):
    """(since, until, label) of a run, a fill, a shift or a time window."""
    if run is not None:
        found = Run.objects.filter(run_number=run).values_list("start_time", "end_time").first()
        if found is None:
            raise DialectError(f"No run {run}.", "run", status=404)
        return found[0], found[1], f"run {run}"
    if fill is not None:
        found = Fill.objects.filter(fill_number=fill).values_list("start_time", "end_time").first()
        if found is None:
            raise DialectError(f"No fill {fill}.", "fill", status=404)
        return found[0], found[1], f"fill {fill}"
    if shift is not None:
        return shift.start, shift.end, f"{shift.name} shift {shift.date}"
    return since, until, f"{since:%Y-%m-%d %H:%M} – {until:%Y-%m-%d %H:%M} UTC"


def limit_lines(source, since, until):
    """The alert limits of the source's channels as flat lines across the window, when they all
    share them (a layer's channels do); none when they differ."""
    limits = list(source.queryset().order_by().values_list(*LIMITS).distinct()[:2])
    if len(limits) != 1:
        return []
    lines = []
    for limit, level in zip(limits[0], LIMITS):
        if limit is not None:
            kind = level.split("_")[0]
            lines.append(Series(level.replace("_", " "), "line", [since, until], [limit, limit], color=LIMIT_COLOURS[kind]))
    return lines


OUT_OF_LIMITS_TABLE = [
    Column("channel", "Channel"), Column("resource", "Resource"), Column("quantity", "Quantity"),
    Column("level", "Level"), Column("start", "From (UTC)"), Column("end", "To (UTC)"),
    Column("minutes", "Duration", "min"), Column("value", "First value outside"),
]  # fmt: skip
# Every reading resource but leakage_currents (hv_channels' readings at full bias, same limits).
LIMITED = tuple(r for r in READINGS if r != "leakage_currents")


@register
class OutOfLimits(Probe):
    name = "dcs_out_of_limits"
    title = "Out-of-limit intervals"
    description = (
        "The intervals each channel spent beyond its warning or alarm limits (from the first reading "
        "outside to the next one back inside), over a run, a fill, a shift or a time window; drawn as "
        "bars per channel."
    )
    parameters = (
        Parameter("resource", choices=tuple(READINGS), help="one DCS resource; default: all but leakage_currents"),
        Parameter("channel", help="one channel (sensor, loop, probe) by name; with resource"),
        *SCOPE,
    )  # fmt: skip
    table_columns = OUT_OF_LIMITS_TABLE

    def validate(self, values):
        if values["channel"] is not None and values["resource"] is None:
            raise DialectError("A channel is named within a resource: give resource too.", "resource")
        check_scope(values)

    def plot(self, resource, channel, run, fill, shift, since, until):
        since, until, label = window(run, fill, shift, since, until)
        rows, series, sources = [], [], []
        for name in (resource,) if resource else LIMITED:
            source = reading_source(name, label, since, until, {CHANNEL_ATTRIBUTE[name]: channel})
            sources.append(source)
            quantity = resources[name].attributes[WATCHED[name]]
            for interval in out_of_limits(source.queryset(), WATCHED[name], CHANNEL_ATTRIBUTE[name]):
                end = interval.end or until
                rows.append({
                    "channel": interval.channel, "resource": name, "quantity": quantity.title,
                    "level": interval.level_name, "start": interval.start, "end": interval.end,
                    "minutes": round((end - interval.start).total_seconds() / 60, 1),
                    "value": round(interval.value, 3),
                })  # fmt: skip
        rows.sort(key=lambda row: row["start"])
        for level, colour in LIMIT_COLOURS.items():  # one segment per interval, gaps between them
            x, y = [], []
            for row in rows:
                if row["level"] == level:
                    x += [row["start"], row["end"] or until, None]
                    y += [row["channel"], row["channel"], None]
            if x:
                series.append(Series(level, "line", x, y, color=colour))
        return Plot(
            title=f"Out-of-limit intervals, {label}: {len(rows)}",
            x=Axis("Time (UTC)", type="date"),
            y=Axis("Channel", type="category"),
            series=series,
            table=Table(OUT_OF_LIMITS_TABLE, rows),
            sources=sources,
        )


@register
class LeakageVersusLuminosity(Probe):
    name = "leakage_vs_luminosity"
    title = "Leakage current versus integrated luminosity"
    description = (
        "The leakage current per module at 20 °C, per BPix layer and FPix ring (mean per time bucket), "
        "against the luminosity delivered since the start of the run, fill, shift or time window."
    )
    parameters = (
        Parameter("layer", "integer", help="one BPix layer"),
        *SCOPE,
        Parameter("buckets", "integer", default=200, help=f"time buckets, 1..{MAX_BUCKETS}"),
    )

    def validate(self, values):
        if not 1 <= values["buckets"] <= MAX_BUCKETS:
            raise DialectError(f"buckets must be 1..{MAX_BUCKETS}, not {values['buckets']}.", "buckets")
        check_scope(values)

    def plot(self, layer, run, fill, shift, since, until, buckets):
        since, until, label = window(run, fill, shift, since, until)
        source = reading_source("leakage_currents", label, since, until, {"layer": layer})
        lumisections = Source(f"lumisections of {label}", "lumisections", {"start_time[GE]": since, "start_time[LT]": until})
        starts, integrated = [], []  # fb^-1 delivered before each lumisection's end
        total = 0.0
        for start, delivered in lumisections.queryset().order_by("start_time").values_list("start_time", "delivered_lumi"):
            total += delivered / UB_PER_FB
            starts.append(start)
            integrated.append(total)
        by = PARTS["leakage_currents"]
        groups = downsample(source.queryset(), "corrected_per_module", since=since, until=until, buckets=buckets, by=by)
        series = []
        for key, filled in groups.items():
            with_data = [b for b in filled if b.count]
            # The luminosity delivered by the bucket's middle (lumisections that began before it).
            x = [integrated[k - 1] if (k := bisect_left(starts, b.start + (b.end - b.start) / 2)) else 0.0 for b in with_data]
            series.append(Series(part_title(dict(zip(by, key))), "scatter", x, [b.mean for b in with_data]))
        return Plot(
            title=f"Leakage current per module at 20 °C versus delivered luminosity, {label}",
            x=Axis("Delivered luminosity since the start", "fb^{-1}"),
            y=Axis("Leakage current per module at 20 °C", resources["leakage_currents"].attributes["corrected_per_module"].units),
            series=series,
            sources=[source, lumisections],
        )


MARGIN_TABLE = [Column("quantity", "Quantity"), Column("value", "Value", "°C"), Column("time", "Time (UTC)")]


@register
class DewPointMargin(Probe):
    name = "dew_point_margin"
    title = "Dew-point margin"
    description = (
        "The coldest temperature (module sensors, CO₂ loops) minus the highest dew point in the pixel "
        "volume, per time bucket; buckets last at least the archive's 5-minute heartbeat, so each sees "
        "every sensor. The table gives the smallest margin and when."
    )
    parameters = (*SCOPE, Parameter("buckets", "integer", default=500, help=f"time buckets, 1..{MAX_BUCKETS}"))
    table_columns = MARGIN_TABLE

    def validate(self, values):
        if not 1 <= values["buckets"] <= MAX_BUCKETS:
            raise DialectError(f"buckets must be 1..{MAX_BUCKETS}, not {values['buckets']}.", "buckets")
        check_scope(values)

    def plot(self, run, fill, shift, since, until, buckets):
        since, until, label = window(run, fill, shift, since, until)
        buckets = max(1, min(buckets, int((until - since) / HEARTBEAT)))
        temperatures = reading_source("temperatures", label, since, until)
        humidities = reading_source("humidities", label, since, until)
        span = {"since": since, "until": until, "buckets": buckets}
        coldest = downsample(temperatures.queryset(), "temperature", **span).get((), [])
        dew = downsample(humidities.queryset(), "dew_point", **span).get((), [])
        x, low, high, margin = [], [], [], []
        for t, d in zip(coldest, dew):
            if t.count and d.count:
                x.append(t.start)
                low.append(t.min)
                high.append(d.max)
                margin.append(t.min - d.max)
        rows = []
        if margin:
            k = min(range(len(margin)), key=margin.__getitem__)
            rows = [
                {"quantity": "Smallest dew-point margin", "value": round(margin[k], 2), "time": x[k]},
                {"quantity": "Coldest temperature then", "value": round(low[k], 2), "time": x[k]},
                {"quantity": "Highest dew point then", "value": round(high[k], 2), "time": x[k]},
            ]
        return Plot(
            title=f"Dew-point margin, {label}" + (f": smallest {min(margin):.1f} °C" if margin else ""),
            x=Axis("Time (UTC)", type="date"),
            y=Axis("Temperature", CELSIUS),
            series=[Series("Dew-point margin", "line", x, margin), Series("Coldest temperature", "line", x, low),
                    Series("Highest dew point", "line", x, high)] if x else [],
            table=Table(MARGIN_TABLE, rows),
            sources=[temperatures, humidities],
        )  # fmt: skip


# Channel states from best to worst; a power group shows the worst of its LV and HV channels'.
STATES = ("ON", "RAMPING", "STANDBY", "OFF", "TRIPPED")
STATE_COLOURS = ("#2ca02c", "#8fd18f", "#9ecae1", "#7f7f7f", "#d62728")
STATE_TABLE = [Column("power_group", "Power group"), Column("state", "Worst state"), Column("lv", "LV worst"),
               Column("hv", "HV worst")]  # fmt: skip
HALVES = ("BmI", "BmO", "BpI", "BpO")


@register
class PowerGroupStates(Probe):
    name = "power_group_states"
    title = "Power-group state map"
    description = (
        "Each power group (BPix half-shell × sector, FPix half-cylinder × disk) coloured by the worst "
        "state any of its LV and HV channels recorded over a run, a fill, a shift or a time window "
        "(ON, RAMPING, STANDBY, OFF, TRIPPED)."
    )
    parameters = SCOPE
    table_columns = STATE_TABLE

    def validate(self, values):
        check_scope(values)

    def plot(self, run, fill, shift, since, until):
        since, until, label = window(run, fill, shift, since, until)
        lv = reading_source("lv_channels", label, since, until)
        hv = reading_source("hv_channels", label, since, until)
        worst = {"lv": {}, "hv": {}}
        for kind, source in (("lv", lv), ("hv", hv)):
            for group, state in source.queryset().order_by().values_list("power_group", "state").distinct():
                worst[kind][group] = max(worst[kind].get(group, 0), STATES.index(state))
        groups = PowerGroup.objects.order_by("name").values_list("name", "subdetector", "half_shell", "sector",
                                                                  "half_cylinder", "disk")  # fmt: skip
        columns = [f"SEC{s}" for s in range(1, 9)] + [f"D{d}" for d in range(1, 4)]
        z = [[None] * len(columns) for _ in HALVES]
        text = [[""] * len(columns) for _ in HALVES]
        names = [[None] * len(columns) for _ in HALVES]
        rows = []
        for name, subdetector, half_shell, sector, half_cylinder, disk in groups:
            states = [worst[kind].get(name) for kind in ("lv", "hv")]
            known = [s for s in states if s is not None]
            state = max(known) if known else None
            i, j = (HALVES.index(half_shell), sector - 1) if subdetector == "BPix" else (HALVES.index(half_cylinder), 7 + disk)
            z[i][j], names[i][j] = state, name
            described = [STATES[s] if s is not None else "no reading" for s in states]
            text[i][j] = f"{name}: {STATES[state] if state is not None else 'no reading'} (LV {described[0]}, HV {described[1]})"
            rows.append({"power_group": name, "state": STATES[state] if state is not None else None,
                         "lv": described[0], "hv": described[1], "rank": -1 if state is None else state})  # fmt: skip
        rows.sort(key=lambda row: (-row.pop("rank"), row["power_group"]))
        last = len(STATES) - 1
        scale = [[edge, colour] for k, colour in enumerate(STATE_COLOURS) for edge in (k / len(STATES), (k + 1) / len(STATES))]
        return Plot(
            title=f"Power groups' worst state, {label}",
            x=Axis("BPix sector · FPix disk", type="category"),
            y=Axis("Half-shell · half-cylinder", type="category"),
            z=Axis("State: " + " · ".join(f"{k} {s}" for k, s in enumerate(STATES))),
            series=[Series("Worst state", "heatmap", columns, list(HALVES), z=z, text=text, customdata=names,
                           colorscale=scale, zmin=-0.5, zmax=last + 0.5)],
            table=Table(STATE_TABLE, rows),
            sources=[lv, hv],
        )  # fmt: skip


@register
class PixelState(Probe):
    name = "pixel_state"
    title = "Pixel state per lumisection"
    description = (
        "Per lumisection of a run: BPix and FPix ready (1 or 0), the fraction of HV channels ON, of LV "
        "channels ON and of ROCs masked, as one timeline. A channel's state holds from its record to "
        "the next; each lumisection shows the states at its start."
    )
    parameters = (Parameter("run", "integer", required=True, help="the run"),)

    def plot(self, run):
        last_ls = known_run(run)
        lumisections = Source(f"lumisections of run {run}", "lumisections", {"run_number": run})
        found = list(lumisections.queryset().order_by("lumisection_number").values_list(
            "lumisection_number", "start_time", "bpix_ready", "fpix_ready"))  # fmt: skip
        x = [ls for ls, *_ in found]
        starts = [start for _, start, *_ in found]
        series = [Series("BPix ready", "step", x, [int(b) for *_, b, _ in found]),
                  Series("FPix ready", "step", x, [int(f) for *_, f in found])]  # fmt: skip
        sources = [lumisections]
        if found:
            # From a heartbeat before the run: every channel's state at its first lumisection.
            since, until = starts[0] - HEARTBEAT, starts[-1] + timedelta(seconds=1)
            for resource, label in (("hv_channels", "HV on"), ("lv_channels", "LV on")):
                source = reading_source(resource, f"run {run}", since, until)
                sources.append(source)
                series.append(Series(label, "step", x, on_fraction(source, starts)))
        masked = masking_source("masked_rocs", run)
        rocs = detector().totals["Pixel"]
        series.append(Series("Masked ROCs", "step", x, [n / rocs for n in masked_per_ls(masked, last_ls)[: len(x)]]))
        return Plot(
            title=f"Pixel state per lumisection, run {run}",
            x=Axis("Lumisection"),
            y=Axis("Fraction"),
            series=series,
            sources=[*sources, masked],
        )


def on_fraction(source, moments):
    """The fraction of the source's channels whose last recorded state at each moment (in time
    order) is ON; channels not yet recorded count as not ON."""
    channels = len(source.queryset().order_by().values_list("channel", flat=True).distinct())
    readings = source.queryset().order_by("time", "reading_id").values_list("time", "channel", "state").iterator()
    state, on, fractions = {}, 0, []
    pending = next(readings, None)
    for moment in moments:
        while pending is not None and pending[0] <= moment:
            _, channel, new = pending
            on += (new == "ON") - (state.get(channel) == "ON")
            state[channel] = new
            pending = next(readings, None)
        fractions.append(on / channels if channels else None)
    return fractions
