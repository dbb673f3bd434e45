"""The workspace's endpoints in /api/v1/openapi.json (pixelws/openapi.py gathers them): what a
page's selection means, a portlet's content, Explore's page
draft, the live status and a plot's first paint (SVG)."""
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


def get_operation(operation, summary, body, parameters=()):
    return {"get": {"operationId": operation, "summary": summary, "parameters": list(parameters),
                    "responses": {"200": ok(body), "400": ERRORS, "404": ERRORS}}}  # fmt: skip


def paths():
    page_ids = sorted(pages())
    selection = get_operation(
        "workspace_selection", "What a page's selection means: its state with defaults, the variables ($run, $since, $shift_end_run, …)",
        ONE, [query_parameter("page", {"type": "string", "enum": page_ids}, "the page", required=True), *state_parameters()],
    )  # fmt: skip
    content = get_operation(
        "workspace_portlet_content", "What a page's portlet shows for a selection: its cells, figure or value, formatted (as in the PDF), and a table's or a summary's HTML",
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
    explore_content = get_operation(
        "workspace_explore_content", "The Explore page's plot (0) or rows (1) for a series query, as a page's portlet is served",
        ONE, [path_parameter("n", "0: the plot, 1: the rows it is drawn from"), *series, *table_parameters()],
    )  # fmt: skip
    explore = get_operation("workspace_explore_page", "Explore's Copy as page: the page file and its portlet for a series query", ONE, series)
    return {
        "/api/workspace/selection": selection,
        "/api/workspace/live": get_operation(
            "workspace_live", "The live status: newest run and lumisection, current shift, last change, stale or not, "
            "alarms going on with their pages (docs/live.md)", ONE),
        "/api/workspace/pages/{page}/portlets/{n}": content,
        "/api/workspace/pages/{page}/portlets/{n}/svg": plot_svg,
        "/api/workspace/explore/portlets/{n}": explore_content,
        "/api/workspace/explore_page": explore,
    }
