"""Page definitions: one YAML file per page in apps/workspace/pages/ (see docs/add-a-page.md).

``load_all()`` reads and checks every file. A mistake is a PageError naming the file and the
field (``portlets[2].configuration.probe``); the system check reports it at start-up.
"""
import logging
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml
from django.conf import settings
from django.http import QueryDict
from django.utils.text import slugify

from pixelws.controller import LIVE_SCOPES, VALUES
from pixelws.dialect import registry as resources
from pixelws.dialect.errors import DialectError
from pixelws.dialect.query import filter_parameter, is_filter_key, lookup_attribute, parse_filter, short_filter_key
from pixelws.probes import registry as probes

from .portlets import registry as portlet_types
from .portlets.configuration import PAGE_ID
from .schemas import controller_schema, refusal

PAGES_DIR = Path(__file__).parent / "pages"
GRID_COLUMNS = 12


logger = logging.getLogger(__name__)


class PageError(Exception):
    def __init__(self, path, where, message):
        super().__init__(f"{path}: {where}: {message}" if where else f"{path}: {message}")


@dataclass
class Page:
    id: str
    title: str
    folder: str
    portlets: list
    selectors: list
    order: int = 100
    description: str = ""
    opens_on: str | None = None  # a resource: the page opens on the newest run (fill) it has rows of
    digest: bool = False  # its PDF for a shift opens with the shift's digest (digest.py) on page 1
    path: Path = field(default=None, repr=False)

    @property
    def shown_path(self):
        """The page file, as a message names it."""
        return shown(self.path)


def shown(path):
    """A page file as messages name it: relative to the checkout."""
    try:
        return path.relative_to(settings.BASE_DIR)
    except ValueError:
        return path


def pages_dir():
    return Path(getattr(settings, "WORKSPACE_PAGES_DIR", PAGES_DIR))


def load_all(directory=None):
    """(pages by id, errors) for every ``*.yaml`` file of the pages folder."""
    pages, errors = {}, []
    for path in sorted((directory or pages_dir()).glob("*.yaml")):
        try:
            page = load_page(path)
        except PageError as error:
            errors.append(error)
            continue
        pages[page.id] = page
    return pages, errors


def pages():
    """The checked pages, read again when a page file is added, changed or removed: a page
    written while the server runs (`make run`) is served at once, without a restart. A file with
    a mistake is left out and logged (at start-up the system check refuses it)."""
    return pages_of(signature())


def signature():
    """The page files as they are now: the folder, and each file's name, mtime and size."""
    folder = pages_dir()
    return (str(folder), *sorted((p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in folder.glob("*.yaml")))


@lru_cache(maxsize=1)
def pages_of(signature):
    found, errors = load_all()
    for error in errors:
        logger.error("page left out: %s", error)
    return found


def portlet_id(title):
    """A portlet's id in the portal: its title as a slug. One title is one portlet of the workspace."""
    return slugify(title)


def portlet_conflicts(pages):
    """One title naming two different portlets (in title, type, description or configuration;
    its selectors follow from its configuration): one message naming both pages and what differs."""
    first, problems = {}, []
    for page in sorted(pages.values(), key=lambda p: p.id):
        for i, definition in enumerate(page.portlets):
            key = portlet_id(definition["title"])
            if key not in first:
                first[key] = (page, i, definition)
                continue
            other_page, j, other = first[key]
            differs = [f for f in ("title", "type", "description", "configuration") if definition.get(f, "") != other.get(f, "")]
            if differs:
                problems.append(f"{other_page.shown_path}: portlets[{j}] and {page.shown_path}: portlets[{i}] are both the portlet "
                                f"{definition['title']!r} but differ in {', '.join(differs)}: a title is one portlet of the "
                                "workspace (OMS's portal finds it by its title); give them distinct titles, or make them the same")  # fmt: skip
    return problems


def load_page(path):
    check = Checker(shown(path), path.parent)
    if not PAGE_ID.match(path.stem):
        check.fail("", "a page file is named like lumi_deadtime.yaml (lower case, digits, _): its name is the page id")
    try:
        document = yaml.safe_load(path.read_text())
    except yaml.YAMLError as error:
        check.fail("", f"not valid YAML: {error}")
    check.mapping(document, "", required=("title", "folder", "controller", "portlets"), optional=("order", "description", "digest"))
    page = Page(
        id=path.stem,
        title=check.text(document["title"], "title"),
        folder=check.text(document["folder"], "folder"),
        order=check.integer(document.get("order", 100), "order", 0, 10000),
        description=check.text(document.get("description", ""), "description", allow_empty=True),
        selectors=check.selectors(document["controller"]),
        opens_on=check.opens_on(document["controller"]),
        digest=check.flag(document.get("digest", False), "digest"),
        portlets=[],
        path=path,
    )
    if not isinstance(document["portlets"], list) or not document["portlets"]:
        check.fail("portlets", "a list of at least one portlet")
    for i, portlet in enumerate(document["portlets"]):
        page.portlets.append(check.portlet(portlet, f"portlets[{i}]"))
    check.no_overlap(page.portlets)
    check.narrow_order(page.portlets)
    return page


class Checker:
    """Checks one file's fields; the first mistake raises a PageError naming file and field."""

    def __init__(self, path, directory):
        self.path = path  # as the messages name it
        self.directory = directory  # of the pages, which a drill-down may name

    def fail(self, where, message):
        raise PageError(self.path, where, message)

    def mapping(self, value, where, required=(), optional=()):
        if not isinstance(value, dict):
            self.fail(where, f"must be a mapping with {', '.join(required + optional)}")
        for key in required:
            if key not in value:
                self.fail(join(where, key), "is missing")
        for key in value:
            if isinstance(key, bool):  # YAML 1.1 reads on/off/yes/no as true/false
                self.fail(where, f"a field name read as {key}: put on, off, yes and no in quotes")
            if key not in required + optional:
                self.fail(join(where, key), f"unknown field; expected one of {', '.join(required + optional)}")
        return value

    def text(self, value, where, allow_empty=False):
        if not isinstance(value, str) or not (value.strip() or allow_empty):
            self.fail(where, "must be a non-empty text")
        return value

    def flag(self, value, where):
        if not isinstance(value, bool):
            self.fail(where, f"must be true or false, not {value!r}")
        return value

    def integer(self, value, where, low, high):
        if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
            self.fail(where, f"must be a whole number from {low} to {high}, not {value!r}")
        return value

    def selectors(self, controller):
        self.mapping(controller, "controller", required=("selectors",), optional=("opens_on",))
        problem = refusal(controller_schema(), {"selectors": controller["selectors"]})
        if problem:
            self.fail("controller" + problem[0], problem[1])
        selectors = controller["selectors"]
        if "live" not in selectors and any(s in selectors for s in LIVE_SCOPES):
            selectors = [*selectors, "live"]
        return selectors

    def opens_on(self, controller):
        """A resource whose newest run (or fill) the page opens on, where the newest run has none
        of its rows (e.g. readbacks are taken in a few runs only)."""
        name = controller.get("opens_on")
        if name is None:
            return None
        if name not in resources:
            self.fail("controller.opens_on", f"unknown resource {name!r}; resources are {', '.join(sorted(resources))}")
        key = next((k for k in ("run", "fill") if k in controller["selectors"]), None)
        if key is None or "shift" in controller["selectors"]:
            self.fail("controller.opens_on", "works on pages that choose a run or a fill, not a shift")
        if f"{key}_number" not in resources[name].attributes:
            self.fail("controller.opens_on", f"resource {name} has no {key}_number to open on")
        return name

    def portlet(self, portlet, where):
        keys = ("title", "type", "pos_x", "pos_y", "size_x", "size_y", "configuration")
        self.mapping(portlet, where, required=keys, optional=("description", "narrow_order"))
        if "narrow_order" in portlet:
            self.integer(portlet["narrow_order"], f"{where}.narrow_order", 1, 100)
        self.text(portlet["title"], f"{where}.title")
        self.text(portlet.get("description", ""), f"{where}.description", allow_empty=True)
        kind = portlet["type"]
        if kind not in portlet_types:
            self.fail(f"{where}.type", f"unknown portlet type {kind!r}; types are {', '.join(portlet_types)}")
        self.integer(portlet["pos_x"], f"{where}.pos_x", 0, GRID_COLUMNS - 1)
        self.integer(portlet["size_x"], f"{where}.size_x", 1, GRID_COLUMNS - portlet["pos_x"])
        self.integer(portlet["pos_y"], f"{where}.pos_y", 0, 1000)
        self.integer(portlet["size_y"], f"{where}.size_y", 1, 20)
        self.configuration(portlet_types[kind], portlet["configuration"], f"{where}.configuration")
        return portlet

    def configuration(self, portlet_type, config, where):
        """A portlet's configuration: its form by its type's JSON schema (the config_schema OMS's
        portal checks it with), then what a schema cannot say, by the type's own checks."""
        config = {} if config is None else config
        self.no_boolean_keys(config, where)
        problem = refusal(portlet_type.schema_for(config), config)
        if problem:
            self.fail(where + problem[0], problem[1])
        portlet_type.check(self, config, where)

    def no_boolean_keys(self, value, where):
        """YAML 1.1 reads on/off/yes/no as true/false: a field named so is a mistake to explain."""
        if isinstance(value, dict):
            for key, inner in value.items():
                if isinstance(key, bool):
                    self.fail(where, f"a field name read as {key}: put on, off, yes and no in quotes")
                self.no_boolean_keys(inner, f"{where}.{key}")

    def no_overlap(self, portlets):
        taken = {}
        for i, p in enumerate(portlets):
            for x in range(p["pos_x"], p["pos_x"] + p["size_x"]):
                for y in range(p["pos_y"], p["pos_y"] + p["size_y"]):
                    if (x, y) in taken:
                        self.fail(f"portlets[{i}]", f"overlaps portlets[{taken[x, y]}] at column {x}, row {y}")
                    taken[x, y] = i

    def narrow_order(self, portlets):
        """On a narrow screen the portlets stack: those with a narrow_order first, by it, then the
        others in the file's order. Two portlets cannot both be n-th."""
        first = {}
        for i, p in enumerate(portlets):
            if "narrow_order" in p:
                if p["narrow_order"] in first:
                    self.fail(f"portlets[{i}].narrow_order", f"{p['narrow_order']} is portlets[{first[p['narrow_order']]}]'s too")
                first[p["narrow_order"]] = i

    def drilldown(self, drilldown, where, columns=None):
        """A click opens another page with one controller value: a plot's cell (its customdata),
        or a probe table's row (its ``column``)."""
        if not (self.directory / f"{drilldown['page']}.yaml").exists():
            self.fail(f"{where}.page", f"no page {drilldown['page']!r} next to this one")
        if columns is not None and drilldown["column"] not in columns:
            self.fail(f"{where}.column", f"not a column of the probe's table; columns are {', '.join(columns) or 'not declared'}")

    def probe(self, config, where):
        """A probe and its fixed params, as plot portlets and probe tables name them."""
        probe = probes[config["probe"]]  # a known one: the schema says
        parameters = {p.name: p for p in probe.parameters}
        for name, value in (config.get("params") or {}).items():
            if name not in parameters:
                self.fail(f"{where}.params.{name}", f"probe {probe.name} has no such parameter; it has {', '.join(parameters)}")
            if not self.is_variable(value, f"{where}.params.{name}"):
                self.dialect(lambda: parameters[name].parse(str(value)), f"{where}.params.{name}")
        return probe

    def filtered_probe(self, probe, config, where):
        """A probe of any resource (series): its filters as the resource's, and its parameters
        together (x, y and group against the resource), as the API will parse them."""
        params = config.get("params") or {}
        name = params.get("resource")
        if not isinstance(name, str) or name not in resources:
            self.fail(f"{where}.params.resource", f"name the resource; resources are {', '.join(sorted(resources))}")
        query = QueryDict(mutable=True)
        for key, value in params.items():
            query[key] = self.sample(value, f"{where}.params.{key}")
        for key, value in (config.get("filters") or {}).items():
            parameter = self.filter(resources[name], key, value, f"{where}.filters.{key}")
            query.appendlist(parameter, self.sample(value, f"{where}.filters.{key}"))
        try:
            probe.parse(query)
        except DialectError as error:
            parameter = error.parameter or ""
            field = f"filters.{short_filter_key(parameter)}" if is_filter_key(parameter) else f"params.{parameter}"
            self.fail(f"{where}.{field}".rstrip("."), error.detail)

    def sample(self, value, where):
        """A value as the URL spells it; a controller value ($run) as a sample of its type."""
        if self.is_variable(value, where):
            return "2018-01-01T00:00:00Z" if value in ("$since", "$until") else "1"
        return str(value).lower() if isinstance(value, bool) else str(value)

    def query(self, config, where):
        """resource, filters, group and columns of a resource query; returns the resource."""
        resource = resources[config["resource"]]  # a known one: the schema says
        for key, value in (config.get("filters") or {}).items():
            self.filter(resource, key, value, f"{where}.filters.{key}")
        if "group" in config:
            grouping = resource.grouping
            choices = list(grouping.keys) if grouping else []
            if config["group"] not in choices:
                self.fail(f"{where}.group", f"{resource.type} groups by {', '.join(choices) or 'nothing'}, not {config['group']!r}")
        if "columns" in config:
            for i, name in enumerate(config["columns"]):
                self.attribute(resource, name, f"{where}.columns[{i}]")
        return resource

    def filter(self, resource, key, value, where):
        parameter = filter_parameter(key)
        if parameter is None:
            self.fail(where, "a filter is written attribute: value, or attribute[OP]: value (OP: EQ, LT, GE, …)")
        # A controller's value comes later: check attribute and operator with a sample of its type.
        self.dialect(lambda: parse_filter(resource, parameter, self.sample(value, where)), where)
        return parameter

    def attribute(self, resource, name, where):
        self.dialect(lambda: lookup_attribute(resource, str(name), where), where)

    def is_variable(self, value, where):
        if isinstance(value, str) and value.startswith("$"):
            if value[1:] not in VALUES:
                self.fail(where, f"{value} is not a controller value; values are ${', $'.join(sorted(VALUES))}")
            return True
        return False

    def dialect(self, check, where):
        """Run a check of the API's own query parser; its message is the page author's."""
        try:
            check()
        except DialectError as error:
            self.fail(where, error.detail)


def join(where, key):
    return f"{where}.{key}" if where else key


def page_or_404(page_id, parameter=None):
    """The page ``page_id``; else a 404 naming ``parameter`` and the pages there are."""
    page = pages().get(page_id)
    if page is None:
        raise DialectError(f"No page '{page_id}'. Pages: {', '.join(sorted(pages()))}.", parameter, status=404)
    return page
