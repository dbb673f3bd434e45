"""The workspace's endpoints in /api/v1/openapi.json (pixelws/openapi.py gathers them): the
portal API (docs/oms-gui.md), what a page's selection means, a portlet's content, Explore's page
draft, the live status, a plot's first paint (SVG) and a page's PDF."""
from pixelws.controller import URL_VALUES
from pixelws.openapi import ERRORS, ok, query_parameter
from pixelws.probes import registry as probes

from .first_paint import SIZES
from .pages import pages

RESOURCE = {"type": "object", "required": ["id", "type"],
            "properties": {"id": {"type": "string"}, "type": {"type": "string"}, "attributes": {"type": "object"}}}  # fmt: skip
ONE = {"type": "object", "required": ["data"], "properties": {"data": RESOURCE}}
LIST = {"type": "object", "required": ["data"], "properties": {"data": {"type": "array", "items": RESOURCE}}}


def path_parameter(name, description, enum=None):
    schema = {"type": "string", **({"enum": enum} if enum else {})}
    return {"name": name, "in": "path", "required": True, "schema": schema, "description": description}


def state_parameters():
    """A page's state as the URL writes it: the controller's values (pixelws/controller.py)."""
    return [query_parameter(name, {"type": "string"}, value.description) for name, value in URL_VALUES.items()]


def table_parameters():
    """A table's page and sort, for a portlet's content."""
    return [query_parameter("page[offset]", {"type": "integer", "minimum": 0}, "a table's first row (a multiple of its page size); "
                            "default: the page holding the selected row"),
            query_parameter("sort", {"type": "string"}, "a table's column, or -column for descending")]  # fmt: skip


def portal_get(operation, summary, body, parameters=()):
    return {"get": {"operationId": operation, "summary": summary, "parameters": list(parameters),
                    "responses": {"200": ok(body), "400": ERRORS, "404": ERRORS}}}  # fmt: skip


def paths():
    page_ids = sorted(pages())
    workspace = path_parameter("id", "a workspace's id (its path): pixel")
    page = path_parameter("id", "a page's id (its file name)", page_ids)
    portal = {
        "/api/portal/": portal_get("portal_index", "Every document of the portal API, with its link", LIST),
        "/api/portal/workspaces": portal_get("portal_workspaces", "The workspaces", LIST),
        "/api/portal/workspaces/{id}": portal_get("portal_workspace", "A workspace with its folders and their pages", ONE, [workspace]),
        "/api/portal/workspaces/{id}/portlets": portal_get("portal_portlets", "A workspace's portlets, one per title", LIST, [workspace]),
        "/api/portal/workspaces/{id}/controllers": portal_get("portal_controllers", "A workspace's controllers, one per page", LIST, [workspace]),
        "/api/portal/portlet_components": portal_get("portal_portlet_components", "Portlet components, each with its config_schema", LIST),
        "/api/portal/controller_components": portal_get("portal_controller_components", "Controller components", LIST),
        "/api/portal/pages/{id}": portal_get("portal_page", "A page: its portlet properties (each with its portlet) and controller", ONE, [page]),
    }  # fmt: skip
    selection = portal_get(
        "workspace_selection", "What a page's selection means: its state with defaults, the variables ($run, $since, $shift_end_run, …)",
        ONE, [query_parameter("page", {"type": "string", "enum": page_ids}, "the page", required=True), *state_parameters()],
    )  # fmt: skip
    content = portal_get(
        "workspace_portlet_content", "What a page's portlet shows for a selection: its cells, figure or value, formatted (as in the PDF)",
        ONE, [path_parameter("page", "a page's id", page_ids), path_parameter("n", "the portlet's place in the page file, from 0"),
              *state_parameters(), *table_parameters()],
    )  # fmt: skip
    sizes = [query_parameter(name, {"type": "integer", "minimum": low, "maximum": high}, f"the plot's {name} in px, as the browser measured it", True)
             for name, (low, high) in SIZES.items()]  # fmt: skip
    svg = {"description": "The plot drawn as SVG; its ETag is its digest", "content": {"image/svg+xml": {"schema": {"type": "string"}}}}
    plot_svg = {"get": {
        "operationId": "workspace_plot_svg", "summary": "A page's plot portlet drawn by the server, for the page's first paint",
        "parameters": [path_parameter("page", "a page's id", page_ids), path_parameter("n", "the plot portlet's place in the page file, from 0"),
                       *state_parameters(), *sizes],
        "responses": {"200": svg, "204": {"description": "Nothing to draw for this selection (header X-Nothing-To-Draw says why)"}, "304": {"description": "Not modified (If-None-Match)"}, "400": ERRORS, "404": ERRORS, "503": ERRORS},
    }}  # fmt: skip
    series = [query_parameter(p.name, {"type": "string"}, p.help, p.required) for p in probes["series"].parameters]
    explore_content = portal_get(
        "workspace_explore_content", "The Explore page's plot (0) or rows (1) for a series query, as a page's portlet is served",
        ONE, [path_parameter("n", "0: the plot, 1: the rows it is drawn from"), *series, *table_parameters()],
    )  # fmt: skip
    explore = portal_get("workspace_explore_page", "Explore's Copy as page: the page file and its portlet for a series query", ONE, series)
    pdf = {"description": "The page as an A4 PDF", "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}}}
    notes = {"type": "object", "additionalProperties": {"type": "string"},
             "description": "notes.<n>: the text of the page's n-th portlet (from 0) if it is a notes portlet"}  # fmt: skip
    pdf_operation = lambda method, **extra: {  # noqa: E731
        "operationId": f"page_pdf_{method}", "summary": "A page as a PDF, for the state given as on the page's URL",
        "parameters": [path_parameter("id", "a page's id", page_ids), *state_parameters()],
        "responses": {"200": pdf, "400": ERRORS, "404": ERRORS, "504": ERRORS}, **extra,
    }  # fmt: skip
    form = {"content": {media: {"schema": notes} for media in ("application/x-www-form-urlencoded", "multipart/form-data")}}
    return {
        **portal,
        "/api/workspace/selection": selection,
        "/api/workspace/live": portal_get(
            "workspace_live", "The live status: newest run and lumisection, current shift, last change, stale or not, "
            "alarms going on with their pages (docs/live.md)", ONE),
        "/api/workspace/pages/{page}/portlets/{n}": content,
        "/api/workspace/pages/{page}/portlets/{n}/svg": plot_svg,
        "/api/workspace/explore/portlets/{n}": explore_content,
        "/api/workspace/explore_page": explore,
        "/pages/{id}.pdf": {"get": pdf_operation("get"), "post": pdf_operation("post", requestBody=form)},
    }
