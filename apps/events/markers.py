"""The events a time plot marks (pixelws.plots.Marker): over a time axis, or over the
lumisections of a run. Alarms with an end are bands, everything else a line at its start."""
from bisect import bisect_right

from pixelws.plots import Marker
from pixelws.shared_queries import shared_rows

from apps.oms.models import Lumisection

from .models import Event
from .probes import SEVERITY_COLOURS


def time_markers(since, until):
    """Markers at the times of the events starting in [since, until)."""
    return [marker(e, e.start_time, min(e.end_time, until) if e.end_time else None) for e in in_window(since, until)]


def lumisection_markers(run):
    """Markers at the lumisections of run ``run`` in which its events start (and end)."""
    starts = shared_rows(Lumisection.objects.filter(run_number=run).order_by("lumisection_number").values_list(
        "start_time", flat=True))  # fmt: skip
    if not starts:
        return []

    def ls(moment):
        return max(1, bisect_right(starts, moment))

    last = starts[-1]
    return [marker(e, ls(e.start_time), ls(e.end_time) if e.end_time else None)
            for e in in_window(starts[0], last) if e.start_time <= last]  # fmt: skip


def in_window(since, until):
    """The events starting in [since, until): every time plot of a page marks the same window's,
    so they share one query's rows (the events view reads every app's tables: 13–50 ms)."""
    return shared_rows(Event.objects.filter(start_time__gte=since, start_time__lt=until).order_by("start_time", "event_id"))


def marker(event, x, x_end):
    band = event.severity == "alarm" and x_end is not None
    return Marker(x, x_end if band else None, SEVERITY_COLOURS[event.severity],
                  f"{event.severity}: {event.subject}: {event.text}")
