"""The workspace's shared vocabulary: the controller's values (what each selector sets, as OMS's
portal knows it) and the names page files and portlet types both use. Page files (pages.py) and
portlet types (portlets/) import it; it imports neither."""
import re
from typing import NamedTuple


class Selector(NamedTuple):
    """A controller value as OMS's portal knows it: one filter, ``attribute`` ``operator`` value."""

    name: str  # the URL parameter and the $variable of the page files
    attribute: str
    operator: str
    title: str
    description: str


SINCE = Selector("since", "start_time", "GE", "From", "The start of the time window (UTC).")
UNTIL = Selector("until", "start_time", "LT", "To", "The end of the time window (UTC).")
# The controller's selectors: what each one sets. A portlet refers to a value as $run, $fill, …;
# the portal API serves each value as an OMS selector (apps/workspace/portal.py).
SELECTORS = {
    "run": (Selector("run", "run_number", "EQ", "Run", "The run shown (default: the newest run)."),),
    "fill": (Selector("fill", "fill_number", "EQ", "Fill", "The fill shown, or the chosen run's fill."),),
    "ls": (Selector("ls", "lumisection_number", "EQ", "Lumisection", "One lumisection of the run."),),
    "ls_range": (
        Selector("ls_min", "lumisection_number", "GE", "First lumisection", "The first lumisection of the run shown."),
        Selector("ls_max", "lumisection_number", "LE", "Last lumisection", "The last lumisection of the run shown."),
    ),
    "reference_run": (Selector("reference_run", "run_number", "EQ", "Reference run", "The run compared with (default: the run before)."),),
    "roc": (Selector("roc", "roc_name", "EQ", "ROC", "One ROC, by its online name."),),
    "fed_channel": (Selector("fed_channel", "fed_channel", "EQ", "FED channel", "One FED channel, as FED/channel: 1212/17."),),
    "time_window": (SINCE, UNTIL),
    # A shift (2018-10-09/evening) is a UTC window; with it come the run and LS of its first and
    # last lumisection, for what a report shows "at the shift's start / end" (selection.py).
    "shift": (
        Selector("shift", "shift", "EQ", "Shift", "A Pixel shift, e.g. 2018-10-09/evening (Europe/Zurich): the window since–until."),
        SINCE, UNTIL,
        Selector("shift_start_run", "run_number", "EQ", "Run at the shift's start", "The run of the shift's first lumisection."),
        Selector("shift_start_ls", "lumisection_number", "EQ", "LS at the shift's start", "The shift's first lumisection."),
        Selector("shift_end_run", "run_number", "EQ", "Run at the shift's end", "The run of the shift's last lumisection."),
        Selector("shift_end_ls", "lumisection_number", "EQ", "LS at the shift's end", "The shift's last lumisection."),
    ),
    "live": (),  # a mode, not a value: the page follows the newest run or shift (docs/live.md)
}
# A page about one of these can go live: every such page offers it, its file need not say so.
LIVE_SCOPES = ("run", "fill", "shift", "time_window")
VALUES = {value.name: value for values in SELECTORS.values() for value in values}
TIMELINE_PROBE = "events_timeline"  # what a timeline portlet shows (apps/events)
PAGE_ID = re.compile(r"^[a-z][a-z0-9_]*$")  # a page file's name, and so its URL
