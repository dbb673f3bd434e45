"""A page as a report: every portlet's content for one selection, made of the very documents the
browser gets from the API (each query is answered in-process by the same views), ready for the
PDF template.

The queries are those of the frontend's portlets (frontend/js/query.js, portlets/*.js): same
filters, variables, sort and join; a table is complete here (every row, not one screen of it).
"""
import re
from dataclasses import dataclass, field
from urllib.parse import urlencode

import orjson
from django.http import HttpRequest, QueryDict
from django.urls import resolve

from pixelws.dialect.errors import DialectError
from pixelws.dialect.query import filter_parameter
from pixelws.units import units_html
from pixelws.probes import registry as probes
from pixelws.sources import url_text

from .pages import NOTES_LIMIT

API = "/api/v1/"
JOIN_LIMIT = 10000  # the API's largest page, as the frontend's join asks
NOTES_LINES = 500  # lines of one notes portlet's text
ROW_LIMIT = 5000  # rows of all the tables of one PDF: more is a clear error, not an endless layout
PLOT_FIELDS = "title,empty,figure,table,sources"


class ReportTooLarge(Exception):
    """The PDF would exceed a limit; the message says which and what to do."""


class MissingVariable(Exception):
    def __init__(self, name):
        super().__init__("No lumisections in this shift." if name.startswith("shift_") else f"Choose a {name.replace('_', ' ')}.")


@dataclass
class Item:
    """One portlet's content: a figure, a table, a value, notes, or a message saying why not."""

    title: str
    type: str
    width: int  # of 12 grid columns
    height: int  # grid rows
    figure: dict | None = None
    header: list = field(default_factory=list)  # [(label, units as HTML, is a text column)]
    rows: list = field(default_factory=list)  # [[(text, cell class: "text", "text time" or "", link or None)]]
    value: str | None = None
    units: str = ""
    label: str = ""
    text: str | None = None
    message: str | None = None
    sources: list = field(default_factory=list)  # [(resource, href)]


class Report:
    def __init__(self, request, page, selection, notes=None):
        self.request, self.page, self.selection = request, page, selection
        self.notes = notes or {}
        self.rows = 0
        self.text_columns, self.column_dates = [], []  # of the table formatted last (format_rows)
        self.plots = {}  # a probe's plot attributes by its query (path, parameters)

    def items(self):
        """Every portlet's content, in the order the page shows them (row by row, left to right),
        each yielded as soon as it is queried; ``index`` is its place in the page file, which
        names its notes."""
        placed = sorted(enumerate(self.page.portlets), key=lambda ip: (ip[1]["pos_y"], ip[1]["pos_x"]))
        for index, portlet in placed:
            yield self.item(index, portlet)

    def item(self, index, portlet):
        item = Item(portlet["title"], portlet["type"], portlet["size_x"], portlet["size_y"])
        config = portlet["configuration"] or {}
        try:
            if portlet["type"] == "notes":
                item.text = self.notes.get(index, "")
            elif portlet["type"] == "plot":
                self.plot(item, config)
            elif portlet["type"] == "summary":
                self.summary(item, config)
            elif portlet["type"] == "timeline":
                self.timeline(item, config)
            elif "probe" in config:
                self.probe_table(item, config)
            else:
                self.table(item, config)
        except MissingVariable as missing:
            item.message = str(missing)
        except DialectError as error:
            item.message = f"The API refused: {error.detail}"
        return item

    # ------------------------------------------------------------------ queries, in-process

    def get(self, path, params):
        """The API's document for ``path?params``, from the same view the browser's request reaches."""
        request = HttpRequest()
        request.method = "GET"
        request.path = request.path_info = path
        request.META = {**self.request.META, "QUERY_STRING": urlencode(params), "REQUEST_METHOD": "GET"}
        request.META.pop("HTTP_ACCEPT_ENCODING", None)
        request.GET = QueryDict(urlencode(params))
        request.identity = getattr(self.request, "identity", None)  # whom SSO let in (pixelws/auth.py)
        match = resolve(path)
        response = match.func(request, *match.args, **match.kwargs)
        response.render()
        document = orjson.loads(response.content)
        if "errors" in document:
            error = document["errors"][0]
            raise DialectError(error.get("detail", error.get("title")), (error.get("source") or {}).get("parameter"),
                               status=int(error["status"]))  # fmt: skip
        return document

    def substitute(self, value):
        if isinstance(value, str) and value.startswith("$"):
            name = value[1:]
            if self.selection.variables.get(name) is None:
                raise MissingVariable(name)
            return url_text(self.selection.variables[name])
        return url_text(value)

    def filter_params(self, filters):
        params = []
        for key, value in (filters or {}).items():
            params.append((filter_parameter(key), self.substitute(value)))
        return params

    def plot_document(self, config):
        """A probe's plot: the selection's values for the parameters it declares, then the
        portlet's own params (as frontend/js/query.js probeUrl). A probe makes its figure and its
        table together whichever fields are asked for, so the report asks for both, once for a
        plot portlet and a table portlet of the same probe and parameters (a page often pairs them)."""
        probe = probes[config["probe"]]
        values = {p.name: url_text(self.selection.state[p.name]) for p in probe.parameters if p.name in self.selection.state}
        for name, value in (config.get("params") or {}).items():
            values[name] = self.substitute(value)
        missing = [p.name for p in probe.parameters if p.required and p.name not in values]
        if missing:
            raise MissingVariable(missing[0])
        params = (*values.items(), *self.filter_params(config.get("filters")), ("fields[plots]", PLOT_FIELDS))
        path = f"{API}plots/{probe.name}"
        if (path, params) not in self.plots:
            self.plots[path, params] = self.get(path, params)["data"]["attributes"]
        return self.plots[path, params]

    # ------------------------------------------------------------------ portlet types

    def plot(self, item, config):
        plot = self.plot_document(config)
        item.sources = [(s["label"], s["href"]) for s in plot["sources"]]
        if plot["empty"]:
            item.message = f"No data for {self.selection.title}."
        else:
            item.figure = plot["figure"]

    def probe_table(self, item, config):
        plot = self.plot_document(config)
        item.sources = [(s["label"], s["href"]) for s in plot["sources"]]
        table = plot["table"]
        if not table or not table["rows"]:
            item.message = self.no_rows(config)
            return
        columns = table["columns"]
        item.header = [(c["title"], units_html(c["units"]) if c["units"] else "") for c in columns]
        values = [[row[c["name"]] for c in columns] for row in table["rows"]]
        link = None
        if config.get("drilldown"):
            drill = config["drilldown"]
            index = [c["name"] for c in columns].index(drill["column"])
            link = (index, lambda v: self.request.build_absolute_uri(f"/pages/{drill['page']}?{urlencode({drill['variable']: v})}"))
        item.rows = self.format_rows(values, link)
        item.header = self.header(item.header)

    def timeline(self, item, config):
        """The events as a table: each row in its severity's colour, its subject linking the page
        that shows it."""
        table = self.plot_document(config)["table"]
        self.probe_table(item, config)
        names = [c["name"] for c in table["columns"]]
        subject, link = names.index("subject"), names.index("link")
        times = [names.index("start_time"), names.index("end_time")]
        rows = []
        for row, event in zip(item.rows, table["rows"]):
            row = [(cell[0][:16].replace("T", " "), *cell[1:]) if j in times and event[names[j]] else cell
                   for j, cell in enumerate(row)]  # to the minute: the table fits the page
            row[subject] = (row[subject][0], "text", self.request.build_absolute_uri(event["link"]))
            cells = Row(cell for j, cell in enumerate(row) if j != link)
            cells.css = f"severity-{event['severity']}"
            rows.append(cells)
        item.rows = rows
        item.header = [h for j, h in enumerate(item.header) if j != link]

    def table(self, item, config):
        params = [*self.filter_params(config.get("filters")), ("page[limit]", str(ROW_LIMIT + 1)),
                  ("include", "meta,presentation_timestamp")]  # fmt: skip
        columns = list(config["columns"])
        join = config.get("join")
        fields = columns + ([join["key"]] if join else [])
        params.append(("fields", ",".join(dict.fromkeys(c.split(".")[0] for c in fields))))
        if config.get("group"):
            params.append(("group[granularity]", config["group"]))
        if config.get("sort"):
            params.append(("sort", config["sort"]))
        main = self.get(f"{API}{config['resource']}", params)
        total = main["meta"]["totalResourceCount"]
        if total > ROW_LIMIT:
            raise ReportTooLarge(f"The table '{item.title}' has {total} rows; a PDF holds at most {ROW_LIMIT}. Narrow the selection.")
        item.sources = [(config["resource"], main["links"]["self"])]
        header = [(c, main["meta"]["fields"].get(c.split(".")[0], {}).get("units")) for c in columns]
        matches = {}
        if join:
            joined = self.get(f"{API}{join['resource']}", [
                *self.filter_params(join.get("filters")), ("page[limit]", str(JOIN_LIMIT)),
                ("fields", ",".join(dict.fromkeys([join["key"], *(c.split(".")[0] for c in join["columns"])]))),
                *([("group[granularity]", join["group"])] if join.get("group") else []),
                ("include", "meta,presentation_timestamp"),
            ])  # fmt: skip
            matches = {o["attributes"][join["key"]]: o["attributes"] for o in joined["data"]}
            header += [(c, joined["meta"]["fields"].get(c.split(".")[0], {}).get("units")) for c in join["columns"]]
            item.sources.append((join["resource"], joined["links"]["self"]))
        labels = config.get("labels") or {}
        item.header = [(labels.get(c) or humanize(c), units_html(u) if u else "") for c, u in header]
        if not main["data"]:
            item.message = self.no_rows(config)
        values = []
        for obj in main["data"]:
            attributes = obj["attributes"]
            joined_attributes = matches.get(attributes.get(join["key"])) or {} if join else {}
            values.append([column_value(attributes, c) for c in columns]
                          + [column_value(joined_attributes, c) for c in (join["columns"] if join else [])])  # fmt: skip
        item.rows = self.format_rows(values)
        item.header = self.header(item.header)

    def summary(self, item, config):
        params = [*self.filter_params(config.get("filters")), ("fields", config["attribute"].split(".")[0]),
                  ("page[limit]", "1"), ("include", "meta")]  # fmt: skip
        if config.get("group"):
            params.append(("group[granularity]", config["group"]))
        document = self.get(f"{API}{config['resource']}", params)
        item.sources = [(config["resource"], document["links"]["self"])]
        item.label = config.get("label") or humanize(config["attribute"])
        if not document["data"]:
            item.message = f"No data for {self.selection.title}."
            return
        units = document["meta"]["fields"].get(config["attribute"].split(".")[0], {}).get("units")
        item.units = units_html(units) if units else ""
        item.value = format_value(column_value(document["data"][0]["attributes"], config["attribute"]), config.get("precision", 2))

    def no_rows(self, config):
        """An empty table in words: its ``empty`` (what no rows mean) during the selection."""
        if config.get("empty"):
            return f"{config['empty']} {self.selection.during}."
        return f"No data for {self.selection.title}."

    def format_rows(self, values, link=None):
        """Cells as (text, is_text, href): numbers right-aligned, a column with fractions with the
        same decimals (frontend/js/format.js columnStyles)."""
        self.rows += len(values)
        if self.rows > ROW_LIMIT:
            raise ReportTooLarge(f"The tables of this page have more than {ROW_LIMIT} rows; a PDF holds at most that. Narrow the selection.")
        count = len(values[0]) if values else 0
        styles = []
        for i in range(count):
            column = [row[i] for row in values if row[i] is not None]
            styles.append((any(not is_number(v) for v in column), any(is_number(v) and not float(v).is_integer() for v in column),
                           time_style(column)))  # fmt: skip
        self.text_columns = [text for text, _, _ in styles]
        self.column_dates = [time["date"] if time else None for _, _, time in styles]
        classes = [" ".join(filter(None, ["text" if text else "", "time" if time else ""])) for text, _, time in styles]
        return [[(format_cell(v, styles[j]), classes[j], link[1](v) if link and link[0] == j else None)
                 for j, v in enumerate(row)] for row in values]  # fmt: skip

    def header(self, header):
        """(label, units, is text) per column; a column of times on one day names it once."""
        dates = self.column_dates or [None] * len(header)
        texts = self.text_columns or [False] * len(header)
        return [(f"{label}, {date}" if date else label, units, text) for (label, units), date, text in zip(header, dates, texts)]


class Row(list):
    """A table row's cells, with a CSS class for the whole row (a timeline's severity)."""

    css = ""


def is_number(value):
    return isinstance(value, (int, float)) and not isinstance(value, bool)


ISO_TIME = re.compile(r"^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})(:\d{2})?(?:\.\d+)?Z?$")


def time_style(column):
    """As frontend/js/format.js timeStyle: {date: the one day of a column of times or None,
    seconds: whether two of its times share a minute}, or None for a column of other values."""
    parts = [ISO_TIME.match(v) if isinstance(v, str) else None for v in column]
    if not parts or not all(parts):
        return None
    seconds, by_minute = False, {}
    for match in parts:
        second = match[3] or ":00"
        seconds |= by_minute.setdefault(match[1] + match[2], second) != second
    dates = {match[1] for match in parts}
    return {"date": dates.pop() if len(dates) == 1 else None, "seconds": seconds}


def format_cell(value, style):
    """As frontend/js/format.js formatCell."""
    text, fixed, time = style
    match = time and isinstance(value, str) and ISO_TIME.match(value)
    if not match:
        return format_value(value, 3, fixed)
    clock = match[2] + ((match[3] or ":00") if time["seconds"] else "")
    return clock if time["date"] else f"{match[1]}\u00a0{clock}"  # a no-break space: one line


def format_value(value, decimals=3, fixed=False):
    """As frontend/js/format.js formatValue: whole numbers as they are, else ``decimals`` decimals."""
    if value is None:
        return "–"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if is_number(value):
        return str(value) if isinstance(value, int) and not fixed else f"{value:.{decimals}f}"
    if isinstance(value, list):
        return ", ".join(map(str, value))
    return str(value)


def humanize(name):
    text = name.replace(".", " ").replace("_", " ")
    return text[:1].upper() + text[1:]


def column_value(attributes, column):
    name, _, component = column.partition(".")
    value = attributes.get(name)
    return value[component] if component and isinstance(value, dict) else value


def parse_notes(page, data):
    """{portlet index: text} of the posted ``notes.<index>`` fields of the page's notes portlets."""
    notes = {}
    for index, portlet in enumerate(page.portlets):
        text = data.get(f"notes.{index}", "")
        if portlet["type"] != "notes" or not text:
            continue
        if not isinstance(text, str):  # a file sent as the field
            raise DialectError(f"notes.{index} takes the notes' text, not a file.", f"notes.{index}")
        text = text.replace("\r\n", "\n")
        if len(text) > NOTES_LIMIT:
            raise DialectError(f"The notes are {len(text)} characters; at most {NOTES_LIMIT}.", f"notes.{index}", status=413)
        lines = text.count("\n") + 1
        if lines > NOTES_LINES:  # each line is a box to lay out: 10 000 empty lines took 12 s
            raise DialectError(f"The notes are {lines} lines; at most {NOTES_LINES}.", f"notes.{index}", status=413)
        notes[index] = text
    unknown = [k for k in data if k != "csrfmiddlewaretoken" and k not in {f"notes.{i}" for i, p in enumerate(page.portlets) if p["type"] == "notes"}]
    if unknown:
        raise DialectError(f"'{unknown[0]}' is not a field of this page's PDF form (its notes are notes.<portlet>).", unknown[0])
    return notes
