"""The Pixel workspace in OMS's portal format, derived from the page files: the documents OMS's
portal tooling reads (workspace → folders → pages → portlet properties → portlets → components and
selectors, and each page's controller), served under /api/portal/, written to a file by
``manage.py export_portal``, and read by the workspace frontend. See docs/oms-gui.md and
docs/architecture.md, "The OMS portal API".

Ids are names, stable across restarts: the workspace's path, a page's file name, a portlet's
title as a slug (one title is one portlet of the workspace, placed on every page that uses it),
``<page>.<n>`` for the n-th portlet property of a page, component names, and
``<name>.<attribute>.<operator>`` for a selector. ``workspace_id`` is the workspace's
id, a string as every JSON:API id is.
"""
from collections import Counter
from functools import lru_cache
from itertools import groupby

from django.utils.text import slugify

from pixelws.controller import URL_VALUES, VALUES, selector_values
from pixelws.dialect.query import SHORT_FILTER_KEY
from pixelws.probes import registry as probes

from apps.workspace.pages import pages, portlet_id, signature
from apps.workspace.portlets import component_names, registry
from apps.workspace.schemas import controller_schema, portlet_schema

WORKSPACE = {"id": "pixel", "path": "pixel", "title": "Pixel",
             "description": "The CMS Pixel detector: luminosity and dead time, DAQ masking of ROCs and channels."}  # fmt: skip
WORKSPACE_ID = WORKSPACE["id"]
CONTROLLER_COMPONENT = "PixelController"


def resource(type_, id_, **attributes):
    return {"id": str(id_), "type": type_, "attributes": attributes}


# Components and selectors


def portlet_component(kind):
    name = registry[kind].component
    return resource("portlet_components", name, id=name, type=kind, name=name, workspace_id=WORKSPACE_ID, config_schema=portlet_schema(kind))


def controller_component():
    name = CONTROLLER_COMPONENT
    return resource("controller_components", name, id=name, name=name, workspace_id=WORKSPACE_ID, config_schema=controller_schema())


def selector(name, attribute, operator, required=False):
    """A controller value as an OMS selector: the filter ``attribute`` ``operator`` value it
    becomes on a portlet's resource (a probe's parameter ``attribute`` = value, operator EQ).
    One value may filter different attributes, so the id names all three."""
    value = VALUES[name]
    document = resource("selectors", f"{name}.{attribute}.{operator}", name=name, attribute=attribute, operator=operator,
                        title=value.title, description=value.description, workspace_id=WORKSPACE_ID)  # fmt: skip
    if required:
        document["meta"] = {"required": True}  # the portlet shows nothing until it is chosen (OMS ignores meta)
    return document


def variable(value):
    """The controller value a ``$name`` value refers to, or None."""
    return value[1:] if isinstance(value, str) and value.startswith("$") and value[1:] in VALUES else None


def listens_to(configuration):
    """{value: (attribute, operator, required)} of the controller values a portlet's configuration
    takes: its probe's parameters named like them (the controller passes those; required if the
    probe requires them), the fixed parameters and filters that refer to a $value (not required:
    the selection may imply them, as a run implies its fill, and the frontend says what to choose
    when it cannot substitute one). A probe parameter is its attribute, with operator EQ."""
    taken = {}
    fixed = configuration.get("params") or {}
    if "probe" in configuration:
        for parameter in probes[configuration["probe"]].parameters:
            if parameter.name in VALUES and parameter.name not in fixed:
                taken[parameter.name] = (parameter.name, "EQ", parameter.required)
    for parameter, value in fixed.items():
        if variable(value):
            taken.setdefault(variable(value), (parameter, "EQ", False))
    for query in (configuration, configuration.get("join") or {}):
        for key, value in (query.get("filters") or {}).items():
            if variable(value):
                attribute, operator = SHORT_FILTER_KEY.match(key).groups()
                taken.setdefault(variable(value), (attribute, (operator or "EQ").upper(), False))
    return {name: taken[name] for name in VALUES if name in taken}  # in the controller's order


def publishes(configuration):
    """{value: attribute} of the controller values a portlet sets: a table row's column (select),
    a map cell's (drilldown: the probe's parameter of that name)."""
    chosen = dict(configuration.get("select") or {})
    if "drilldown" in configuration:
        chosen[configuration["drilldown"]["variable"]] = configuration["drilldown"].get("column", configuration["drilldown"]["variable"])
    return {name: chosen[name] for name in VALUES if name in chosen}


def controller_values(page):
    """The values a page's controller sets, once each (a shift and a time window both set since):
    those the user chooses (the URL's), and those a choice implies (a shift's $shift_end_run) if
    a portlet of the page takes them."""
    taken = {name for p in page.portlets for name in listens_to(p["configuration"])}
    values = {value.name: value for name in page.selectors for value in selector_values(name) if value.selector}
    return [value for value in values.values() if value.name in URL_VALUES or value.name in taken]


def page_selectors(page):
    """The controller's selectors: each value with the attribute and operator most of the page's
    portlets filter it on (the first such portlet's on a tie); a value no portlet takes keeps its
    own (pixelws/controller.py)."""
    uses = [listens_to(p["configuration"]) for p in page.portlets]
    chosen = []
    for value in controller_values(page):
        counted = Counter(use[value.name][:2] for use in uses if value.name in use)
        attribute, operator = counted.most_common(1)[0][0] if counted else (value.attribute, value.operator)
        chosen.append(selector(value.name, attribute, operator))
    return chosen


# Portlets and controllers


def placements():
    """{portlet id: [(page, its definition)]}: a portlet is the workspace's, one per title
    (pages.portlet_conflicts refuses one title for two portlets), placed on every page using it."""
    placed = {}
    for page in ordered_pages():
        for definition in page.portlets:
            placed.setdefault(portlet_id(definition["title"]), []).append((page, definition))
    return placed


def portlet(key, placed):
    definition = placed[0][1]
    kind, configuration = definition["type"], definition["configuration"]
    min_x, min_y = registry[kind].min_size
    return resource(
        "portlets", key,
        title=definition["title"],
        description=definition.get("description", ""),
        min_size_x=min(min_x, *(d["size_x"] for _, d in placed)),
        min_size_y=min(min_y, *(d["size_y"] for _, d in placed)),
        workspace_id=WORKSPACE_ID,
        configuration=configuration,
        portlet_component=portlet_component(kind),
        selectors={
            "in": [selector(name, *use) for name, use in listens_to(configuration).items()],
            "out": [selector(name, attribute, "EQ") for name, attribute in publishes(configuration).items()],
        },
    )  # fmt: skip


def draft_portlet(page, n):
    """The n-th portlet of a page that is not (yet) the workspace's, as its own portlet."""
    definition = page.portlets[n - 1]
    return portlet(portlet_id(definition["title"]), [(page, definition)])


def portlet_property(page, n, placed):
    definition = page.portlets[n - 1]
    key = portlet_id(definition["title"])
    document = resource("portlet_properties", f"{page.id}.{n}", order_no=n,
                        **{key: definition[key] for key in ("pos_x", "pos_y", "size_x", "size_y")}, portlet=portlet(key, placed[key]))  # fmt: skip
    if "narrow_order" in definition:
        document["meta"] = {"narrow_order": definition["narrow_order"]}  # the workspace's phone layout; OMS ignores meta
    return document


def controller(page):
    return resource(
        "controllers", page.id,
        title=f"{page.title}: selection",
        description=", ".join(value.title for value in controller_values(page)),
        configuration={"selectors": page.selectors},
        workspace_id=WORKSPACE_ID,
        controller_component=controller_component(),
        selectors=page_selectors(page),
    )  # fmt: skip


# Workspace, folders, pages


def ordered_pages():
    return sorted(pages().values(), key=lambda p: (p.folder, p.order, p.title))


def page_summary(page):
    return resource("pages", page.id, path=page.id, title=page.title, description=page.description)


def page_detail(page, placed):
    document = page_summary(page)
    document["attributes"]["portlets"] = [portlet_property(page, n, placed) for n in range(1, len(page.portlets) + 1)]
    document["attributes"]["controller"] = controller(page) if page.selectors else None
    return document


def folder(title, folder_pages):
    path = slugify(title)
    return resource("folders", path, path=path, title=title, description="", pages=[page_summary(p) for p in folder_pages])


def workspace_summary():
    return resource("workspaces", WORKSPACE_ID, **{key: WORKSPACE[key] for key in ("path", "title", "description")})


def workspace_detail():
    document = workspace_summary()
    document["attributes"]["folders"] = [folder(title, list(group)) for title, group in groupby(ordered_pages(), key=lambda p: p.folder)]
    return document


def documents():
    """Every document of the portal API by its path under /api/portal/: what the endpoints
    serve and export_portal writes, and the index of them at /api/portal/; built again when a
    page file changes."""
    return documents_of(signature())


@lru_cache(maxsize=1)
def documents_of(signature):
    workspace = f"workspaces/{WORKSPACE_ID}"
    placed = placements()
    served = {
        "workspaces": [workspace_summary()],
        workspace: workspace_detail(),
        f"{workspace}/portlets": [portlet(key, placements) for key, placements in placed.items()],
        f"{workspace}/controllers": [controller(p) for p in ordered_pages() if p.selectors],
        "portlet_components": [portlet_component(kind) for kind in component_names()],
        "controller_components": [controller_component()],
        **{f"pages/{p.id}": page_detail(p, placed) for p in ordered_pages()},
    }
    return {"": index(served), **{path: {"data": data} for path, data in served.items()}}


def index(served):
    """/api/portal/: every document of the portal, each with its link; a collection's is a list."""
    return {
        "data": [{"id": path, "type": "portal_documents", "meta": {"collection": isinstance(data, list)},
                  "links": {"self": f"/api/portal/{path}"}} for path, data in served.items()],  # fmt: skip
        "links": {"self": "/api/portal/"},
    }
