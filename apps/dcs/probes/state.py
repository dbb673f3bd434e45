"""The power groups' worst state over a time span, and the pixel state per lumisection of a run."""
from datetime import timedelta

from pixelws.palette import ALARMS, POWER_STATES, steps
from pixelws.plots import Axis, Column, Plot, Series, Table
from pixelws.probes import Probe, register
from pixelws.scope import REQUIRED_RUN, last_lumisection
from pixelws.sources import Source

from apps.geometry.maps import detector
from apps.pixel.masking import masked_per_ls, masking_source

from ..models import PowerGroup
from .series import HEARTBEAT, SCOPE, SCOPE_RULE, reading_source, window

STATES = tuple(POWER_STATES)  # ON, RAMPING, STANDBY, OFF, TRIPPED: worse and worse
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
    scope_rule = SCOPE_RULE
    table_columns = STATE_TABLE

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
        labels = [[None] * len(columns) for _ in HALVES]  # an alarm state's name in its cell
        names = [[None] * len(columns) for _ in HALVES]
        rows = []
        for name, subdetector, half_shell, sector, half_cylinder, disk in groups:
            states = [worst[kind].get(name) for kind in ("lv", "hv")]
            known = [s for s in states if s is not None]
            state = max(known) if known else None
            i, j = (HALVES.index(half_shell), sector - 1) if subdetector == "BPix" else (HALVES.index(half_cylinder), 7 + disk)
            z[i][j], names[i][j] = state, name
            if state is not None and STATES[state] in ALARMS:
                labels[i][j] = STATES[state]
            described = [STATES[s] if s is not None else "no reading" for s in states]
            text[i][j] = f"{name}: {STATES[state] if state is not None else 'no reading'} (LV {described[0]}, HV {described[1]})"
            rows.append({"power_group": name, "state": STATES[state] if state is not None else None,
                         "lv": described[0], "hv": described[1], "rank": -1 if state is None else state})  # fmt: skip
        rows.sort(key=lambda row: (-row.pop("rank"), row["power_group"]))
        last = len(STATES) - 1
        return Plot(
            title=f"Power groups' worst state, {label}",
            x=Axis("BPix sector · FPix disk", type="category"),
            y=Axis("Half-shell · half-cylinder", type="category"),
            z=Axis("State: " + " · ".join(f"{k} {s}" for k, s in enumerate(STATES))),
            series=[Series("Worst state", "heatmap", columns, list(HALVES), z=z, text=text, customdata=names,
                           colorscale=steps(POWER_STATES), zmin=-0.5, zmax=last + 0.5, legend=list(POWER_STATES.items()),
                           labels=labels)],
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
    parameters = (REQUIRED_RUN,)

    def plot(self, run):
        last_ls = last_lumisection(run)
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
        # ~1 % masked: on an axis of its own, or it would lie flat on the 0–1 axis of the others.
        series.append(Series("Masked ROCs", "step", x, [n / rocs for n in masked_per_ls(masked, last_ls)[: len(x)]], axis="y2"))
        return Plot(
            title=f"Pixel state per lumisection, run {run}",
            x=Axis("Lumisection"),
            y=Axis("Ready, or fraction of channels ON"),
            y2=Axis("Fraction of ROCs masked"),
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
