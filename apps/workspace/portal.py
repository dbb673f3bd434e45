"""The Pixel workspace in OMS's portal format, derived from the page files: the documents OMS's
portal tooling reads (workspace → folders → pages → portlet properties → portlets → components and
selectors, and each page's controller), served under /api/portal/, written to a file by
``manage.py export_portal``, and read by the workspace frontend. See DESIGN.md, "OMS portal API".

Ids are names, stable across restarts: the workspace's path, a page's file name, ``<page>.<n>``
for the n-th portlet of a page, component and selector names. ``workspace_id`` is the workspace's
id, a string as every JSON:API id is.
"""
from functools import lru_cache
from itertools import groupby

from django.utils.text import slugify

from pixelws.probes import registry as probes

from .pages import COMPONENT_NAMES, SELECTORS, VALUES, pages, signature
from .schemas import controller_schema, portlet_schema

WORKSPACE = {"id": "pixel", "path": "pixel", "title": "Pixel",
             "description": "The CMS Pixel detector: luminosity and dead time, DAQ masking of ROCs and channels."}  # fmt: skip
WORKSPACE_ID = WORKSPACE["id"]
CONTROLLER_COMPONENT = "PixelController"
# The least size (columns, rows) a portlet of each type still reads well in.
MIN_SIZE = {"plot": (3, 2), "table": (4, 2), "summary": (2, 1)}


def resource(type_, id_, **attributes):
    return {"id": str(id_), "type": type_, "attributes": attributes}


# Components and selectors


def portlet_component(kind):
    name = COMPONENT_NAMES[kind]
    return resource("portlet_components", name, type=kind, name=name, workspace_id=WORKSPACE_ID, config_schema=portlet_schema(kind))


def controller_component():
    name = CONTROLLER_COMPONENT
    return resource("controller_components", name, name=name, workspace_id=WORKSPACE_ID, config_schema=controller_schema())


def selector(name, required=False):
    value = VALUES[name]
    document = resource("selectors", name, name=name, attribute=value.attribute, operator=value.operator,
                        title=value.title, description=value.description, workspace_id=WORKSPACE_ID)  # fmt: skip
    if required:
        document["meta"] = {"required": True}  # the portlet shows nothing until it is chosen (OMS ignores meta)
    return document


def variable_names(values):
    """The controller values that ``$name`` values refer to."""
    return {v[1:] for v in values if isinstance(v, str) and v.startswith("$") and v[1:] in VALUES}


def listens_to(configuration):
    """{value: required} of the controller values a portlet's configuration takes: its probe's
    parameters named like them (the controller passes those; required if the probe requires
    them), and the $values it refers to (not required here: the selection may imply them, as a
    run implies its fill, and the frontend says what to choose when it cannot substitute one)."""
    taken = {}
    fixed = configuration.get("params") or {}
    if "probe" in configuration:
        for parameter in probes[configuration["probe"]].parameters:
            if parameter.name in VALUES and parameter.name not in fixed:
                taken[parameter.name] = parameter.required
    queries = [configuration, configuration.get("join") or {}]
    referred = [*fixed.values(), *(v for query in queries for v in (query.get("filters") or {}).values())]
    for name in variable_names(referred):
        taken.setdefault(name, False)
    return {name: taken[name] for name in VALUES if name in taken}  # in the controller's order


def publishes(configuration):
    """The controller values a portlet sets: a table row's (select), a map cell's (drilldown)."""
    names = set(configuration.get("select") or {})
    if "drilldown" in configuration:
        names.add(configuration["drilldown"]["variable"])
    return [name for name in VALUES if name in names]


# Portlets and controllers


def portlet(page, n):
    definition = page.portlets[n - 1]
    kind, configuration = definition["type"], definition["configuration"]
    min_x, min_y = MIN_SIZE.get(kind, (1, 1))
    return resource(
        "portlets", f"{page.id}.{n}",
        title=definition["title"],
        description=definition.get("description", ""),
        min_size_x=min(min_x, definition["size_x"]),
        min_size_y=min(min_y, definition["size_y"]),
        workspace_id=WORKSPACE_ID,
        configuration=configuration,
        portlet_component=portlet_component(kind),
        selectors={
            "in": [selector(name, required) for name, required in listens_to(configuration).items()],
            "out": [selector(name) for name in publishes(configuration)],
        },
    )  # fmt: skip


def portlet_property(page, n):
    definition = page.portlets[n - 1]
    return resource("portlet_properties", f"{page.id}.{n}", order_no=n,
                    **{key: definition[key] for key in ("pos_x", "pos_y", "size_x", "size_y")}, portlet=portlet(page, n))  # fmt: skip


def controller(page):
    return resource(
        "controllers", page.id,
        title=f"{page.title}: selection",
        description=", ".join(value.title for name in page.selectors for value in SELECTORS[name]),
        configuration={"selectors": page.selectors},
        workspace_id=WORKSPACE_ID,
        controller_component=controller_component(),
        selectors=[selector(value.name) for name in page.selectors for value in SELECTORS[name]],
    )  # fmt: skip


# Workspace, folders, pages


def ordered_pages():
    return sorted(pages().values(), key=lambda p: (p.folder, p.order, p.title))


def page_summary(page):
    return resource("pages", page.id, path=page.id, title=page.title, description=page.description)


def page_detail(page):
    document = page_summary(page)
    document["attributes"]["portlets"] = [portlet_property(page, n) for n in range(1, len(page.portlets) + 1)]
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
    serve and export_portal writes; built again when a page file changes."""
    return documents_of(signature())


@lru_cache(maxsize=1)
def documents_of(signature):
    workspace = f"workspaces/{WORKSPACE_ID}"
    served = {
        "workspaces": [workspace_summary()],
        workspace: workspace_detail(),
        f"{workspace}/portlets": [portlet(p, n) for p in ordered_pages() for n in range(1, len(p.portlets) + 1)],
        f"{workspace}/controllers": [controller(p) for p in ordered_pages() if p.selectors],
        "portlet_components": [top_level(portlet_component(kind)) for kind in COMPONENT_NAMES],
        "controller_components": [controller_component()],
        **{f"pages/{p.id}": page_detail(p) for p in ordered_pages()},
    }
    return {path: {"data": data} for path, data in served.items()}


def top_level(component):
    """A portlet component as a top-level resource object: JSON:API 1.0 forbids an attribute
    named ``type`` there, so its type (``plot``) moves to its meta. Nested in a portlet, where
    OMS's portal tooling reads it, it stays an attribute."""
    attributes = dict(component["attributes"])
    return {**component, "attributes": attributes, "meta": {"type": attributes.pop("type")}}

