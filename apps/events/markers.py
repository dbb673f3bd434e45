"""The events a time plot marks (pixelws.plots.Marker): over a time axis, or over the
lumisections of a run. Each plot marks only the events of its own sources (MARKED). An event
started before the plot's window and going on in it is a band from the window's start; of the
others, alarms with an end (or still going on: to the window's end) are bands, everything else
a line at its start."""
from bisect import bisect_right

from pixelws.plots import SEVERITY_COLOURS, Marker
from pixelws.shared_queries import shared_rows

from apps.oms.models import Lumisection

from .models import INSTANTS
from .probes import going_on

# The events each time plot marks, as filters of the events resource, by probe (and DCS resource):
# what its page is about, so that a plot is not crowded by every source's events.
POWER = {"page": "power"}  # LV/HV channels off or tripped (power), their currents beyond limits (dcs)
COOLING = {"source": "dcs", "page": "cooling"}  # temperatures, CO2, dew point, clean room, set points
MARKED = {
    "dcs_series/lv_channels": POWER, "dcs_series/hv_channels": POWER, "dcs_series/leakage_currents": POWER,
    "dcs_series/temperatures": COOLING, "dcs_series/co2_flows": COOLING, "dcs_series/humidities": COOLING,
    "dcs_series/cleanroom_probes": COOLING, "dcs_series/castor_probes": COOLING,
    "fed_errors_per_ls": {"source": "daq"},  # error bursts, channels masked by the DAQ, readback outliers
    "masked_over_time": {"source": "masking"},  # ROCs automasked
    "inst_lumi": {"source": "run"}, "cumulative_lumi": {"source": "run"},  # runs starting and ending
}  # fmt: skip


def time_markers(plot, since, until):
    """Markers of ``plot``'s events going on in [since, until), clipped to it."""
    markers = []
    for e in events_of(plot, "the window", since, until):
        end = end_or(e, until)
        markers.append(marker(e, max(e.start_time, since), min(end, until) if end else None, e.start_time < since))
    return markers


def lumisection_markers(plot, run):
    """Markers at the lumisections of run ``run`` in which ``plot``'s events going on in it start
    (its first, if before) and end."""
    spans = shared_rows(Lumisection.objects.filter(run_number=run).order_by("lumisection_number").values_list(
        "start_time", "end_time"))  # fmt: skip
    if not spans:
        return []
    starts = [start for start, _ in spans]

    def ls(moment):
        return max(1, bisect_right(starts, moment))

    since, until = starts[0], spans[-1][1]
    markers = []
    for e in events_of(plot, f"run {run}", since, until):
        end = end_or(e, until)
        markers.append(marker(e, ls(e.start_time), ls(end) if end else None, e.start_time < since))
    return markers


def end_or(event, until):
    """The event's end; ``until`` for one still going on (no end, and not an instant)."""
    return event.end_time or (until if event.kind not in INSTANTS else None)


def events_of(plot, label, since, until):
    """``plot``'s events going on in [since, until), by start. The plots of a page that mark the
    same sources over the same window share each query's rows (the events view reads every app's
    tables)."""
    return sorted((e for s in going_on(label, since, until, MARKED[plot]) for e in shared_rows(s.queryset())),
                  key=lambda e: (e.start_time, e.event_id))


def marker(event, x, x_end, started_before):
    """A band for an alarm with an end, or for an event going on since before the plot starts."""
    band = x_end is not None and (event.severity == "alarm" or started_before)
    return Marker(x, x_end if band else None, SEVERITY_COLOURS[event.severity],
                  f"{event.severity}: {event.subject}: {event.text}")
