"""Rows (tuples) → JSON:API documents in OMS's shape.

One object: ``{id, type, attributes, relationships, links.self, meta.row.<attr>.units}``;
a collection adds ``links`` (self/first/prev/next/last) and ``meta.totalResourceCount``.
"""
from datetime import datetime
from decimal import Decimal
from itertools import islice

import orjson
from django.db import connection

from pixelws.units import units_html

from .query import Query, operators_for
from .renderers import dumps


def to_iso(value):
    """Database time → ``2018-10-14T12:01:00Z`` (OMS's form; the server runs in UTC)."""
    if value is None:
        return None
    if isinstance(value, str):  # SQLite keeps ISO text with a space; whole seconds, as orjson writes a datetime
        return value[:19].replace(" ", "T", 1) + "Z"
    return value.strftime("%Y-%m-%dT%H:%M:%SZ") if isinstance(value, datetime) else value.isoformat()


def to_presentation(value):
    """``include=presentation_timestamp``: ``2018-10-14 12:01:00`` as OMS's GUI shows it."""
    if value is None:
        return None
    if isinstance(value, str):
        return value[:19]
    return value.strftime("%Y-%m-%d %H:%M:%S") if isinstance(value, datetime) else value.isoformat()


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
    if kind == "list":
        return to_list
    if kind == "float" and connection.vendor != "sqlite":
        return to_float
    if kind == "integer" and connection.vendor != "sqlite":
        return lambda v: int(v) if isinstance(v, (Decimal, float)) else v
    return None


# Conversions cheap enough to write into the compiled row builder (no function call per value).
# A datetime object goes to orjson as it is: the renderer's options write it 2018-10-14T12:01:00Z.
INLINE = {
    "boolean": "(None if {v} is None else {v} != 0)",  # SQLite and Oracle return 0/1
    "datetime": "(_iso({v}) if {v}.__class__ is str else {v})",  # SQLite: text for computed columns
}


class ObjectBuilder:
    """Builds the JSON:API object of each row for one resource, request and column layout.

    ``build(row)`` is a function written for this request's columns and compiled once (its text
    is ``self.source``): a single dict display per row, no loop over the attributes. For
    ``/api/v1/runs?fields=run_number,start_time,stable_beam,delivered_lumi`` it reads::

        def build(row):
            c0, c1, c2, c3, = row
            id_ = f"{c0}"
            url = BASE + id_
            return {"id": id_, "type": TYPE, "attributes": {'run_number': c0,
                    'start_time': (_iso(c1) if c1.__class__ is str else c1),
                    'stable_beam': (None if c2 is None else c2 != 0), 'delivered_lumi': c3},
                    "relationships": Fragment('{"fill":{"links":{"self":"' + url + ...),
                    "links": {"self": url}, "meta": META}

    with ``BASE``, ``TYPE``, ``META``, ``_iso`` and each column's converter (``_c<n>``) in its
    namespace. Plain Python was measured against it (best of 25, CPU, 10 000 rows built and
    encoded, GC paused as in a view): a closure per row with ``itemgetter``/``zip`` groups took
    1.4–1.7 × as long, and a column-wise batch builder (one ``map`` per column, then
    ``dict(zip())`` per row) 1.24 × for lumisections, 1.35 × for hv_channels, 1.8 × for deadtimes
    (20 value objects a row; yardstick 0.77 s): 15–100 ms more per 10 000 rows, beyond 5 % of the
    API's cost (benchmarks/api_throughput.py). A dict display with constant keys is what plain
    code cannot write for a layout known only at run time.
    """

    def __init__(self, resource, selection, query: Query, base_url, encoded=True):
        index = {c: i for i, c in enumerate(selection.columns)}
        namespace = {"_iso": to_iso, "TYPE": resource.type, "BASE": f"{base_url}{resource.type}/"}
        root = base_url.removesuffix("api/v1/")  # file links' paths are under the site's root

        def link(path):
            before, after = path.split("{id}")
            return f"{root + before!r} + id_ + {after!r}"

        def value(kind, column):
            v = f"c{index[column]}"
            if kind in INLINE and not (kind == "datetime" and "presentation_timestamp" in query.include):
                return INLINE[kind].format(v=v)
            conv = converter(kind, query.include)
            if conv is None:
                return v
            name = f"_c{len(namespace)}"
            namespace[name] = conv
            return f"{name}({v})"

        attributes = []
        for attribute in selection.attributes:
            if attribute.link:
                code = link(attribute.link)
            elif attribute.kind == "object":
                parts = zip(attribute.components, attribute.kinds, attribute.columns)
                code = "{" + ", ".join(f"{c!r}: {value(k, col)}" for c, k, col in parts) + "}"
            else:
                code = value(attribute.kinds[0], attribute.columns[0])
            attributes.append(f"{attribute.name!r}: {code}")
        object_id = 'f"' + "_".join(f"{{c{index[c]}}}" for c in selection.id_columns) + '"'
        head = f'"id": id_, "type": TYPE, "attributes": {{{", ".join(attributes)}}}'
        url = ""  # the object's URL, made once per row for its links
        if "data_only" in query.include:
            body = head
        else:
            url = "\n    url = BASE + id_"
            # The same for every row: encoded once (orjson writes a Fragment as it is), not per row;
            # as Python data for a caller in the process (``encoded=False``: pixelws/answers.py).
            meta = {"row": {a.name: {"units": a.units} for a in selection.attributes if a.units}}
            namespace["META"] = orjson.Fragment(dumps(meta)) if encoded else meta
            relationships = [rel.name for rel in resource.relationships] if not selection.grouped else []
            if encoded and relationships and not resource.file_links and numeric_ids(resource, selection) and plain_json(base_url):
                namespace["Fragment"] = orjson.Fragment
                code = relationships_fragment_code(relationships)
            else:
                code = relationships_code(relationships, resource.file_links, link)
            body = head + (f', "relationships": {code}' if code else "")
            body += ', "links": {"self": url}, "meta": META'
        unpack = "".join(f"c{i}, " for i in range(len(selection.columns)))
        source = f"def build(row):\n    {unpack}= row\n    id_ = {object_id}{url}\n    return {{{body}}}\n"
        self.source = source  # what a reader prints to see the function
        exec(compile(source, f"<ObjectBuilder {resource.type}>", "exec"), namespace)
        self.build = namespace["build"]


def relationships_code(names, file_links, link):
    """Python code of an object's ``relationships`` (``url`` and ``id_`` in scope); "" for none.
    ``link(path)``: the code of a file link's URL."""
    links = [f'{name!r}: {{"links": {{"self": url + "/relationships/{name}", "related": url + "/{name}"}}}}' for name in names]
    for name, path in file_links.items():  # JSON:API 1.0: an object's links hold only self
        links.append(f'{name!r}: {{"links": {{"related": {link(path)}}}}}')
    return "{" + ", ".join(links) + "}" if links else ""


def relationships_fragment_code(names):
    """The same as one JSON fragment per row, for URLs with nothing to escape: not five objects
    for orjson to walk (10 000 lumisections: −9 ms)."""
    json = "{" + ",".join(f'"{n}":{{"links":{{"self":"URL/relationships/{n}","related":"URL/{n}"}}}}' for n in names) + "}"
    return f"Fragment({' + url + '.join(repr(part) for part in json.split('URL'))})"


def plain_json(text):
    """Whether ``text`` is written in JSON as it is (nothing to escape)."""
    return orjson.dumps(text).decode() == f'"{text}"'


def numeric_ids(resource, selection):
    """Whether every object's id is made of whole numbers (and underscores) only."""
    kinds = {c: k for a in resource.attributes.values() for k, c in zip(a.kinds, a.columns)}
    return all(kinds.get(c) == "integer" for c in selection.id_columns)


def encoded_list(objects, batch=500):
    """A JSON array of ``objects`` for the renderer to embed as it is, encoded ``batch`` objects
    at a time: only a batch of them exists at once (one encoding per object would cost more:
    orjson leaves each result in a buffer several times its size)."""
    parts, objects = [b"["], iter(objects)
    while chunk := list(islice(objects, batch)):
        parts += [b",", dumps(chunk)[1:-1]] if len(parts) > 1 else [dumps(chunk)[1:-1]]
    parts.append(b"]")
    return orjson.Fragment(b"".join(parts))  # one copy of the whole


def fields_meta(resource, names=None):
    """``meta.fields``: what OMS's client validates attribute names against (``/meta``)."""
    fields = {}
    for attribute in resource.attributes.values():
        if names is not None and attribute.name not in names:
            continue
        entry = {
            "units": attribute.units,  # as OMS serves it
            "units_html": units_html(attribute.units),  # formatted once, for pages to show as it is
            "type": attribute.kind,
            "title": attribute.label(),
            "description": attribute.description,
            "searchable": not attribute.link,
            "sortable": attribute.kind != "list" and not attribute.link,
            "operators": [] if attribute.link else operators_for(attribute.kind),  # what filter[attribute][OP] takes
        }
        if attribute.components:
            entry["components"] = list(attribute.components)
        fields[attribute.name] = entry
    return fields


def page_links(url, params, query, total):
    """self/first/prev/next/last of the collection at ``url`` (absolute, without its query) asked
    with ``params`` (a QueryDict), that keep every other parameter and never pass the end."""
    limit = query.limit
    last = max(0, (total - 1) // limit * limit) if total else 0

    def at(offset):
        page = params.copy()
        page["page[offset]"] = str(offset)
        page["page[limit]"] = str(limit)
        return f"{url}?{page.urlencode(safe='[],')}"

    links = {"self": at(query.offset), "first": at(0), "last": at(last)}
    if query.offset > 0:
        links["prev"] = at(min(max(0, query.offset - limit), last))
    if query.offset + limit < total:
        links["next"] = at(query.offset + limit)
    return links
