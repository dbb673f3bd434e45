"""The SELECTs a request runs and SQLite's plan for each: what benchmarks/first_pages.py prints
and tests/views/test_first_page_plans.py asserts (docs/oracle.md: the indexes Oracle needs)."""
import sqlglot
from django.db import connections
from sqlglot import exp
from django.test.utils import CaptureQueriesContext


def selects_run_by(action, using="default"):
    """The SELECT statements ``action()`` runs on the database ``using``, in order, as executed."""
    with CaptureQueriesContext(connections[using]) as captured:
        action()
    return [q["sql"] for q in captured.captured_queries if q["sql"].lstrip().upper().startswith("SELECT")]


def query_plan(sql, using="default", params=()):
    """SQLite's ``EXPLAIN QUERY PLAN`` of ``sql`` (with ``params``): its steps in order, each
    indented two spaces per level below the statement (a join's lookups under a subquery, a
    compound's arms)."""
    with connections[using].cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        depth, lines = {0: -1}, []
        for node, parent, _, detail in cursor.fetchall():
            depth[node] = depth.get(parent, -1) + 1
            lines.append("  " * depth[node] + detail)
        return lines


def order_index(resource, using="default"):
    """(table, keys) of the index a resource's first page needs: the source table its view takes
    its default order from, and that order in the table's own columns (``["ts DESC", "id"]``,
    the keys that come from that one table); None when the view computes the order (an
    expression, a union)."""
    with connections[using].cursor() as cursor:
        cursor.execute("SELECT sql FROM sqlite_master WHERE type = 'view' AND lower(name) = lower(%s)", [resource.model._meta.db_table])
        found = cursor.fetchone()
    select = sqlglot.parse_one(found[0], dialect="sqlite").expression if found else None
    if not isinstance(select, exp.Select):
        return None
    tables = {t.alias_or_name.lower(): t.name for t in select.find_all(exp.Table) if t.find_ancestor(exp.Select) is select}
    columns = {e.alias_or_name.lower(): e.unalias() for e in select.expressions}
    table, keys = None, []
    for key in resource.default_sort:
        source = columns.get(resource.model._meta.get_field(key.lstrip("-")).column.lower())
        if not isinstance(source, exp.Column) or not (source.table or len(tables) == 1):
            break
        named = tables.get(source.table.lower()) if source.table else next(iter(tables.values()))
        if named is None or table not in (None, named):  # a subquery's column, or another table's
            break
        table = named
        keys.append(f"{source.name}{' DESC' if key.startswith('-') else ''}")
    return (table, keys) if keys else None


def index_advice(resource, using="default"):
    """What to add so that a first page reads in order from an index, for a person to copy."""
    found = order_index(resource, using)
    order = ", ".join(resource.default_sort)
    if found is None:
        return f"an index on the source table that gives the view's rows in its default order ({order})"
    table, keys = found
    name = f"{table.lower()}_{'_'.join(k.split()[0] for k in keys)}"[:30]
    fields = ", ".join(f'"{"-" if k.endswith(" DESC") else ""}{k.split()[0]}"' for k in keys)
    return (f'the index CREATE INDEX {name} ON "{table}" ({", ".join(keys)}), the default order {order}: in the '
            f'table\'s model, Meta.indexes += [models.Index(fields=[{fields}], name="{name}")]')
