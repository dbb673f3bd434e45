"""What every portlet type has: its configuration's JSON schema and semantic checks, the
OMS-dialect queries it makes and its content (those queries answered in process, formatted),
for the browser (views.PortletContentView) and the PDF (pdf.py) alike.

A type is one subclass of PortletType, registered with ``@register``; docs/add-a-page.md.
"""
from dataclasses import dataclass, field

from pixelws.answers import API, answer
from pixelws.controller import SLOT, missing, page_link
from pixelws.dialect.errors import DialectError
from pixelws.dialect.query import filter_parameter
from pixelws.probes import registry as probes
from pixelws.sources import url_text

from .formatting import column_styles, count_of

registry = {}  # portlet type → its PortletType


def register(cls):
    registry[cls.type] = cls()
    return cls


class MissingVariable(Exception):
    """The configuration refers to a controller value ($run, …) the selection has not (yet)."""

    def __init__(self, name):
        self.variable = name
        # $shift_end_run etc. are missing only when a shift has no lumisections.
        super().__init__(missing(name))


class TooLarge(Exception):
    """A PDF would exceed a limit; the message says which and what to do."""


@dataclass
class Context:
    """What a portlet is shown for: a page's PageSelection (selection.py), the request's
    build_absolute_uri (for links), and for a table the page of rows (offset None: the page
    holding the selected row) and its sort; for the PDF, the notes and a limit of table rows."""

    selection: object
    absolute: object  # a path → this server's URL, for the API's links (a request's build_absolute_uri)
    offset: int | None = None
    sort: str | None = None
    notes: dict = field(default_factory=dict)  # {portlet index: text}
    row_limit: int | None = None  # rows of all the tables shown (a PDF's), or None
    refusals_shown: bool = True  # the API's refusal as the portlet's message (a PDF's), else raised (a request's 4xx)
    rows: int = 0
    answers: dict = field(default_factory=dict)  # a probe's plot by its query: a plot and a table beside it ask once

    def ask(self, path, params):
        """The API's document for ``path?params`` (pixelws/answers.py); a probe's is kept for the
        other portlets of the page that show it (a table's rows are not: one portlet reads them).
        Beside answers.py's process-wide sharing on purpose: that one expires (10 s), and a PDF's
        plot and the table beside it must show the same answer however long the PDF takes."""
        if not path.startswith(f"{API}plots/"):
            return answer(path, params, self.absolute)
        key = (path, tuple(params))
        if key not in self.answers:
            self.answers[key] = answer(path, params, self.absolute)
        return self.answers[key]

    def count_rows(self, count):
        self.rows += count
        if self.row_limit is not None and self.rows > self.row_limit:
            raise TooLarge(f"The tables of this page have more than {self.row_limit} rows; a PDF holds at most that. Narrow the selection.")

    def substitute(self, value):
        """A configuration's value as the URL spells it: "$fill" is the selection's fill."""
        if isinstance(value, str) and value.startswith("$"):
            name = value[1:]
            if self.selection.variables.get(name) is None:
                raise MissingVariable(name)
            return url_text(self.selection.variables[name])
        return url_text(value)

    def filter_params(self, filters):
        """A configuration's filters ({"lumisection_number[GE]": 10}) as the API's parameters."""
        return [(filter_parameter(key), self.substitute(value)) for key, value in (filters or {}).items()]

    def no_rows(self, config):
        """No rows in words: what they mean when the configuration says (its ``empty``), during
        the selection."""
        if config.get("empty") and self.selection.during:
            return f"{config['empty']} {self.selection.during}."
        return f"No data for {self.selection.title}." if self.selection.title else "No data."

    def drilldown_link(self, drilldown, value=SLOT):
        """A drilldown's page for one value (``SLOT``: the value a click on a plot's cell gives),
        keeping the run shown."""
        return page_link(drilldown["page"], {"run": self.selection.state.get("run"), drilldown["variable"]: value})


class PortletType:
    type = ""  # as page files name it
    component = ""  # its component in OMS's portal (portal.py)
    min_size = (1, 1)  # (columns, rows) it still reads well in (the portal's min_size_x, min_size_y)

    def schema(self):
        """Its configuration's JSON schema (without $schema): the portal's config_schema."""
        raise NotImplementedError

    def schema_for(self, config):
        """The schema a page's ``config`` is held to (a table's: of its kind, rows or a probe's)."""
        return self.schema()

    def check(self, check, config, where):
        """What the schema cannot say, against the API it will query (``check``: a pages.Checker); the
        schema (fields required, none unknown, controller values) has held ``config`` already."""

    def queries(self, config, context):
        """[(path, [(parameter, value)])]: the OMS-dialect requests it makes, as OMS's GUI sends them."""
        return []

    def put_content(self, content, config, context, index):
        """Puts the answered, formatted queries into ``content`` (``index``: the portlet's place
        in its page file)."""

    def content(self, portlet, context, index=None):
        """What the portlet shows for ``context``: a dict ready to be served as JSON or laid out
        in the PDF; ``state`` is ready, empty (``message`` says), waiting (a value to choose) or
        error (the API refused)."""
        content = {"kind": self.type, "title": portlet["title"], "state": "ready", "message": None, "sources": []}
        try:
            self.put_content(content, portlet["configuration"] or {}, context, index)
        except MissingVariable as missing:
            content.update(state="waiting", message=str(missing))
        except DialectError as error:
            if not context.refusals_shown:
                raise
            where = f" ({error.parameter})" if error.parameter else ""
            content.update(state="error", message=f"The API refused: {error.title}: {error.detail}{where}")
        return content

    def html(self, portlet, content, inert=False):
        """Its body's HTML for ready ``content``, the one markup of it: the page's first screen
        carries it and the browser inserts it (views.PortletContentView serves it as ``html``);
        ``inert``: drawn before any script runs (its buttons do nothing yet). None: the browser
        draws it (a plot, the notes), or there is nothing to show."""
        if content.get("state") != "ready":
            return None
        return self.body_html(portlet, content, inert)

    def body_html(self, portlet, content, inert):
        """Its body's HTML for ready ``content`` (escaped), or None when the browser draws it."""
        return None


def empty(content, message):
    content.update(state="empty", message=message)


def sources_of(plot):
    """A probe's sources, each shown by its label (its resource, unless the plot has several of one)."""
    return [{"resource": s["resource"], "label": s["label"], "href": s["href"], "title": s["title"]} for s in plot["sources"]]


def resource_source(resource, document):
    """A table's or a summary's source: the very query of the rows it shows."""
    return {"resource": resource, "label": resource, "href": document["links"]["self"], "title": f"the {resource} rows shown"}


def table(columns, values, link=None):
    """A table's header and rows: ``columns`` [(name, label, units_html)], ``values`` a list of
    rows of values; ``link(row index, column index)``: a cell's URL or None. A column of times on
    one day names it in its label and as its ``date``."""
    styles = column_styles(values, len(columns))
    header = [{"name": name, "label": style.label(label), "units_html": units or "", "text": style.text, "date": style.date}
              for (name, label, units), style in zip(columns, styles)]  # fmt: skip
    rows = []
    for i, row in enumerate(values):
        cells = []
        for j, (value, style) in enumerate(zip(row, styles)):
            cell = {"text": style.cell(value), "class": style.classes}
            if style.time and value is not None:
                cell["title"] = value  # the whole time, on hover
            if link and (href := link(i, j)):
                cell["link"] = href
            cells.append(cell)
        rows.append({"cells": cells})
    return header, rows


def whole_table(columns, values, link=None):
    """A probe's table (``columns``: its column declarations), every row on one page: what the
    browser pages through is the same."""
    header, rows = table([(c["name"], c["title"], c.get("units_html") or "") for c in columns], values, link)
    return {"header": header, "rows": rows, "sort": None, "paging": paging_of(rows)}


def paging_of(rows):
    """A table of every row on one page: its paging, and its line under the rows ("1 row")."""
    return {"offset": 0, "limit": len(rows), "total": len(rows), "text": count_of(len(rows), "row")}


def probe_query(config, context):
    """A probe's plot: the selection's values for the parameters it declares (not those its
    filters name), then the portlet's own params, then its filters (the series probe's)."""
    probe = probes[config["probe"]]
    in_filters = {v[1:] for v in (config.get("filters") or {}).values() if isinstance(v, str) and v.startswith("$")}
    state = context.selection.state
    values = {p.name: url_text(state[p.name]) for p in probe.parameters if p.name in state and p.name not in in_filters}
    for name, value in (config.get("params") or {}).items():
        values[name] = context.substitute(value)
    missing = [p.name for p in probe.parameters if p.required and p.name not in values]
    if missing:
        raise MissingVariable(missing[0])
    return f"{API}plots/{probe.name}", [*values.items(), *context.filter_params(config.get("filters")), ("fields[plots]", PLOT_FIELDS)]


PLOT_FIELDS = "title,empty,figure,table,sources"  # a probe makes its figure and table together: both are asked, once


def plot_of(config, context):
    return context.ask(*probe_query(config, context))["data"]["attributes"]
