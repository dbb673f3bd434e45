"""Turn a parsed Query into SQL through the ORM and fetch plain rows.

Filtering, sorting, grouping and paging all happen in SQL. Rows come back as tuples straight
from the cursor (no model instances, no per-value ORM converters: that is what keeps 10 000 rows
cheap); ``documents.py`` turns them into JSON:API objects.
"""
from django.db import connections
from django.db.models import Count, F, Func, Min, Q, TextField, Value, Window
from django.db.models.functions import Floor

from .errors import DialectError

LOOKUPS = {"EQ": "exact", "NEQ": "ne", "LT": "lt", "GT": "gt", "LE": "lte", "GE": "gte", "LIKE": "like"}


def filter_q(flt):
    column = flt.column
    if flt.value is None:
        return Q(**{f"{column}__isnull": flt.operator == "EQ"})
    if flt.attribute.kind == "list" and flt.operator in ("EQ", "NEQ", "CT"):
        # A list equals a value when it holds it as an element: what OMS's client means by its
        # default operator, filter("components", "PIXEL"). NEQ: a list that does not hold it.
        holds = Q(**{f"{column}__ct": flt.value})
        return ~holds & Q(**{f"{column}__isnull": False}) if flt.operator == "NEQ" else holds
    if flt.operator == "CT":
        return Q(**{f"{column}__contains": flt.value})
    return Q(**{f"{column}__{LOOKUPS[flt.operator]}": flt.value})


def order_expression(name, descending, nullable=True):
    # NULLs last ascending and first descending on every vendor, as Oracle does by default.
    # Only where a column can hold NULL: NULLS LAST keeps SQLite from walking an index in order.
    if not nullable:
        return F(name).desc() if descending else F(name).asc()
    return F(name).desc(nulls_first=True) if descending else F(name).asc(nulls_last=True)


class Selection:
    """The SQL for one request: which columns, under which names, from which queryset."""

    def __init__(self, resource, query, extra_filter=None):
        self.resource = resource
        self.query = query
        base = resource.model.objects.all()
        if extra_filter:
            base = base.filter(**extra_filter)
        for flt in query.filters:
            base = base.filter(filter_q(flt))
        self.base = base  # the rows selected, before grouping and paging
        names = resource.attributes if query.fields is None else query.fields
        self.attributes = [resource.attributes[n] for n in names]
        self.total = None  # the rows counted by fetch(), where the resource counts them with its rows
        self.grouped = bool(query.granularity or query.group_size)
        if self.grouped:
            self._group(base)
        else:
            self.id_columns = list(resource.id_fields)
            self.queryset = base
            self.names = {c: c for a in self.attributes for c in a.columns} | {c: c for c in self.id_columns}
        self.columns = list(dict.fromkeys([*self.id_columns, *(c for a in self.attributes for c in a.columns)]))

    def _group(self, base):
        grouping = self.resource.grouping
        query = self.query
        keys = list(grouping.keys[query.granularity] if query.granularity else grouping.within)
        qs, group_by = base, list(keys)
        if query.group_size:
            # Block 0 holds sequence numbers 1..N, block 1 N+1..2N, …
            qs = qs.annotate(_block=Floor((F(grouping.sequence) - 1) / query.group_size))
            group_by.append("_block")
        columns = [c for a in self.attributes for c in a.columns if c not in keys]
        aggregates = {f"agg_{c}": grouping.aggregates[c](c) for c in columns}
        self.names = {c: c for c in keys} | {c: f"agg_{c}" for c in columns}
        self.id_columns = list(keys)
        if query.group_size:  # a block is named by its run and first lumisection
            aggregates["agg_first"] = Min(grouping.sequence)
            self.names["agg_first"] = "agg_first"
            self.id_columns.append("agg_first")
        self.queryset = qs.values(*group_by).annotate(**aggregates)

    def ordering(self):
        sort = self.query.sort or [
            (self.resource.attributes[s.lstrip("-")], None, s.startswith("-")) for s in self.resource.default_sort
        ]
        order, seen = [], set()
        for attribute, component, descending in sort:
            column = attribute.column_for(component)
            name = self._sql_name(column, "sort")
            order.append(order_expression(name, descending, self._nullable(name)))
            seen.add(name)
        # A total order, so that pages never overlap or skip rows.
        order += [order_expression(n, False, self._nullable(n)) for n in self.id_columns if n not in seen]
        return order

    def _nullable(self, name):
        """Whether the column ``name`` of the selection may hold NULL (aggregates may)."""
        fields = {f.column: f for f in self.resource.model._meta.concrete_fields}
        return name not in fields or fields[name].null

    def _sql_name(self, column, parameter):
        if self.grouped and column not in self.names:
            # Sorting by an attribute that is not in the grouped selection: aggregate it too.
            grouping = self.resource.grouping
            self.queryset = self.queryset.annotate(**{f"agg_{column}": grouping.aggregates[column](column)})
            self.names[column] = f"agg_{column}"
        return self.names.get(column, column)

    def may_be_kept(self):
        """Whether caches may keep an answer about these rows: none of them may still change."""
        resource = self.resource
        if resource.static or resource.ongoing is None:
            return resource.static
        return not self.base.filter(resource.ongoing).exists()

    def count(self):
        if self.total is not None:
            return self.total
        database = connections[self.queryset.db]  # the model's database (a router may choose it)
        if database.vendor != "sqlite" or self.grouped:
            return self.queryset.count()
        # SQLite (3.40) evaluates every join of a view in a COUNT(*), even a LEFT JOIN on a unique
        # key that cannot change the count: a per-row lookup for every row counted. Counted as a
        # subquery that is not merged into the count (its LIMIT), the view's rows are selected
        # without those joins (SQLite leaves out unused LEFT JOINs of a plain SELECT).
        sql, params = self.queryset.values_list(Value(1)).query.sql_with_params()
        with database.cursor() as cursor:
            cursor.execute(f"SELECT COUNT(*) FROM ({sql} LIMIT -1)", params)
            return cursor.fetchone()[0]

    def _times_as_stored(self, queryset, sql_names):
        """The page's times selected as SQLite stores them (text); documents.to_iso writes them."""
        times = {c for a in self.attributes for k, c in zip(a.kinds, a.columns) if k == "datetime"}
        stored = {f"stored_{n}": AsStored(F(n)) for n in sql_names if n in times}
        if not stored:
            return queryset, sql_names
        return queryset.annotate(**stored), [f"stored_{n}" if n in times else n for n in sql_names]

    def fetch(self, offset, limit):
        """Rows as tuples in ``self.columns`` order."""
        ordering = self.ordering()  # may add aggregates to the queryset: first
        ordered = self.queryset.order_by(*ordering)
        sql_names = [self.names.get(c, c) for c in self.columns]
        if connections[ordered.db].vendor == "sqlite" and not self.grouped:
            ordered, sql_names = self._times_as_stored(ordered, sql_names)
        counted = self.resource.counted_with_rows and not self.grouped
        if counted:  # COUNT(*) OVER (): every row selected, counted before the page is cut
            ordered, sql_names = ordered.annotate(rows_selected=Window(Count("*"))), [*sql_names, "rows_selected"]
        page = ordered.values_list(*sql_names)[offset : offset + limit]
        sql, params = page.query.sql_with_params()
        with connections[ordered.db].cursor() as cursor:  # the model's database (a router may choose it)
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        if counted and rows:  # past the last page, count() counts
            self.total = rows[0][-1]
            rows = [row[:-1] for row in rows]
        return rows


class AsStored(Func):
    """SQLite: ``+column``, the value as stored. An expression has no declared type, so the
    driver leaves a time as its text rather than parsing it into a datetime (Django's converter,
    ~2 µs a value) that the renderer then writes as text again."""

    template = "+%(expressions)s"
    output_field = TextField()


def parse_id(resource, raw_id):
    """``"324245_12"`` → {"run_number": 324245, "lumisection_number": 12}; unknown → 404."""
    from .query import parse_value

    parts = raw_id.split("_", len(resource.id_fields) - 1)
    if len(parts) != len(resource.id_fields):
        raise not_found_id(resource, raw_id)
    lookup = {}
    for name, part in zip(resource.id_fields, parts):
        try:
            lookup[name] = parse_value(resource.attributes[name].kind, part, None)
        except DialectError:
            raise not_found_id(resource, raw_id) from None
    return lookup


def not_found_id(resource, raw_id):
    shape = "_".join(f"<{n}>" for n in resource.id_fields)
    return DialectError(f"No {resource.type} object with id '{raw_id}' (ids look like {shape}).", status=404)
