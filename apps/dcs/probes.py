"""DCS probes: any reading series over a run, a fill or a time window, downsampled in SQL."""
from datetime import timedelta

from pixelws.dialect import registry as resources
from pixelws.dialect.errors import DialectError
from pixelws.downsampling import DEFAULT_BUCKETS, downsample
from pixelws.plots import Axis, Plot, Series
from pixelws.probes import Parameter, Probe, register
from pixelws.sources import Source

from apps.oms.models import Fill, Run

from .models import LIMITS

# Each reading resource and the attribute naming its channel.
CHANNEL_ATTRIBUTE = {
    "lv_channels": "channel", "hv_channels": "channel", "leakage_currents": "channel", "temperatures": "sensor",
    "co2_flows": "loop", "humidities": "sensor", "cleanroom_probes": "probe", "castor_probes": "probe",
}  # fmt: skip
MAX_BUCKETS = 5000
MAX_WINDOW = timedelta(days=10)  # the demo week and a margin
LIMIT_COLOURS = {"warning": "#e69f00", "alarm": "#d62728"}


@register
class DcsSeries(Probe):
    name = "dcs_series"
    title = "DCS readings"
    description = (
        "A reading of a DCS resource over a run, a fill or a time window, in at most N time buckets "
        "with min / mean / max per bucket (computed in SQL: a one-second spike survives), per channel "
        "or per layer; the alert limits are drawn when one channel is shown."
    )
    parameters = (
        Parameter("resource", required=True, choices=tuple(CHANNEL_ATTRIBUTE), help="the DCS resource"),
        Parameter("value", required=True, help="the attribute to draw, e.g. current, corrected_per_module"),
        Parameter("channel", help="one channel (sensor, loop, probe) by name"),
        Parameter("layer", "integer", help="BPix layer (hv_channels, leakage_currents)"),
        Parameter("group", default="channel", choices=("channel", "layer"),
                  help="one line per channel, or per BPix layer / FPix ring (hv_channels, leakage_currents)"),
        Parameter("run", "integer", help="the run's time span"),
        Parameter("fill", "integer", help="the fill's time span, instead of a run"),
        Parameter("since", "datetime", help="start of a time window (UTC), instead of a run or fill"),
        Parameter("until", "datetime", help="end of the time window (UTC)"),
        Parameter("buckets", "integer", default=DEFAULT_BUCKETS, help=f"time buckets, 1..{MAX_BUCKETS}"),
    )  # fmt: skip

    def validate(self, values):
        resource = resources[values["resource"]]
        attribute = resource.attributes.get(values["value"])
        if attribute is None or attribute.kind != "float" or attribute.name in LIMITS:
            drawable = ", ".join(n for n, a in resource.attributes.items() if a.kind == "float" and n not in LIMITS)
            raise DialectError(f"'{values['value']}' is not a reading of {resource.type}; one of: {drawable}.", "value")
        layered = "layer" in resource.attributes
        for name in ("layer", "group"):
            if not layered and values[name] not in (None, "channel"):
                raise DialectError(f"{resource.type} has no layers; {name} applies to hv_channels and leakage_currents.", name)
        if not 1 <= values["buckets"] <= MAX_BUCKETS:
            raise DialectError(f"buckets must be 1..{MAX_BUCKETS}, not {values['buckets']}.", "buckets")
        given = [name for name in ("run", "fill", "since") if values[name] is not None]
        if len(given) != 1 or (values["since"] is None) != (values["until"] is None):
            raise DialectError("Give a run, a fill, or a time window (since and until).", "run")
        if values["since"] is not None:
            if values["until"] <= values["since"]:
                raise DialectError("until must be after since.", "until")
            if values["until"] - values["since"] > MAX_WINDOW:
                raise DialectError(f"A time window spans at most {MAX_WINDOW.days} days.", "until")

    def plot(self, resource, value, channel, layer, group, run, fill, since, until, buckets):
        since, until, label = window(run, fill, since, until)
        declared = resources[resource]
        name = CHANNEL_ATTRIBUTE[resource]
        source = Source(f"{resource} of {label}", resource, {
            name: channel, "layer": layer, "time[GE]": since, "time[LT]": until,
        })  # fmt: skip
        by = (name,) if group == "channel" else ("subdetector", "layer", "ring")
        series = []
        groups = downsample(source.queryset(), value, since=since, until=until, buckets=buckets, by=by)
        for key, filled in groups.items():
            title = key[0] if group == "channel" else (f"BPix L{key[1]}" if key[0] == "BPix" else f"FPix R{key[2]}")
            x = [b.start for b in filled]
            series += [
                Series(f"{title} max", "line", x, [b.max for b in filled]),
                Series(title, "line", x, [b.mean for b in filled]),
                Series(f"{title} min", "line", x, [b.min for b in filled]),
            ]
        if channel is not None and declared.attributes[value].units == declared.attributes["warning_low"].units:
            series += limit_lines(source, since, until)
        attribute = declared.attributes[value]
        return Plot(
            title=f"{attribute.title.capitalize()} ({resource}), {label}",
            x=Axis("Time (UTC)", type="date"),
            y=Axis(attribute.title.capitalize(), attribute.units),
            series=series,
            sources=[source],
        )


def window(run, fill, since, until):
    """(since, until, label) of a run, a fill or a time window."""
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
    return since, until, f"{since:%Y-%m-%d %H:%M} – {until:%Y-%m-%d %H:%M} UTC"


def limit_lines(source, since, until):
    """The channel's alert limits (from the view's rows) as flat lines across the window."""
    limits = source.queryset().values_list(*LIMITS).first()
    lines = []
    for limit, level in zip(limits or (), LIMITS):
        if limit is not None:
            kind = level.split("_")[0]
            lines.append(Series(level.replace("_", " "), "line", [since, until], [limit, limit], color=LIMIT_COLOURS[kind]))
    return lines
