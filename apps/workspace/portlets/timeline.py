"""A timeline portlet: the events the events_timeline probe serves for the selection, in its
order (by minute, alarms first within a minute), each row in its severity's colour, its subject
linking the page and selection that show the event."""
from apps.events.models import SEVERITIES

from ..pages import TIMELINE_PROBE
from .base import PortletType, empty, plot_of, probe_query, register, sources_of, whole_table
from .configuration import probe_properties, strict
from .formatting import line_time

HIDDEN = ("link",)  # each row links its page: not a column of its own
MINUTE = 16  # characters of an ISO time to the minute: 2018-10-09T13:05


@register
class Timeline(PortletType):
    type, component, min_size = "timeline", "TimelinePortlet", (4, 2)

    def schema(self):
        return strict(("probe",), probe_properties(), title="Events in time order, coloured by severity, each linking its page")

    def check(self, check, config, where):
        if config["probe"] != TIMELINE_PROBE:
            check.fail(f"{where}.probe", f"a timeline shows the {TIMELINE_PROBE} probe")
        check.probe(config, where)

    def queries(self, config, context):
        return [probe_query(config, context)]

    def fill(self, content, config, context, index):
        plot = plot_of(config, context)
        content["sources"] = sources_of(plot)
        events = (plot["table"] or {}).get("rows") or []
        if not events:
            return empty(content, context.no_rows(config))
        context.count_rows(len(events))
        columns = [c for c in plot["table"]["columns"] if c["name"] not in HIDDEN]
        names = [c["name"] for c in columns]
        # To the minute: a day's events read at a glance, and the table fits the page.
        values = [[e[n][:MINUTE] if n.endswith("_time") and e[n] else e[n] for n in names] for e in events]
        subject = names.index("subject")
        content["table"] = whole_table(columns, values, lambda i, j: events[i]["link"] if j == subject else None)
        for row, event in zip(content["table"]["rows"], events):
            # In a line of text, each time with its date (the table's header names a day's once).
            row.update(severity=event["severity"], source=event["source"], start=line_time(event["start_time"]),
                       end=line_time(event["end_time"]))  # fmt: skip
        content["severities"] = list(SEVERITIES)  # least first: the shifter's choice of the least shown
        all_names = [c["name"] for c in plot["table"]["columns"]]
        content["csv"] = {"header": all_names, "rows": [[e[n] for n in all_names] for e in events]}
