"""The live status a live page asks for every LIVE_PERIOD_SECONDS (GET /api/workspace/live): the
newest run and lumisection, the current shift, when the data last changed, whether they have
stopped arriving, and the alarms going on, each with the page that shows it; what the page's
status line says, in words (the browser formats nothing).

OMS's conventions for growing data: the live run is the newest; while it goes on its end_time is
null and its last lumisection number grows; rows carry the times at which they were written. The
status is a few indexed look-ups (the newest lumisection, the newest LV reading, a window of
events), made afresh for each request: it is what tells a page that its data changed.
"""
import hashlib
from datetime import datetime, timezone

from django.conf import settings

from apps.dcs.models import LvReading
from apps.events.models import INSTANTS, Event, link
from apps.oms.models import Fill, Lumisection, Run
from pixelws.shifts import Shift

from .portlets.formatting import count_of

ISO = "%Y-%m-%dT%H:%M:%SZ"


def iso(moment):
    return f"{moment.astimezone(timezone.utc):{ISO}}" if moment else None


def newest(queryset, order, *fields):
    return queryset.order_by(order).values(*fields).first()


def alarms_going_on(since):
    """Alarms with no end yet (not an instant) that started at ``since`` or later, oldest first."""
    events = (Event.objects.filter(severity="alarm", end_time=None, start_time__gte=since).exclude(kind__in=INSTANTS)
              .order_by("start_time", "event_id").values("event_id", "start_time", "subject", "text", "page", "selection"))  # fmt: skip
    return [{"id": e["event_id"], "text": e["text"], "subject": e["subject"], "start_time": iso(e["start_time"]),
             "started": f"{e['start_time']:%H:%M:%S} UTC", "page": e["page"],
             "link": link(e["page"], e["selection"], e["start_time"])} for e in events]  # fmt: skip


def status_text(attributes):
    """What a live page's status line says: the newest lumisection and its time (not a ticking
    clock), or since when no new data came."""
    last_change, ls = attributes["last_change"], attributes["lumisection"]
    if last_change is None:
        return "Live · no data yet"
    if attributes["stale"]:
        return f"No new data since {last_change[:10]} {last_change[11:19]} UTC"
    if ls is None:
        return f"Live · last change {last_change[11:19]} UTC"
    going_on = ", going on" if attributes["run_ongoing"] and ls["run"] == attributes["run"] else ""
    return f"Live · newest LS {ls['number']}, {ls['time'][11:19]} UTC (run {ls['run']}{going_on})"


def status(now=None):
    """The live status as JSON-ready attributes; ``now`` (aware) for what is stale."""
    now = now or datetime.now(timezone.utc)
    lumisection = newest(Lumisection.objects, "-start_time", "run_number", "lumisection_number", "start_time", "end_time")
    reading = newest(LvReading.objects, "-time", "time")
    run = newest(Run.objects, "-run_number", "run_number", "start_time", "end_time", "last_lumisection_number")
    fill = newest(Fill.objects, "-fill_number", "fill_number", "end_time")
    times = [t for t in (lumisection and lumisection["end_time"], reading and reading["time"]) if t is not None]
    last_change = max(times, default=None)
    # The shift a shift page opens on (selection.default_choice): the newest lumisection's.
    shift = Shift.at(lumisection["start_time"] if lumisection else now)
    run_ongoing = bool(run and run["end_time"] is None)
    # "In the current run or shift": from whichever began first.
    since = min(shift.start, run["start_time"]) if run_ongoing else shift.start
    alarms = alarms_going_on(since)
    stale = last_change is None or (now - last_change).total_seconds() > settings.LIVE_STALE_SECONDS
    attributes = {
        "period_seconds": settings.LIVE_PERIOD_SECONDS,
        "stale_after_seconds": settings.LIVE_STALE_SECONDS,
        "run": run and run["run_number"],
        "run_ongoing": run_ongoing,
        "fill": fill and fill["fill_number"],
        "fill_ongoing": bool(fill and fill["end_time"] is None),
        "lumisection": lumisection and {"run": lumisection["run_number"], "number": lumisection["lumisection_number"],
                                        "time": iso(lumisection["end_time"])},  # fmt: skip
        "shift": shift.id,
        "shift_ongoing": shift.start <= now < shift.end,
        "last_change": iso(last_change),
        "stale": stale,
        "alarms": alarms,
    }
    attributes["text"] = status_text(attributes)
    attributes["alarms_text"] = count_of(len(alarms), "alarm")  # the banner's and the tab title's
    # What a live page follows: when it moves on, the page resolves its selection anew.
    attributes["follows"] = f"run {attributes['run']} · shift {attributes['shift']}"
    # What the page compares between two polls: it asks its portlets again only when this moved.
    changed = repr((attributes["run"], attributes["run_ongoing"], attributes["lumisection"], attributes["last_change"],
                    [a["id"] for a in alarms]))  # fmt: skip
    attributes["version"] = hashlib.sha256(changed.encode()).hexdigest()[:16]
    return attributes
