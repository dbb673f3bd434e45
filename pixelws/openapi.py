"""``/api/v1/openapi.json``: an OpenAPI 3.1 description generated from the resource and probe
registries (every resource with its attributes, types and units, the dialect's parameters, the
relationship endpoints, every probe with its parameters), and the paths apps add with
``add_paths`` (the workspace's portal, selection and PDF), for tools and people exploring the API."""
from django.conf import settings
from django.http import HttpResponse

from .dialect.query import INCLUDE_FLAGS, operators_for
from .dialect.errors import read_only
from .dialect.renderers import dumps
from .dialect.resources import registry as resources
from .probes import registry as probes
from .shifts import EXAMPLE as SHIFT_EXAMPLE, NAMES as SHIFT_NAMES

TYPES = {
    "integer": {"type": "integer"},
    "float": {"type": "number"},
    "string": {"type": "string"},
    "boolean": {"type": "boolean"},
    "datetime": {"type": "string", "format": "date-time"},
    "date": {"type": "string", "format": "date"},
    "list": {"type": "array", "items": {"type": "string"}},
    "shift": {"type": "string", "pattern": rf"^\d{{4}}-\d{{2}}-\d{{2}}/({'|'.join(SHIFT_NAMES)})$", "example": SHIFT_EXAMPLE},
}
ERRORS = {"$ref": "#/components/responses/Errors"}
EXTRA_PATHS = []  # functions returning {path: path item}, added by apps (add_paths)


def add_paths(paths):
    """An app's own endpoints, described by ``paths()`` → {path: OpenAPI path item}."""
    EXTRA_PATHS.append(paths)


def ok(body, media_type="application/vnd.api+json"):
    return {"description": "OK", "content": {media_type: {"schema": body}}}


def nullable(schema, null):
    """``null`` where the view's column can be null (its model field is null=True), only there."""
    return {**schema, "type": [schema["type"], "null"]} if null else schema


def attribute_schema(resource, attribute):
    """An attribute's type, null where its column may be, its units as ``x-units`` (as /meta)."""
    fields = [resource.model._meta.get_field(column) for column in attribute.columns]
    if attribute.kind == "object":
        schema = {"type": "object", "properties": {c: nullable(TYPES[k], f.null) for c, k, f in zip(attribute.components, attribute.kinds, fields)}}
    else:
        schema = nullable(TYPES[attribute.kind], fields[0].null)
    return {**schema, "x-units": attribute.units} if attribute.units else schema


def query_parameter(name, schema, description="", required=False):
    return {"name": name, "in": "query", "required": required, "schema": schema, "description": description}


def filter_parameters(resource):
    parameters = []
    for attribute in resource.attributes.values():
        if attribute.link:
            continue  # made from the id: not filtered on
        names = [f"{attribute.name}.{c}" for c in attribute.components] or [attribute.name]
        kinds = attribute.kinds
        for name, kind in zip(names, kinds):
            for operator in sorted(operators_for(kind)):
                parameters.append(query_parameter(f"filter[{name}][{operator}]", {"type": "string"},
                                                  f"{operator} on {name} ({kind}); null, true, false are literals"))
    return parameters


def dialect_parameters(resource):
    names = ",".join(resource.attributes)
    parameters = [
        query_parameter("fields", {"type": "string"}, f"attributes to return, comma-separated: {names}"),
        query_parameter("sort", {"type": "string"}, "attributes, comma-separated; -name sorts descending"),
        query_parameter("page[offset]", {"type": "integer", "minimum": 0}),
        query_parameter("page[limit]", {"type": "integer", "minimum": 1, "maximum": settings.OMS_PAGE_LIMIT_MAX}),
        query_parameter("include", {"type": "string"}, f"flags, comma-separated: {', '.join(sorted(INCLUDE_FLAGS))}"),
    ]
    if resource.grouping:
        choices = [resource.grouping.native, *resource.grouping.keys]
        parameters += [query_parameter("group[granularity]", {"type": "string", "enum": choices}),
                       query_parameter("group[size]", {"type": "integer", "minimum": 1, "maximum": 100000})]
    return parameters


def id_parameter(resource):
    return {"name": "id", "in": "path", "required": True, "schema": {"type": "string"},
            "description": "_".join(f"<{f}>" for f in resource.id_fields)}  # fmt: skip


def collection_of(schema):
    return {"type": "object", "required": ["data"], "properties": {"data": {"type": "array", "items": schema}}}


def relationship_paths(name, resource):
    """``/<type>/{id}/<relationship>`` (the related rows) and ``…/relationships/<relationship>``
    (their identifiers), each taking the target's query parameters."""
    paths = {}
    for relationship in resource.relationships:
        target = resources[relationship.to]
        parameters = [id_parameter(resource), *dialect_parameters(target), *filter_parameters(target)]
        identifier = {"type": "object", "required": ["type", "id"], "properties": {"type": {"const": relationship.to}, "id": {"type": "string"}}}
        paths[f"/api/v1/{name}/{{id}}/{relationship.name}"] = {"get": {
            "operationId": f"related_{name}_{relationship.name}", "summary": f"The {relationship.to} of one of {name}",
            "parameters": parameters,
            "responses": {"200": ok(collection_of({"$ref": f"#/components/schemas/{relationship.to}"})), "400": ERRORS, "404": ERRORS},
        }}
        paths[f"/api/v1/{name}/{{id}}/relationships/{relationship.name}"] = {"get": {
            "operationId": f"relationship_{name}_{relationship.name}", "summary": f"Identifiers of the {relationship.to} of one of {name}",
            "parameters": parameters,
            "responses": {"200": ok(collection_of(identifier)), "400": ERRORS, "404": ERRORS},
        }}
    return paths


def resource_paths(name, resource):
    schema = {"$ref": f"#/components/schemas/{name}"}
    collection = collection_of(schema)
    return {
        f"/api/v1/{name}": {"get": {
            "operationId": f"list_{name}", "summary": resource.description or name,
            "parameters": dialect_parameters(resource) + filter_parameters(resource),
            "responses": {"200": ok(collection), "400": ERRORS},
        }},
        f"/api/v1/{name}/{{id}}": {"get": {
            "operationId": f"get_{name}",
            "parameters": [id_parameter(resource), *dialect_parameters(resource)[:1]],
            "responses": {"200": ok({"type": "object", "properties": {"data": schema}}), "400": ERRORS, "404": ERRORS},
        }},
        f"/api/v1/{name}/meta": {"get": {"operationId": f"meta_{name}", "responses": {"200": ok({"type": "object"})}}},
        **relationship_paths(name, resource),
    }


def probe_path(name, probe):
    parameters = [query_parameter(p.name, {**TYPES[p.type], **({"enum": list(p.choices)} if p.choices else {})},
                                  p.help, p.required) for p in probe.parameters]  # fmt: skip
    parameters.append(query_parameter("fields[plots]", {"type": "string"}, "plot attributes, comma-separated"))
    return {"get": {"operationId": f"plot_{name}", "summary": probe.title, "description": probe.description,
                    "parameters": parameters,
                    "responses": {"200": {"description": "OK"}, "400": ERRORS, "404": ERRORS}}}  # fmt: skip


def description():
    paths = {}
    for name, resource in sorted(resources.items()):
        paths.update(resource_paths(name, resource))
    for name, probe in sorted(probes.items()):
        paths[f"/api/v1/plots/{name}"] = probe_path(name, probe)
    for more in EXTRA_PATHS:
        paths.update(more())
    schemas = {
        name: {"type": "object", "properties": {
            "id": {"type": "string"}, "type": {"const": name},
            "attributes": {"type": "object", "properties": {a.name: attribute_schema(r, a) for a in r.attributes.values()}},
        }}
        for name, r in sorted(resources.items())
    }  # fmt: skip
    error = {"type": "object", "properties": {"status": {"type": "string"}, "title": {"type": "string"},
             "detail": {"type": "string"}, "source": {"type": "object", "properties": {"parameter": {"type": "string"}}}}}  # fmt: skip
    return {
        "openapi": "3.1.0",
        "info": {"title": "pixelws: the CMS Pixel OMS aggregation API", "version": "1"},
        "paths": paths,
        "components": {
            "schemas": {**schemas, "Error": error},
            "responses": {"Errors": {"description": "JSON:API errors", "content": {"application/vnd.api+json": {
                "schema": {"type": "object", "properties": {"errors": {"type": "array", "items": {"$ref": "#/components/schemas/Error"}}}}}}}},
        },
    }  # fmt: skip


@read_only
def openapi_json(request):
    return HttpResponse(dumps(description()), content_type="application/vnd.oai.openapi+json")
