"""events_timeline: the events of a run, a fill, a shift or a time window in the order a shifter
reads them (alarms first, then by minute), each with the page that shows it."""
from datetime import timedelta

from django.db.models import Q

from pixelws.dialect.errors import DialectError
from pixelws.plots import SEVERITY_COLOURS, Axis, Column, Plot, Series, Table
from pixelws.probes import Parameter, Probe, register
from pixelws.scope import ScopeRule
from pixelws.sources import Source

from apps.oms.models import Run

from .models import INSTANTS, RUN_BOUND, SEVERITIES, SOURCES, link

SCOPE_RULE = ScopeRule(max_window=timedelta(days=10))  # the demo week and a margin, as the DCS probes
TIMELINE_TABLE = [
    Column("start_time", "Time (UTC)"), Column("severity", "Severity"), Column("source", "Source"),
    Column("subject", "Subject"), Column("text", "What happened"), Column("end_time", "Until (UTC)"),
    Column("kind", "Kind"), Column("link", "Shown on"),
]  # fmt: skip


@register
class EventsTimeline(Probe):
    name = "events_timeline"
    title = "Events"
    description = (
        "What happened over a run, a fill, a shift or a time window (the events starting in it, and the alarms "
        "started before and still going on in it; with lasting=true every event going on in it): runs, LV/HV trips, "
        "DCS readings beyond their limits, CO₂ set points, DAQ masking, automasking, FED error bursts, readback outliers. "
        "Alarms first, then in time order by minute; each links the page that shows it."
    )
    parameters = (
        Parameter("sources", help=f"comma-separated sources to show ({', '.join(SOURCES)}); default: all"),
        Parameter("severity", choices=SEVERITIES, help="the least severity shown; default: info (all)"),
        Parameter("lasting", "boolean", help="also the infos and warnings started before the window that go on in it; "
                                               "default: false (of those, only the alarms)"),
        *SCOPE_RULE.parameters(),
    )
    table_columns = TIMELINE_TABLE
    scope_rule = SCOPE_RULE

    def validate(self, values):
        unknown = [s for s in chosen_sources(values["sources"]) if s not in SOURCES]
        if unknown:
            raise DialectError(f"'{unknown[0]}' is not a source; sources are {', '.join(SOURCES)}.", "sources")

    def plot(self, sources, severity, lasting, run, fill, shift, since, until):
        scope = SCOPE_RULE.check({"run": run, "fill": fill, "shift": shift, "since": since, "until": until})
        (since, until), label = scope.window(), scope.label
        chosen = chosen_sources(sources)
        sources = going_on(label, since, until, {
            "source": chosen[0] if len(chosen) == 1 else None,
            "source[NEQ]": [s for s in SOURCES if s not in chosen] if len(chosen) > 1 else None,
            "severity[NEQ]": ["info", "warning"][: SEVERITIES.index(severity or "info")],
        }, None if lasting else {"severity": "alarm"})  # fmt: skip
        events = []
        for source in sources:
            events += source.queryset().values(*(c.name for c in TIMELINE_TABLE if c.name != "link"), "page", "selection")
        events.sort(key=reading_order)
        for event in events:
            event["link"] = link(event.pop("page"), event.pop("selection"), event["start_time"])
        series = []
        for level in reversed(SEVERITIES):  # alarms drawn on top
            shown = [e for e in events if e["severity"] == level]
            if shown:
                series.append(Series(level, "scatter", [e["start_time"] for e in shown], [e["source"] for e in shown],
                                     text=[f"{e['subject']}: {e['text']}" for e in shown],
                                     customdata=[e["link"] for e in shown], color=SEVERITY_COLOURS[level]))  # fmt: skip
        return Plot(
            title=f"Events, {label}: {len(events)}",
            x=Axis("Time (UTC)", type="date"),
            y=Axis("Source", type="category"),
            series=series,
            table=Table(TIMELINE_TABLE, events),
            sources=sources,
        )


def going_on(label, since, until, filters, before=None):
    """The events (with ``filters``) going on in [since, until): those starting in it, and those
    started before it that last into it (with ``before``'s filters too, if given; an end time is
    never before its start: disjoint). The
    latter in parts: DCS and power events, found by value whenever they began, ended since or
    still going on (no end, and not an instant); and the events of a run (DAQ, masking), which
    began no earlier than the run going on at ``since``, so that their query reads that run's rows
    and not the whole history (no such run: no such part). A part that ``filters``' one source
    rules out is left out."""
    filters_before = {**filters, **(before or {})}
    lasting = {**filters_before, "start_time[LT]": since, "end_time[GE]": since}
    only = filters.get("source")
    sources = [Source(f"events starting in {label}", "events", {**filters, "start_time[GE]": since, "start_time[LT]": until},
                      "events starting")]
    if only not in RUN_BOUND:
        sources += [
            Source(f"DCS and power events going on when {label} starts", "events", with_excluded(lasting, RUN_BOUND),
                   "DCS, power lasting"),
            Source(f"DCS and power events still going on when {label} starts", "events", with_excluded(
                {**filters_before, "start_time[LT]": since, "end_time": "null", "kind[NEQ]": list(INSTANTS)}, RUN_BOUND),
                   "DCS, power ongoing"),
        ]  # fmt: skip
    run_start = None
    if only is None or only in RUN_BOUND:
        run_start = (Run.objects.filter(Q(end_time__gte=since) | Q(end_time=None), start_time__lt=since)
                     .order_by("start_time").values_list("start_time", flat=True).first())  # fmt: skip
    if run_start is not None:
        sources.append(Source(f"events of the run going on when {label} starts", "events",
                              with_excluded({**lasting, "start_time[GE]": run_start}, [s for s in SOURCES if s not in RUN_BOUND]),
                              "run's events lasting"))  # fmt: skip
    return sources


def with_excluded(filters, sources):
    """``filters`` and source ≠ each of ``sources`` (besides any source the filters exclude already)."""
    excluded = filters.get("source[NEQ]") or []
    return {**filters, "source[NEQ]": [*excluded, *(s for s in sources if s not in excluded)]}


def chosen_sources(sources):
    return [s.strip() for s in sources.split(",") if s.strip()] if sources else list(SOURCES)


def reading_order(event):
    """Alarms first (what needs attention leads), then by minute, the more severe first within a
    minute, then by time."""
    start = event["start_time"]
    return (event["severity"] != "alarm", start.replace(second=0, microsecond=0), -SEVERITIES.index(event["severity"]),
            start, event["source"])  # fmt: skip

