"""What a page's selection means: the controller's values from the URL, checked, completed with
a default where nothing is chosen, and with what they imply (a run's fill, a shift's UTC window).

One place for the browser (``GET /api/workspace/selection?page=…&run=…``, see views.py) and for
the PDF of a page (pdf.py): both show the same run, fill or shift with the same variables.
"""
from dataclasses import dataclass, field
from datetime import datetime, timezone

from django.db.models import Max, Min, Sum

from apps.daq.models import FedError
from apps.oms.models import Fill, Lumisection, Run
from apps.oms.lumisections import LumisectionScope
from apps.pixel.models import MaskedRoc
from pixelws.controller import SELECTORS, URL_VALUES
from pixelws.dialect import registry as resources
from pixelws.dialect.errors import DialectError
from pixelws.dialect.query import parse_value
from pixelws.scope import Scope, check_both_ends, known_fill, known_run
from pixelws.shifts import Shift

URL_TIME = "%Y-%m-%dT%H:%M:%SZ"  # as the URL writes since and until
STEPPED = {"run": Run, "fill": Fill}  # ◀ ▶ step to the previous or next one that exists


@dataclass
class PageSelection:
    state: dict  # the chosen values (with defaults), as the URL writes them
    defaults: list = field(default_factory=list)  # keys the server chose because nothing was
    variables: dict = field(default_factory=dict)  # what portlets refer to as $run, $since, …
    title: str = ""  # "run 324245", for the browser tab and the PDF's name
    summary: str = ""  # the context line under the controller
    during: str = ""  # "during run 324245": what an empty table's words end with (its `empty`)
    steps: dict = field(default_factory=dict)  # {"shift": {"previous": …, "next": …}}

    def as_attributes(self):
        return {"state": self.state, "defaults": self.defaults, "variables": self.variables,
                "title": self.title, "summary": self.summary, "during": self.during, "steps": self.steps}  # fmt: skip

    @property
    def slug(self):
        """The selection in a file name: ``2018-10-09-evening``, ``run-324245``."""
        parts = [f"{k}-{v}" if k not in ("shift",) else str(v) for k, v in self.state.items() if k != "live"]
        return "-".join(parts).replace("/", "-").replace(":", "").replace(" ", "") or "latest"


def parse_state(params):
    """QueryDict → {key: value} of the controller's values given (pixelws/controller.py), each
    checked by its Value; a bad one is a DialectError naming it. Times stay as the URL writes them,
    a shift is its id, live is True."""
    state = {}
    for key in params:
        if len(params.getlist(key)) > 1:  # as the dialect: the last value silently winning would mislead
            raise DialectError(f"'{key}' is given {len(params.getlist(key))} times; give it once.", key)
    for name, controller_value in URL_VALUES.items():
        raw = params.get(name)
        if raw is None or raw == "":
            continue
        value = controller_value.parse(raw)
        kind = controller_value.parameter.type
        if kind == "datetime":
            value = raw  # checked; kept as the URL writes it
        elif kind == "shift":
            value = value.id
        elif controller_value.follows_newest:  # the live mode
            value = True
        state[name] = value
    return state


def check_state_keys(params, allowed=()):
    """A query parameter that is neither a controller value nor one of ``allowed`` is a 400 naming it."""
    for key in params:
        if key not in allowed and key not in URL_VALUES:
            raise DialectError(f"'{key}' is not a value of the workspace; values are {', '.join((*allowed, *URL_VALUES))}.", key)


def resolve(selectors, params, opens_on=None):
    """The PageSelection of a page with these controller selectors, for the URL's ``params``;
    ``opens_on``: the resource whose newest run (fill) is the default (pages.Page.opens_on)."""
    state = parse_state(params)
    check_both_ends(state)  # half a window: the other half is not a default's
    selection = PageSelection(state=state)
    chosen = any(k in state for k in ("run", "fill", "shift")) or ("since" in state and "until" in state)
    if not chosen:
        default_choice(selectors, selection, opens_on)
    variables = {k: v for k, v in selection.state.items() if k != "live"}
    if "since" in variables:
        variables["since"] = parse_value("datetime", variables["since"], "since")
    if "until" in variables:
        variables["until"] = parse_value("datetime", variables["until"], "until")
    selection.variables = variables
    if "run" in selection.state:
        describe_run(selection)
    elif "fill" in selection.state:
        describe_fill(selection)
    elif "shift" in selection.state:
        describe_shift(selection)
    elif "since" in variables and "until" in variables:
        selection.summary = describe(selection, Scope(since=variables["since"], until=variables["until"]))
    return selection


def describe(selection, scope):
    """The selection's title and words (pixelws/scope.py's, as every probe names its scope)."""
    selection.title, selection.during = scope.label, scope.during
    return selection.title


def default_choice(selectors, selection, opens_on=None):
    """Nothing chosen: the newest shift with data on a shift page, else the newest run (with rows
    of ``opens_on``), else (on a page that chooses fills) the newest fill; a page that chooses
    only a time window opens on the newest shift's."""
    if "shift" in selectors or selectors == ["time_window"]:
        newest = Lumisection.objects.aggregate(Max("start_time"))["start_time__max"]
        if newest is not None and "shift" not in selectors:
            shift = Shift.at(newest)
            selection.state |= {"since": f"{shift.start:{URL_TIME}}", "until": f"{shift.end:{URL_TIME}}"}
            selection.defaults += ["since", "until"]
            return
        chosen = ("shift", Shift.at(newest).id if newest is not None else None)
    elif "run" in selectors:
        chosen = ("run", newest_number("run", resources[opens_on].model if opens_on else Run))
    elif "fill" in selectors:
        chosen = ("fill", newest_number("fill", resources[opens_on].model if opens_on else Fill))
    else:
        chosen = (None, None)
    if chosen[1] is not None:
        selection.state[chosen[0]] = chosen[1]
        selection.defaults.append(chosen[0])
    default_detail(selectors, selection)


def default_detail(selectors, selection):
    """A page of one FED channel opens on the run's channel with the most errors; a page of one
    ROC on the ROC masked in the newest run (the first by name)."""
    if "fed_channel" in selectors and "fed_channel" not in selection.state:
        errors = FedError.objects.filter(run_number=selection.state["run"]) if "run" in selection.state else FedError.objects
        worst = (errors.values("fed_id", "fed_channel").annotate(total=Sum("errors"))
                 .order_by("-total", "fed_id", "fed_channel").first())  # fmt: skip
        if worst:
            selection.state["fed_channel"] = f"{worst['fed_id']}/{worst['fed_channel']}"
            selection.defaults.append("fed_channel")
    if "roc" in selectors and "roc" not in selection.state:
        roc = MaskedRoc.objects.order_by("-run_number", "roc_name").values_list("roc_name", flat=True).first()
        if roc:
            selection.state["roc"] = roc
            selection.defaults.append("roc")


def newest_number(key, model):
    return model.objects.aggregate(newest=Max(f"{key}_number"))["newest"]


def describe_run(selection):
    number = selection.state["run"]
    run = known_run(number)
    if run["fill_number"] is not None and "fill" not in selection.variables:
        selection.variables["fill"] = run["fill_number"]
    end = f"{run['end_time']:%Y-%m-%d %H:%M:%S}" if run["end_time"] else "ongoing"
    describe(selection, Scope(run=number))
    selection.summary = (f"Run {number} · fill {run['fill_number'] or 'none'} · {run['last_lumisection_number'] or 0} LS · "
                         f"{run['start_time']:%Y-%m-%d %H:%M:%S} → {end} UTC")  # fmt: skip


def describe_fill(selection):
    number = selection.state["fill"]
    fill = known_fill(number)
    end = f"{fill['end_time']:%Y-%m-%d %H:%M:%S}" if fill["end_time"] else "ongoing"
    describe(selection, Scope(fill=number))
    selection.summary = (f"Fill {number} · runs {fill['first_run_number'] or '–'}–{fill['last_run_number'] or '–'} · "
                         f"{fill['start_time']:%Y-%m-%d %H:%M:%S} → {end} UTC")  # fmt: skip


def describe_shift(selection):
    """A shift's window (since, until) and the run and LS at its start and end, which pages use
    for the masking at the shift's start and end (``$shift_end_run``, ``$shift_end_ls``)."""
    shift = Shift.parse(selection.state["shift"])
    variables = selection.variables
    variables["since"], variables["until"] = shift.start, shift.end
    inside = LumisectionScope.of_shift(shift).lumisections().order_by()
    runs = list(inside.values("run_number").annotate(first=Min("lumisection_number"), last=Max("lumisection_number"),
                                                     fill=Min("fill_number")).order_by("run_number"))  # fmt: skip
    if runs:
        variables |= {"shift_start_run": runs[0]["run_number"], "shift_start_ls": runs[0]["first"],
                      "shift_end_run": runs[-1]["run_number"], "shift_end_ls": runs[-1]["last"]}  # fmt: skip
    fills = sorted({r["fill"] for r in runs if r["fill"] is not None})
    describe(selection, Scope.of_shift(shift))
    # The shift going on: what the page, its PDF and a handover show is as of now (docs/live.md).
    now = datetime.now(timezone.utc)
    going_on = f" · still going on, as of {now:%H:%M} UTC" if shift.start <= now < shift.end else ""
    selection.summary = (f"{shift.label[0].upper()}{shift.label[1:]}{going_on} · "
                         + (f"runs {', '.join(str(r['run_number']) for r in runs)} · fills {', '.join(map(str, fills)) or 'none'}"
                            if runs else "no lumisections in this shift"))  # fmt: skip
    selection.steps["shift"] = {"previous": shift.step(-1).id, "next": shift.step(1).id}


def add_steps(selection, selectors):
    """The previous and next run (fill) that exist, from the one shown, for the ◀ ▶ of a page
    choosing runs (fills): ``steps[name] = {previous, next}``, None where there is none."""
    shown = {name for selector in selectors for name in SELECTORS[selector].shows}
    for name, model in STEPPED.items():
        number = selection.variables.get(name)
        if name in shown and number is not None:
            column = f"{name}_number"
            before = model.objects.filter(**{f"{column}__lt": number}).aggregate(found=Max(column))["found"]
            after = model.objects.filter(**{f"{column}__gt": number}).aggregate(found=Min(column))["found"]
            selection.steps[name] = {"previous": before, "next": after}
    return selection


