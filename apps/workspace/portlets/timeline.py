"""A timeline portlet: the events the events_timeline probe serves for the selection, in its
order (alarms first, then by minute), each row marked by its severity in words, a symbol and
colour, its subject linking the page and selection that show the event. Routine kinds
(automasking, the DAQ's channel masking) are one row per kind with their count, which holds the
events it stands for (the browser opens it; the PDF shows the count)."""
import re
from dataclasses import dataclass

from django.utils.safestring import mark_safe

from apps.events.models import SEVERITIES

from .base import PortletType, empty, paging_of, plot_of, probe_query, register, sources_of, whole_table
from .configuration import probe_properties, strict
from .formatting import count_of, duration_text, line_time
from .markup import timeline_html

TIMELINE_PROBE = "events_timeline"  # what a timeline shows: the probe by its name (apps/events)
HIDDEN = ("link", "kind")  # each row links its page; its kind says only how rows are grouped
ISO_MINUTE_LENGTH = 16  # characters of an ISO time to the minute: 2018-10-09T13:05
# A severity in a word and a symbol, besides its colour: told apart without colour too.
SEVERITY_MARKS = {"info": "○\u00a0info", "warning": "●\u00a0warning", "alarm": "▲\u00a0ALARM"}
LEADING_COUNT = re.compile(r"^(\d+) ")  # the events view's texts of the routine kinds begin with how many


@dataclass(frozen=True)
class Routine:
    """A kind of event that is routine: counted in one row, not listed one by one."""

    thing: str  # what is counted, singular ("ROC"); the events' texts begin with how many
    done: str  # what happened to them ("automasked")
    subject: str  # what each event is about, singular ("module")

    def summary(self, events):
        """(subject, text) of the row standing for ``events``: "16 modules", "19 ROCs automasked"."""
        things = sum(int(m[1]) if (m := LEADING_COUNT.match(e["text"])) else 1 for e in events)
        subjects = len({e["subject"] for e in events})
        return count_of(subjects, self.subject), f"{count_of(things, self.thing)} {self.done}"


ROUTINE = {
    "rocs_automasked": Routine("ROC", "automasked", "module"),
    "channels_masked": Routine("FED channel", "masked by the DAQ", "FED"),
}


def grouped(events):
    """The events in their order with each routine kind's events replaced by one row where the
    first of them stands: [(event or None, [events it stands for])]; None heads a group."""
    rows, groups = [], {}
    for event in events:
        kind = event.get("kind")
        if kind in ROUTINE:
            if kind not in groups:
                groups[kind] = []
                rows.append((None, groups[kind]))
            groups[kind].append(event)
        else:
            rows.append((event, [event]))
    return rows


def routine_counts(events):
    """[(kind, subject, text, severity)] of each routine kind among ``events``: what a digest counts."""
    return [(members[0]["kind"], *ROUTINE[members[0]["kind"]].summary(members), members[0]["severity"])
            for head, members in grouped(events) if head is None]  # fmt: skip


@register
class TimelinePortlet(PortletType):
    type, component, min_size = "timeline", "TimelinePortlet", (4, 2)

    def schema(self):
        return strict(("probe",), probe_properties(), title="Events, alarms first, routine kinds counted, each linking its page")

    def check(self, check, config, where):
        if config["probe"] != TIMELINE_PROBE:
            check.fail(f"{where}.probe", f"a timeline shows the {TIMELINE_PROBE} probe")
        check.probe(config, where)

    def queries(self, config, context):
        return [probe_query(config, context)]

    def body_html(self, portlet, content, inert):
        return mark_safe(timeline_html(content, inert))  # markup.py escaped every text

    def put_content(self, content, config, context, index):
        plot = plot_of(config, context)
        content["sources"] = sources_of(plot)
        events = (plot["table"] or {}).get("rows") or []
        if not events:
            return empty(content, context.no_rows(config))
        context.count_rows(len(events))
        columns = [c for c in plot["table"]["columns"] if c["name"] not in HIDDEN]
        names = [c["name"] for c in columns]
        rows = grouped([{**e, "index": i} for i, e in enumerate(events)])
        heads = [head or group_head(members) for head, members in rows]
        shown = [*heads, *(e for head, members in rows if head is None for e in members)]
        # To the minute: a day's events read at a glance, and the table fits the page.
        values = [[e[n][:ISO_MINUTE_LENGTH] if n.endswith("_time") and e[n] else e[n] for n in names] for e in shown]
        subject, severity, until = names.index("subject"), names.index("severity"), names.index("end_time")
        content["table"] = whole_table(columns, values, lambda i, j: shown[i].get("link") if j == subject else None)
        lines = content["table"]["rows"]
        for line, event in zip(lines, shown):
            # In a line of text, each time with its date (the table's header names a day's once).
            line.update(severity=event["severity"], source=event["source"], start=line_time(event["start_time"]),
                        end=line_time(event["end_time"]), events=[event["index"]] if "index" in event else [])  # fmt: skip
            line["cells"][severity]["text"] = SEVERITY_MARKS[event["severity"]]
            if event["end_time"]:
                line["duration"] = duration_text(event["start_time"], event["end_time"])
                line["cells"][until]["text"] += f" ({line['duration']})"
        members = iter(lines[len(heads):])
        for line, (head, group) in zip(lines, rows):  # a group's row holds the rows of its events
            if head is None:
                line["members"] = [next(members) for _ in group]
                line["events"] = [e["index"] for e in group]  # its CSV rows
        content["table"]["rows"] = lines[: len(heads)]
        content["table"]["paging"] = paging_of(heads)
        content["severities"] = list(SEVERITIES)  # least first: the shifter's choice of the least shown
        all_names = [c["name"] for c in plot["table"]["columns"]]
        content["csv"] = {"header": all_names, "rows": [[e[n] for n in all_names] for e in events]}


def group_head(events):
    """The row standing for a routine kind's events: from the first one's start, the worst severity."""
    subject, text = ROUTINE[events[0]["kind"]].summary(events)
    severity = max((e["severity"] for e in events), key=SEVERITIES.index)
    return {"start_time": events[0]["start_time"], "end_time": None, "severity": severity, "source": events[0]["source"],
            "subject": subject, "text": text, "kind": events[0]["kind"]}  # fmt: skip

