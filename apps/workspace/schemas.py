"""JSON Schemas of the components' configurations: the ``config_schema`` the portal API serves
with each component, which OMS's portal uses to check (and edit) a portlet's configuration.

The system check (start-up, ``manage.py check``) validates every page definition against them;
the checker in pages.py checks what a schema cannot say, e.g. that a column is an attribute of the
resource named beside it. A new portlet type needs its schema in PORTLET_SCHEMAS.
"""
from functools import cache

import jsonschema

from pixelws.dialect import registry as resources
from pixelws.dialect.query import SHORT_FILTER_KEY
from pixelws.probes import registry as probes

from .pages import COMPONENT_NAMES, PAGE_ID, SELECTORS, VALUES

DIALECT = "https://json-schema.org/draft/2020-12/schema"
# A literal value, or "$run" etc. for a controller value ("$" starts nothing else).
LITERAL = {"anyOf": [{"type": ["number", "boolean", "null"]}, {"type": "string", "not": {"pattern": "^[$]"}}]}
NAME = {"type": "string", "minLength": 1}


def strict(required, properties, **extra):
    """An object of exactly these properties (a misspelt field is an error, not ignored)."""
    return {"type": "object", "required": list(required), "properties": properties, "additionalProperties": False, **extra}


def controller_value():
    return {"enum": list(VALUES), "description": "a controller value"}


def value():
    return {"anyOf": [LITERAL, {"enum": [f"${name}" for name in VALUES]}]}


def query_properties():
    """A resource query's fields, as table and summary portlets write them."""
    return {
        "resource": {"enum": sorted(resources), "description": "GET /api/v1/ lists them"},
        "filters": {
            "type": "object",
            "propertyNames": {"pattern": SHORT_FILTER_KEY.pattern},
            "additionalProperties": value(),
            "description": "attribute or attribute[OP] → a value, or $name for a controller value",
        },
        "group": NAME,
    }


def probe_properties():
    return {
        "probe": {"enum": sorted(probes), "description": "GET /api/v1/plots lists them"},
        "params": {"type": "object", "additionalProperties": value(), "description": "fixed probe parameters"},
    }


def drilldown(*extra):
    """A click opens another page with one controller value (a plot's cell, a probe table's row)."""
    properties = {"page": {"type": "string", "pattern": PAGE_ID.pattern}, "variable": controller_value()}
    return strict(("page", "variable", *extra), {**properties, **{name: NAME for name in extra}})


def plot_schema():
    # filters: the series probe's rows, filtered as a resource query's (its resource is a param).
    filters = query_properties()["filters"]
    return strict(("probe",), {**probe_properties(), "filters": filters, "drilldown": drilldown()}, title="A probe's plotly figure")


# What an empty table means, said in words: "Nothing left its limits" (+ " during run 324245.").
EMPTY = {"type": "string", "minLength": 1, "description": "what no rows mean; the page adds during which selection"}


def table_schema():
    query = query_properties()
    columns = {"type": "array", "items": NAME, "minItems": 1}
    join = strict(("resource", "key", "columns"), {**query, "key": NAME, "columns": columns})
    rows = strict(("resource", "columns"), {
        **query,
        "columns": columns,
        "sort": NAME,
        "page_size": {"type": "integer", "minimum": 1, "maximum": 1000},
        "join": join,
        "select": {"type": "object", "propertyNames": controller_value(), "additionalProperties": NAME},
        "labels": {"type": "object", "additionalProperties": NAME},
        "empty": EMPTY,
    }, title="Rows of a resource")  # fmt: skip
    probe_table = strict(("probe",), {**probe_properties(), "drilldown": drilldown("column"), "empty": EMPTY},
                         title="The table a probe serves")  # fmt: skip
    return {"title": "A table", "oneOf": [rows, probe_table]}


def summary_schema():
    return strict(("resource", "attribute"), {
        **query_properties(),
        "attribute": NAME,
        "label": NAME,
        "precision": {"type": "integer", "minimum": 0, "maximum": 10},
    }, title="One value of a resource")  # fmt: skip


def notes_schema():
    return strict((), {"placeholder": NAME}, title="The shifter's notes, for the page's PDF")


PORTLET_SCHEMAS = {"plot": plot_schema, "table": table_schema, "summary": summary_schema, "notes": notes_schema}


@cache
def portlet_schema(kind):
    return {"$schema": DIALECT, **PORTLET_SCHEMAS[kind]()}


@cache
def controller_schema():
    selectors = {"type": "array", "items": {"enum": list(SELECTORS)}, "minItems": 1, "uniqueItems": True}
    return {"$schema": DIALECT, **strict(("selectors",), {"selectors": selectors}, title="The page's selectors")}


def refusal(schema, configuration):
    """What the schema refuses in ``configuration`` (the most telling mistake), or None."""
    found = jsonschema.exceptions.best_match(jsonschema.Draft202012Validator(schema).iter_errors(configuration))
    if found is None:
        return None
    where = "".join(f"[{key}]" if isinstance(key, int) else f".{key}" for key in found.absolute_path)
    return f"{where}: {found.message}"


def page_problems(page):
    """Each configuration of ``page`` its component's config_schema refuses, named like
    ``apps/workspace/pages/x.yaml: portlets[1].configuration.sort: …``."""
    parts = [("controller", controller_schema(), {"selectors": page.selectors})]
    parts += [(f"portlets[{i}].configuration", portlet_schema(p["type"]), p["configuration"]) for i, p in enumerate(page.portlets)]
    return [f"{page.source}: {where}{problem}" for where, schema, configuration in parts if (problem := refusal(schema, configuration))]


def missing_schemas():
    """Portlet types without a config_schema."""
    return [kind for kind in COMPONENT_NAMES if kind not in PORTLET_SCHEMAS]
