"""JSON Schemas of the components' configurations: the ``config_schema`` the portal API serves
with each component, which OMS's portal uses to check (and edit) a portlet's configuration.

Each portlet type declares its own (portlets/, its ``schema()``); pages.py holds every page file
to them as it loads it, then runs the type's checks of what a schema cannot say (that a column is
an attribute of the resource named beside it).
"""
from functools import cache

import jsonschema

from pixelws.controller import SELECTORS, vocabulary

from .portlets import registry
from .portlets.base import PortletType
from .portlets.configuration import strict

DIALECT = "https://json-schema.org/draft/2020-12/schema"
# Of a value's alternatives (anyOf), the list of controller values it is not in says more than the
# pattern a literal should not match: "'$fil' is not one of ['$run', …]", not "should not be
# valid under {'pattern': '^[$]'}" (best_match descends to the least relevant of a context).
RELEVANCE = jsonschema.exceptions.by_relevance(weak=frozenset({"oneOf", "enum"}))


@cache
def portlet_schema(kind):
    return {"$schema": DIALECT, **registry[kind].schema()}


@cache
def controller_schema():
    """The controller's configuration (its selectors), and for the browser, under ``x-controller``
    (an annotation OMS's portal ignores), the controller's vocabulary (pixelws/controller.py)."""
    selectors = {"type": "array", "items": {"enum": list(SELECTORS)}, "minItems": 1, "uniqueItems": True}
    schema = strict(("selectors",), {"selectors": selectors}, title="The page's selectors")
    return {"$schema": DIALECT, **schema, "x-controller": vocabulary()}


def refusal(schema, configuration):
    """(where, message) of what the schema refuses in ``configuration`` (the most telling mistake:
    where ``.sort`` or ``[0]``, an unknown field named as its own), or None."""
    found = jsonschema.exceptions.best_match(jsonschema.Draft202012Validator(schema).iter_errors(configuration), key=RELEVANCE)
    if found is None:
        return None
    path = list(found.absolute_path)
    message = found.message
    if found.validator == "additionalProperties" and isinstance(found.instance, dict):
        known = list(found.schema.get("properties", {}))
        path.append(next(key for key in found.instance if key not in known))
        message = f"unknown field; expected one of {', '.join(known)}"
    return "".join(f"[{key}]" if isinstance(key, int) else f".{key}" for key in path), message


def missing_schemas():
    """Portlet types without a config_schema."""
    return [kind for kind, portlet_type in registry.items() if type(portlet_type).schema is PortletType.schema]
