"""The SELECTs a request runs and SQLite's plan for each: what benchmarks/first_pages.py prints
and tests/views/test_first_page_plans.py asserts (docs/oracle.md: the indexes Oracle needs)."""
from django.db import connections
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
