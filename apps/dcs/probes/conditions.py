"""What a shifter checks the detector's conditions by: the intervals channels spent beyond their
limits, leakage current against delivered luminosity, the dew-point margin."""
from bisect import bisect_left
from datetime import datetime, timezone

from pixelws.dialect import registry as resources
from pixelws.dialect.errors import DialectError
from pixelws.downsampling import downsample
from pixelws.plots import Axis, Column, Plot, Series, Table
from pixelws.probes import Parameter, Probe, register
from pixelws.sources import Source
from pixelws.units import units_text

from ..intervals import out_of_limits
from ..resources import CELSIUS
from .series import (
    CHANNEL_ATTRIBUTE, HEARTBEAT, LIMIT_COLOURS, MAX_BUCKETS, PARTS, READINGS, SCOPE, SCOPE_RULE, WATCHED,
    part_title, reading_source, window,
)  # fmt: skip

UB_PER_FB = 1e9  # lumisections deliver µb^-1

OUT_OF_LIMITS_TABLE = [
    Column("channel", "Channel"), Column("resource", "Resource"), Column("quantity", "Quantity"),
    Column("level", "Level"), Column("start", "From (UTC)"), Column("end", "To (UTC)"),
    Column("minutes", "Duration", "min"), Column("value", "First value outside"), Column("units", "Units"),
]  # fmt: skip  (the value's units: each resource's own)
# Every reading resource but leakage_currents (hv_channels' readings at full bias, same limits).
LIMITED = tuple(r for r in READINGS if r != "leakage_currents")


@register
class OutOfLimits(Probe):
    name = "dcs_out_of_limits"
    title = "Out-of-limit intervals"
    description = (
        "The intervals each channel spent beyond its warning or alarm limits (from the first reading "
        "outside to the next one back inside), over a run, a fill, a shift or a time window, drawn as "
        "a segment per interval; one under way when the window opens starts at its first reading in "
        "the window, one still open has no end (its duration runs to the window's end, or to now while "
        "the window is still going on)."
    )
    parameters = (
        Parameter("resource", choices=tuple(READINGS), help="one DCS resource; default: all but leakage_currents"),
        Parameter("channel", help="one channel (sensor, loop, probe) by name; with resource"),
        *SCOPE,
    )  # fmt: skip
    scope_rule = SCOPE_RULE
    table_columns = OUT_OF_LIMITS_TABLE

    def validate(self, values):
        if values["channel"] is not None and values["resource"] is None:
            raise DialectError("A channel is named within a resource: give resource too.", "resource")

    def plot(self, resource, channel, run, fill, shift, since, until):
        since, until, label = window(run, fill, shift, since, until)
        # A window still going on (the current shift) ends now: an interval still open has lasted
        # until now, not until the end of the shift.
        until = min(until, datetime.now(timezone.utc))
        rows, series, sources = [], [], []
        for name in (resource,) if resource else LIMITED:
            source = reading_source(name, label, since, until, {CHANNEL_ATTRIBUTE[name]: channel})
            sources.append(source)
            quantity = resources[name].attributes[WATCHED[name]]
            for interval in out_of_limits(source.queryset(), WATCHED[name], CHANNEL_ATTRIBUTE[name], since, until):
                end = interval.end or until
                rows.append({
                    "channel": interval.channel, "resource": name, "quantity": quantity.label(),
                    "level": interval.level_name, "start": interval.start, "end": interval.end,
                    "minutes": round((end - interval.start).total_seconds() / 60, 1),
                    "value": round(interval.value, 3), "units": units_text(quantity.units),
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
    scope_rule = SCOPE_RULE

    def validate(self, values):
        if not 1 <= values["buckets"] <= MAX_BUCKETS:
            raise DialectError(f"buckets must be 1..{MAX_BUCKETS}, not {values['buckets']}.", "buckets")

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
    scope_rule = SCOPE_RULE
    table_columns = MARGIN_TABLE

    def validate(self, values):
        if not 1 <= values["buckets"] <= MAX_BUCKETS:
            raise DialectError(f"buckets must be 1..{MAX_BUCKETS}, not {values['buckets']}.", "buckets")

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
