"""The page controller's vocabulary: every value a page's controller sets, in one registry.

A value is named once here with all that is said of it: its URL parameter and ``$name`` in page
files, how it is parsed and checked (a Parameter, plus a check of its own), its title and help, the
OMS selector it becomes (an attribute and operator), the widget that shows it, what choosing it
forgets. A page file lists *selectors* (``run``, ``ls_range``,
``time_window``, ``shift``, …): each shows some values and implies others (a shift implies its
window and the runs at its start and end).

The browser knows none of it: ``vocabulary()`` is served with the controller component's
``config_schema`` (apps/workspace/schemas.py, under ``x-controller``), and frontend/js/controller.js
and state.js draw and change the state by it. Adding a value is one ``Value`` here (and a
selector showing it); a probe parameter of the same name receives it.
"""
import re
from dataclasses import dataclass
from urllib.parse import quote, urlencode

from .dialect.errors import DialectError
from .probes import Parameter
from .scope import FILL, LS, RUN, SHIFT, SINCE, UNTIL

ROC_NAME = re.compile(r"^[A-Za-z0-9_]+$")
OF_THE_RUN = ("ls", "ls_min", "ls_max", "reference_run")  # lumisections count within one run
# A page about one of these can go live: every such page offers it, its file need not say so.
LIVE_SCOPES = ("run", "fill", "shift", "time_window")


def fed_channel_of(raw, parameter="fed_channel"):
    """'1212/17' → (1212, 17); a 400 naming ``parameter`` if it is not FED/channel."""
    fed, slash, channel = raw.partition("/")
    if not (slash and fed.isdigit() and channel.isdigit() and 1200 <= int(fed) <= 1349 and 1 <= int(channel) <= 48):
        raise DialectError(f"'{raw}' is not a FED channel: write FED/channel, FED 1200–1349, channel 1–48.", parameter)
    return int(fed), int(channel)


def roc_name(raw, parameter="roc"):
    if not ROC_NAME.match(raw):
        raise DialectError(f"'{raw}' is not a ROC name such as BPix_BmO_SEC1_LYR1_LDR1F_MOD1_ROC0.", parameter)
    return raw


@dataclass(frozen=True)
class Value:
    """One value of the controller. ``parameter`` None: a value the selection derives
    ($shift_end_run), never in the URL."""

    name: str  # the URL parameter and a page file's $name
    title: str
    description: str  # the help: OMS's selector description, the API's parameter help, the widget's tooltip
    attribute: str = ""  # as an OMS selector: the filter attribute operator value it becomes
    operator: str = "EQ"
    parameter: Parameter | None = None
    check: object = None  # raw text → raises a DialectError naming the value, beyond its type
    noun: str = ""  # "No earlier run", "Choose a ROC above."
    missing: str = ""  # what a portlet that needs it says without it, if not "Choose a <noun> above."
    selector: bool = True  # an OMS selector and a $name (the live mode is neither)
    chooses: bool = False  # chooses the data shown: without one, the server chooses a default
    widget: str = ""  # number, text, time or flag: how the browser shows it
    label: str = ""  # the widget's words before it
    suffix: str = ""  # and after it
    placeholder: str = ""
    size: int = 0
    steps: bool = False  # ◀ ▶ to the previous and next that exists (the selection's steps)
    clears: tuple = ()  # values a new choice of it forgets
    needs: str = ""  # a value without which its widget is off (LS numbers count within a run)
    follows_newest: bool = False  # the live mode: the newest run or shift, as data arrive (docs/live.md)
    hands_over: bool = False  # a page choosing it hands over with its notes (the handovers' key)

    def parse(self, raw):
        value = self.parameter.parse(raw)
        if self.check is not None:
            self.check(raw, self.name)
        return value

    def describe(self):
        """What the browser is told of it."""
        fields = ("name", "title", "description", "noun", "chooses", "widget", "label", "suffix", "placeholder",
                  "size", "steps", "clears", "needs", "follows_newest", "hands_over")  # fmt: skip
        described = {name: getattr(self, name) for name in fields}
        described["clears"] = list(self.clears)
        described["noun"] = self.noun or self.name.replace("_", " ")
        described["choices"] = list(self.parameter.choices) if self.parameter else []  # a flag's: its "on"
        return described


@dataclass(frozen=True)
class Selector:
    """What a page file lists in ``controller.selectors``: the values it shows, then those it implies."""

    name: str
    shows: tuple
    implies: tuple = ()

    @property
    def values(self):
        return (*self.shows, *self.implies)


def window_value(parameter, title, description, operator, label, suffix=""):
    return Value(parameter.name, title, description, "start_time", operator, parameter, widget="time", label=label,
                 suffix=suffix, chooses=True, clears=("shift", "live"))  # fmt: skip


def shift_end(name, attribute, title, description):
    return Value(name, title, description, attribute, missing="No lumisections in this shift.")


# In URL order: one view has one URL.
REGISTERED = (
    Value("run", "Run", "The run shown (default: the newest run).", "run_number", parameter=RUN, chooses=True, widget="number",
          label="Run", size=8, steps=True, clears=("fill", *OF_THE_RUN, "shift", "live")),
    Value("fill", "Fill", "The fill shown, or the chosen run's fill.", "fill_number", parameter=FILL, chooses=True,
          widget="number", label="Fill", size=6, steps=True, clears=("run", *OF_THE_RUN, "shift", "live")),
    Value("ls", "Lumisection", "One lumisection of the run.", "lumisection_number", parameter=LS,
          noun="lumisection", widget="number", label="LS", size=5, needs="run"),
    Value("ls_min", "First lumisection", "The first lumisection of the run shown.", "lumisection_number", "GE",
          Parameter("ls_min", "integer", help="the first lumisection of the run shown"), noun="first lumisection",
          widget="number", label="LS", size=5, needs="run"),
    Value("ls_max", "Last lumisection", "The last lumisection of the run shown.", "lumisection_number", "LE",
          Parameter("ls_max", "integer", help="the last lumisection of the run shown"), noun="last lumisection",
          widget="number", label="–", size=5, needs="run"),
    Value("reference_run", "Reference run", "The run compared with (empty: the run before).", "run_number",
          parameter=Parameter("reference_run", "integer", help="the run compared with"), widget="number",
          label="compared with run", placeholder="previous", size=8),
    Value("roc", "ROC", "One ROC, by its online name.", "roc_name", parameter=Parameter("roc", help="a ROC's online name"),
          check=roc_name, noun="ROC", widget="text", label="ROC", placeholder="BPix_BmO_SEC1_LYR1_LDR1F_MOD1_ROC0", size=38),
    Value("fed_channel", "FED channel", "One FED channel, as FED/channel: 1212/17.", "fed_channel",
          parameter=Parameter("fed_channel", help="FED/channel, e.g. 1212/17"), check=fed_channel_of, noun="FED channel",
          widget="text", label="FED channel", placeholder="1212/17", size=8),
    window_value(SINCE, "From", "The start of the time window (UTC).", "GE", "From"),
    window_value(UNTIL, "To", "The end of the time window (UTC).", "LT", "to", "UTC"),
    Value("shift", "Shift", "A Pixel shift, e.g. 2018-10-09/evening (Europe/Zurich): the window since–until.", "shift", parameter=SHIFT, chooses=True, widget="text", label="Shift",
          placeholder="2018-10-09/evening", size=18, steps=True,
          clears=("run", "fill", "since", "until", *OF_THE_RUN, "live"), hands_over=True),
    shift_end("shift_start_run", "run_number", "Run at the shift's start", "The run of the shift's first lumisection."),
    shift_end("shift_start_ls", "lumisection_number", "LS at the shift's start", "The shift's first lumisection."),
    shift_end("shift_end_run", "run_number", "Run at the shift's end", "The run of the shift's last lumisection."),
    shift_end("shift_end_ls", "lumisection_number", "LS at the shift's end", "The shift's last lumisection."),
)  # fmt: skip
# The live mode follows the newest run or shift instead of a chosen one: it forgets the choice,
# and a choice ends it. Its period is the LIVE_PERIOD_SECONDS setting, which the shell carries
# (frontend/js/live.js).
REGISTERED += (
    Value("live", "Live", "Follow the newest run or shift: the page grows as data arrive, and shows the alarms going on.",
          parameter=Parameter("live", choices=("1",), help="1: the page follows the newest run or shift as data arrive (docs/live.md)"),
          selector=False, widget="flag", label="Live", clears=(*(v.name for v in REGISTERED if v.chooses), *OF_THE_RUN),
          follows_newest=True),
)  # fmt: skip
ALL = {value.name: value for value in REGISTERED}
VALUES = {name: value for name, value in ALL.items() if value.selector}  # OMS selectors, the page files' $names
URL_VALUES = {name: value for name, value in ALL.items() if value.parameter is not None}  # the URL's, in its order
SELECTORS = {
    selector.name: selector
    for selector in (
        Selector("run", ("run",)),
        Selector("fill", ("fill",)),
        Selector("ls", ("ls",)),
        Selector("ls_range", ("ls_min", "ls_max")),
        Selector("reference_run", ("reference_run",)),
        Selector("roc", ("roc",)),
        Selector("fed_channel", ("fed_channel",)),
        Selector("time_window", ("since", "until")),
        # A shift is a UTC window; with it come the run and LS of its first and last lumisection,
        # for what a report shows "at the shift's start / end" (apps/workspace/selection.py).
        Selector("shift", ("shift",), ("since", "until", "shift_start_run", "shift_start_ls", "shift_end_run", "shift_end_ls")),
        Selector("live", ("live",)),
    )
}


def selector_values(name):
    """The Values a selector sets (shown and implied)."""
    return [ALL[value] for value in SELECTORS[name].values]


def missing(name):
    """What a portlet says while the controller has no value ``name`` it needs."""
    value = ALL.get(name)
    if value is not None and value.missing:
        return value.missing
    return f"Choose a {(value.noun if value else '') or name.replace('_', ' ')} above."


# Each widget's <input>, for frontend/js/controller.js and the first screen's form alike.
INPUTS = {
    "number": 'type="number" min="1" step="1" inputmode="numeric"',
    "text": 'type="text" spellcheck="false"',
    "time": 'type="datetime-local" step="1"',
    "flag": 'type="checkbox"',
}


def widgets(selectors, state, context):
    """The widgets of a page's ``selectors`` as the browser's controller shows them (controller.js
    show()): each value's description, its <input>, the text in it (the URL's value, else what the
    selection implies; a time as <input type=datetime-local> writes it, with no zone), and whether
    it is off (a value it needs is not chosen)."""
    shown = []
    for selector in selectors:
        for name in SELECTORS[selector].shows:
            value = ALL[name]
            text = state.get(name, context.get(name, ""))
            if value.widget == "time":
                text = str(text).removesuffix("Z")
            shown.append({**value.describe(), "input": INPUTS[value.widget], "text": "" if text is None else text,
                          "off": bool(value.needs) and value.needs not in state})  # fmt: skip
    return shown


def vocabulary():
    """What the browser is told: every URL value in URL order, and each selector's values."""
    return {
        "inputs": INPUTS,
        "values": [value.describe() for value in URL_VALUES.values()],
        "selectors": {name: {"shows": list(s.shows), "implies": list(s.implies)} for name, s in SELECTORS.items()},
    }


SLOT = "{value}"  # a drilldown link's place for the value clicked (a plot's cell), as in the link: %7Bvalue%7D


def page_link(page, values):
    """The path of a page opened with controller ``values`` ({"run": 324245, "roc": …}): a
    drilldown's, a timeline event's, for the browser and the PDF alike. In URL order, as the browser
    orders its own URL (frontend/js/state.js), a slash kept readable (shift=2018-10-09/night); a
    value None is left out. A value ``SLOT`` is left for the browser to fill (a plot's cell clicked)."""
    ordered = [name for name in URL_VALUES if name in values] + [name for name in values if name not in URL_VALUES]
    pairs = [(name, values[name]) for name in ordered if values[name] is not None]
    return f"/pages/{page}" + (f"?{urlencode(pairs, safe='/', quote_via=quote)}" if pairs else "")
