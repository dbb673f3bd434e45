"""Rows (tuples) → JSON:API documents in OMS's shape.

One object: ``{id, type, attributes, relationships, links.self, meta.row.<attr>.units}``;
a collection adds ``links`` (self/first/prev/next/last) and ``meta.totalResourceCount``.
"""
from datetime import date, datetime
from decimal import Decimal

from django.db import connection

from .query import Query


def to_iso(value):
    """Database time → ``2018-10-14T12:01:00Z`` (OMS's form; the server runs in UTC)."""
    if value is None:
        return None
    if isinstance(value, str):  # SQLite keeps ISO text with a space
        return value.replace(" ", "T", 1).removesuffix("+00:00") + "Z"
    return value.strftime("%Y-%m-%dT%H:%M:%SZ") if isinstance(value, datetime) else value.isoformat()


def to_presentation(value):
    """``include=presentation_timestamp``: ``2018-10-14 12:01:00`` as OMS's GUI shows it."""
    if value is None:
        return None
    if isinstance(value, str):
        return value[:19]
    return value.strftime("%Y-%m-%d %H:%M:%S") if isinstance(value, datetime) else value.isoformat()


def to_bool(value):
    return None if value is None else bool(value)


def to_float(value):
    return float(value) if isinstance(value, Decimal) else value


def to_list(value):
    return None if value is None else [v for v in value.split(",") if v]


def converter(kind, include):
    """The per-value conversion a column needs, or None when the driver's value is final."""
    if kind == "datetime":
        return to_presentation if "presentation_timestamp" in include else to_iso
    if kind == "date":
        return lambda v: v if v is None or isinstance(v, str) else (v.date() if isinstance(v, datetime) else v).isoformat()
    if kind == "boolean":
        return to_bool
    if kind == "list":
        return to_list
    if kind == "float" and connection.vendor != "sqlite":
        return to_float
    if kind == "integer" and connection.vendor != "sqlite":
        return lambda v: int(v) if isinstance(v, (Decimal, float)) else v
    return None


class ObjectBuilder:
    """Builds the JSON:API object of each row for one resource, request and column layout."""

    def __init__(self, resource, selection, query: Query, base_url):
        self.type = resource.type
        self.base_url = f"{base_url}{resource.type}/"
        self.data_only = "data_only" in query.include
        index = {c: i for i, c in enumerate(selection.columns)}
        self.id_index = [index[c] for c in selection.id_columns]
        self.plain, self.converted, self.objects = [], [], []
        for attribute in selection.attributes:
            convs = [converter(k, query.include) for k in attribute.kinds]
            idx = [index[c] for c in attribute.columns]
            if attribute.kind == "object":
                self.objects.append((attribute.name, list(zip(attribute.components, idx, convs))))
            elif convs[0] is None:
                self.plain.append((attribute.name, idx[0]))
            else:
                self.converted.append((attribute.name, idx[0], convs[0]))
        units = {a.name: {"units": a.units} for a in selection.attributes if a.units}
        self.meta = {"row": units}
        self.relationships = [rel.name for rel in resource.relationships] if not selection.grouped else []

    def object_id(self, row):
        return "_".join(str(row[i]) for i in self.id_index)

    def build(self, row):
        object_id = self.object_id(row)
        attributes = {name: row[i] for name, i in self.plain}
        for name, i, conv in self.converted:
            attributes[name] = conv(row[i])
        for name, parts in self.objects:
            attributes[name] = {key: (conv(row[i]) if conv else row[i]) for key, i, conv in parts}
        if self.data_only:
            return {"id": object_id, "type": self.type, "attributes": attributes}
        obj = {"id": object_id, "type": self.type, "attributes": attributes}
        self_link = self.base_url + object_id
        if self.relationships:
            obj["relationships"] = {
                name: {"links": {"self": f"{self_link}/relationships/{name}", "related": f"{self_link}/{name}"}}
                for name in self.relationships
            }
        obj["links"] = {"self": self_link}
        obj["meta"] = self.meta
        return obj


def fields_meta(resource, names=None):
    """``meta.fields``: what OMS's client validates attribute names against (``/meta``)."""
    fields = {}
    for attribute in resource.attributes.values():
        if names is not None and attribute.name not in names:
            continue
        entry = {
            "units": attribute.units,
            "type": attribute.kind,
            "title": attribute.title,
            "description": attribute.description,
            "searchable": True,
            "sortable": attribute.kind != "list",
        }
        if attribute.components:
            entry["components"] = list(attribute.components)
        fields[attribute.name] = entry
    return fields


def page_links(request, query, total):
    """self/first/prev/next/last that keep every other parameter and never pass the end."""
    limit = query.limit
    last = max(0, (total - 1) // limit * limit) if total else 0

    def at(offset):
        params = request.GET.copy()
        params["page[offset]"] = str(offset)
        params["page[limit]"] = str(limit)
        return f"{request.build_absolute_uri(request.path)}?{params.urlencode(safe='[],')}"

    links = {"self": at(query.offset), "first": at(0), "last": at(last)}
    if query.offset > 0:
        links["prev"] = at(min(max(0, query.offset - limit), last))
    if query.offset + limit < total:
        links["next"] = at(query.offset + limit)
    return links
