"""*Copy as page* for the Explore page: a series query (what /api/v1/plots/series takes) as a page
file with one plot portlet, and that portlet in OMS's portal form. The server stays read-only:
the author pastes the file into apps/workspace/pages/.

Filters that a controller can set become its values, so that the page follows the controller:
a filter on a choosing value's attribute and operator (pixelws/controller.py: ``run_number`` EQ
→ ``$run``, selector run) becomes that value, a time window on a time x the time window's
(``$since`` / ``$until``, selector time_window).
"""
import tempfile
from datetime import datetime
from pathlib import Path

import yaml

from apps.portal.documents import draft_portlet
from pixelws.controller import SELECTORS, VALUES, selector_values
from pixelws.dialect import registry as resources
from pixelws.dialect.errors import DialectError
from pixelws.dialect.query import filter_parameter, parse_filter
from pixelws.probes import registry as probes
from pixelws.sources import url_text

from .pages import PageError, load_page
from .probes import SeriesProbe

PAGE_ID = "explored"
# A value a selector of its own name shows alone: its filter is the page's choice of it.
CONTROLLED = {(v.attribute, v.operator): (f"${v.name}", v.name) for v in VALUES.values()
              if v.chooses and SELECTORS.get(v.name) and SELECTORS[v.name].shows == (v.name,)}  # fmt: skip
WINDOW_SELECTOR = "time_window"
TIME_WINDOW = {v.operator: f"${v.name}" for v in selector_values(WINDOW_SELECTOR)}
EXPLORE_KEYS = tuple(p.name for p in SeriesProbe.parameters)  # as the URL orders them
ROWS_PAGE_SIZE = 20


def portlets(params, reserved=()):
    """The Explore page's portlets for a series query: the plot, and the rows it is drawn from
    (its x, y and group as columns), as a page file writes them; a bad query is the probe's
    DialectError."""
    values = probes["series"].parse(params, reserved=reserved)
    given = {key: params[key] for key in EXPLORE_KEYS if params.get(key)}
    filters = {}
    for key, value in values["filters"].items():
        if isinstance(value, list):
            raise DialectError(f"Explore takes one value per attribute and operator; {filter_parameter(key)} has {len(value)}.", filter_parameter(key))
        filters[key] = value
    ys = [] if values["kind"] == "histogram" else [y for y in (given.get("y") or "").split(",") if y]
    columns = list(dict.fromkeys(c for c in (given["x"], *ys, given.get("group")) if c))
    placed = [("Plot", "plot", {"probe": "series", "params": given, "filters": filters}),
              (f"Matching {given['resource']} rows", "table", {"resource": given["resource"], "columns": columns, "filters": filters,
                                                               "page_size": ROWS_PAGE_SIZE})]  # fmt: skip
    return [{"title": title, "type": kind, "configuration": configuration} for title, kind, configuration in placed]


def draft(params):
    """{yaml, portal} of the page a series query makes; a bad query is the probe's DialectError."""
    probe = probes["series"]
    values = probe.parse(params)
    defaults = {p.name: p.default for p in probe.parameters}
    fixed = {name: value for name, value in values.items() if name != "filters" and value is not None and value != defaults[name]}
    fixed = {"resource": values["resource"], "x": values["x"], **fixed}
    filters, selectors = controlled_filters(values)
    title = probe.plot_title(values)
    configuration = {"probe": "series", "params": fixed}
    if filters:
        configuration["filters"] = filters
    document = {
        "title": title,
        "folder": "Explore",
        "description": f"Made on the Explore page: {title}.",
        "controller": {"selectors": selectors or ["live"]},
        "portlets": [{"title": title, "type": "plot", "pos_x": 0, "pos_y": 0, "size_x": 12, "size_y": 5,
                      "configuration": configuration}],
    }  # fmt: skip
    text = yaml.safe_dump(document, sort_keys=False, allow_unicode=True, width=110)
    page = checked(text)
    return {"yaml": text, "portal": {"data": draft_portlet(page, 1)}}


def controlled_filters(values):
    """The filters as a page writes them, with controller values where a controller sets them."""
    resource = resources[values["resource"]]
    filters, selectors = {}, []
    window = {}
    for key, raw in values["filters"].items():
        parameter = filter_parameter(key)
        if isinstance(raw, list):
            raise DialectError(f"A page's filter takes one value per attribute and operator; {parameter} has {len(raw)}.", parameter)
        parsed = parse_filter(resource, parameter, raw)
        if isinstance(parsed.value, str) and parsed.value.startswith("$"):  # a page file reads it as a controller value
            raise DialectError(f"A page file reads a value starting with $ as a controller value ($run, $fill, …); "
                               f"'{raw}' cannot be copied as a page.", parameter)  # fmt: skip
        controlled = CONTROLLED.get((parsed.attribute.name, parsed.operator)) if parsed.value is not None else None
        if controlled:
            filters[key], selector = controlled
            selectors.append(selector)
        else:
            filters[key] = literal_value(parsed.value)
            if parsed.column == values["x"] and parsed.operator in TIME_WINDOW and isinstance(parsed.value, datetime):
                window[parsed.operator] = key
    if len(window) == 2 and not selectors:
        for operator, key in window.items():
            filters[key] = TIME_WINDOW[operator]
        selectors.append(WINDOW_SELECTOR)
    return filters, selectors


def literal_value(value):
    """A filter's value as the page file writes it (YAML numbers and flags; times as the URL)."""
    if value is None:
        return "null"
    return url_text(value) if isinstance(value, datetime) else value


def checked(text):
    """The page the text makes, checked as `manage.py check` checks a page file."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"{PAGE_ID}.yaml"
        path.write_text(text)
        try:
            return load_page(path)
        except PageError as error:  # a bug here, not the author's: the query itself parsed
            raise RuntimeError(f"Copy as page made an invalid page: {error}") from None
