"""dcs_series: any DCS reading over a run, a fill, a shift or a time window, downsampled in SQL;
and what the DCS probes share: the reading resources, their scope, their limit lines."""
from datetime import timedelta

from django.db.models import Case, Value, When
from django.db.models.functions import Concat, Substr

from pixelws.dialect import registry as resources
from pixelws.dialect.errors import DialectError
from pixelws.downsampling import DEFAULT_BUCKETS, downsample
from pixelws.plots import SEVERITY_COLOURS, Axis, Plot, Series
from pixelws.probes import Parameter, Probe, register
from pixelws.scope import ScopeRule
from pixelws.sources import Source

from ..models import LIMITS

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
    "temperatures": ("place",),  # 60 sensors: BPix and FPix cooling pipes, CO₂ loop inlets and outlets
}  # fmt: skip
MAX_BUCKETS = 5000
MAX_WINDOW = timedelta(days=10)  # the demo week and a margin
LIMIT_COLOURS = {level: SEVERITY_COLOURS[level] for level in ("warning", "alarm")}
HEARTBEAT = timedelta(minutes=5)  # every channel has a record at least this often
# The time a DCS probe covers: a run, a fill, a shift or a time window.
SCOPE_RULE = ScopeRule(max_window=MAX_WINDOW)
SCOPE = SCOPE_RULE.parameters(run="the run's time span", fill="the fill's time span, instead of a run",
                              since="start of a time window (UTC), instead of a run, fill or shift")

@register
class DcsSeries(Probe):
    name = "dcs_series"
    title = "DCS readings"
    description = (
        "A reading of a DCS resource over a run, a fill, a shift or a time window, in at most N time "
        "buckets with min / mean / max per bucket (computed in SQL: a one-second spike survives), per "
        "part (BPix layer, FPix ring; LV: BPix / FPix analog / digital; temperatures: BPix / FPix cooling "
        "pipes, CO₂ loop inlets / outlets; buckets then last at least the "
        "archive's 5-minute heartbeat, so that each sees every channel) or per channel; the alert limits "
        "are drawn when the channels shown share them."
    )
    parameters = (
        Parameter("resource", required=True, choices=tuple(READINGS), help="the DCS resource"),
        Parameter("value", required=True, help="the attribute to draw, e.g. current, corrected_per_module"),
        Parameter("channel", help="one channel (sensor, loop, probe) by name"),
        Parameter("layer", "integer", help="BPix layer (hv_channels, leakage_currents)"),
        Parameter("group", choices=("part", "channel"),
                  help="one line per part (the default for hv_channels, leakage_currents, lv_channels, temperatures) or per channel"),
        *SCOPE,
        Parameter("buckets", "integer", default=DEFAULT_BUCKETS, help=f"time buckets, 1..{MAX_BUCKETS}"),
    )  # fmt: skip
    scope_rule = SCOPE_RULE

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

    def plot(self, resource, value, channel, layer, group, run, fill, shift, since, until, buckets):
        since, until, label = window(run, fill, shift, since, until)
        declared = resources[resource]
        if group is None:
            group = "part" if resource in PARTS and channel is None else "channel"
        source = reading_source(resource, label, since, until, {CHANNEL_ATTRIBUTE[resource]: channel, "layer": layer})
        rows = source.queryset()
        if resource == "lv_channels":
            rows = rows.annotate(subdetector=Substr("channel", 1, 4))
        if resource == "temperatures":
            rows = rows.annotate(place=Case(
                When(location__endswith=" inlet", then=Value("CO₂ loop inlets")),
                When(location__endswith=" outlet", then=Value("CO₂ loop outlets")),
                default=Concat(Substr("location", 1, 4), Value(" cooling pipes"))))  # fmt: skip
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
                Series(f"{title} max", "line", x, [b.max for b in filled], band=title),
                Series(title, "line", x, [b.mean for b in filled]),
                Series(f"{title} min", "line", x, [b.min for b in filled], band=title),
            ]
        if value == WATCHED[resource]:
            series += limit_lines(source, since, until)
        attribute = declared.attributes[value]
        from apps.events.markers import time_markers  # events read every app's tables

        return Plot(
            title=f"{attribute.label()} ({resource}), {label}",
            x=Axis("Time (UTC)", type="date"),
            y=Axis(attribute.label(), attribute.units),
            series=series,
            sources=[source],
            markers=time_markers(f"{self.name}/{resource}", since, until),
        )


def part_title(part):
    """BPix L1, FPix R2, BPix digital."""
    if "place" in part:
        return part["place"]
    if "supply" in part:
        return f"{part['subdetector']} {part['supply']}"
    return f"BPix L{part['layer']}" if part["subdetector"] == "BPix" else f"FPix R{part['ring']}"


def reading_source(resource, label, since, until, filters=None):
    """The Source of a DCS resource's readings in [since, until)."""
    return Source(f"{resource} of {label}", resource, {**(filters or {}), "time[GE]": since, "time[LT]": until})


def window(run, fill, shift, since, until):
    """(since, until, label) of a run, a fill, a shift or a time window."""
    scope = SCOPE_RULE.check({"run": run, "fill": fill, "shift": shift, "since": since, "until": until})
    return *scope.window(), scope.label


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
