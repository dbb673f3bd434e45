"""Page 1 of a shift's PDF (a page file with ``digest: true``, its handovers too): what a shift
leader accepts at a glance. The shift, the shifter and the notes; what needs attention (the
alarms with their start, end and duration, the intervals outside DCS limits, the counts of
routine warnings); the key numbers and the runs. Each part is a portlet's content made by its
type's class, as the page's own portlets are, so it reads as they do; the page's portlets follow
from page 2."""
from apps.workspace.portlets import content
from apps.workspace.portlets.base import plot_of, probe_query
from apps.workspace.portlets.formatting import count_of, format_value
from apps.workspace.portlets.timeline import ROUTINE, TIMELINE_PROBE, routine_counts

TIMELINE = {"probe": TIMELINE_PROBE}
# The parts of "needs attention" and the runs, as a page file would declare them.
ALARMS = {"title": "Alarms", "type": "timeline",
          "configuration": {**TIMELINE, "params": {"severity": "alarm"}, "empty": "No alarm"}}  # fmt: skip
OUT_OF_LIMITS = {"title": "Out-of-limit intervals", "type": "table",
                 "configuration": {"probe": "dcs_out_of_limits", "empty": "Nothing left its limits"}}  # fmt: skip
RUNS = {"title": "Runs of the shift", "type": "table", "configuration": {"probe": "shift_runs"}}
# The key numbers: the shift_totals probe's columns, with their labels and units.
KEY_NUMBERS = (
    ("delivered", "Delivered luminosity", "pb⁻¹"), ("recorded", "Recorded luminosity", "pb⁻¹"),
    ("efficiency", "Efficiency (recorded / delivered)", "%"), ("deadtime", "Dead time (beam active)", "%"),
    ("bpix_ready", "BPix ready", "% of LS"), ("fpix_ready", "FPix ready", "% of LS"),
)  # fmt: skip


def digest(context, notes):
    """The digest of the shift ``context`` (a portlets.Context) shows, with the shifter's ``notes``."""
    return {
        "notes": notes,
        "alarms": part(ALARMS, context),
        "out_of_limits": part(OUT_OF_LIMITS, context),
        "warnings": warning_counts(context),
        "key_numbers": key_numbers(context),
        "runs": part(RUNS, context),
    }


def part(portlet, context):
    return {**content(portlet, context, None), "width": 12, "height": 2}


def warning_counts(context):
    """The shift's warnings in words: each routine kind counted, then the other warnings."""
    events = (plot_of(TIMELINE, context)["table"] or {}).get("rows") or []
    routine = routine_counts(events)
    others = sum(1 for e in events if e["severity"] == "warning" and e["kind"] not in ROUTINE)
    counts = [f"{text} ({subject})" for _, subject, text, _ in routine]
    if others:
        counts.append(f"{count_of(others, 'other warning')}, listed under What happened")
    return counts


def key_numbers(context):
    """[(label, value, units)] of the shift's totals."""
    table = context.ask(*probe_query({"probe": "shift_totals"}, context))["data"]["attributes"]["table"]
    totals = table["rows"][0] if table and table["rows"] else {}
    return [(label, format_value(totals.get(name), 3), units) for name, label, units in KEY_NUMBERS]
