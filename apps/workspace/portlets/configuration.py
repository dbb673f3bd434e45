"""The pieces the portlet types' configuration schemas are made of (each type's ``schema()``)."""
import re

from pixelws.controller import VALUES
from pixelws.dialect import registry as resources
from pixelws.dialect.query import SHORT_FILTER_KEY
from pixelws.probes import registry as probes

PAGE_ID = re.compile(r"^[a-z][a-z0-9_]*$")  # a page file's name, and so its URL (a drilldown's page)
# A literal value, or "$run" etc. for a controller value ("$" starts nothing else).
LITERAL = {"anyOf": [{"type": ["number", "boolean", "null"]}, {"type": "string", "not": {"pattern": "^[$]"}}]}
NAME = {"type": "string", "minLength": 1}
# What an empty table means, said in words: "Nothing left its limits" (+ " during run 324245.").
EMPTY = {"type": "string", "minLength": 1, "description": "what no rows mean; the page adds during which selection"}


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
