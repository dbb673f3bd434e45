"""The view pattern: each app keeps one SQL file per view, in Oracle SQL (the production
contract, what DB work maintains), and a migration creates the views with ``CreateViews``::

    apps/oms/sql/oracle/fills.sql     CREATE OR REPLACE VIEW "FILLS" AS SELECT …

On another vendor (SQLite, the embedded demo) the view is the Oracle file translated by sqlglot's
transpiler as the migration runs; ``sql/<vendor>/<view>.sql`` overrides it only where the
transpiler cannot express the view, and starts with a comment saying why. On Oracle,
PIXELWS_ORACLE_VIEW_SCHEMA puts the views (and the models that read them) into that schema.
"""
import re
from functools import cache
from pathlib import Path

import sqlglot
from django.apps import apps
from django.conf import settings
from django.db import connection
from django.db.migrations.operations.base import Operation

CONTRACT_VENDOR = "oracle"
VIEW_NAME = re.compile(r'(CREATE\s+(?:OR\s+REPLACE\s+)?VIEW\s+)"([A-Z0-9_]+)"', re.IGNORECASE)


def sql_path(app_label, view, vendor=CONTRACT_VENDOR):
    """The view's Oracle file, or the path ``vendor``'s override would have."""
    return Path(apps.get_app_config(app_label).path) / "sql" / vendor / f"{view}.sql"


def qualified(view_name):
    schema = settings.VIEW_SCHEMA
    return f'"{schema.upper()}"."{view_name}"' if schema else f'"{view_name}"'


def read_view_file(path, view):
    sql = path.read_text().strip().rstrip(";")
    match = VIEW_NAME.search(sql)
    if not match or match.group(2) != view.upper():
        raise ValueError(f'{path}: must start with CREATE VIEW "{view.upper()}" (upper-case, quoted)')
    return sql


def transpiled(oracle_sql, vendor):
    """The Oracle view statement in ``vendor``'s SQL. OR REPLACE is dropped: SQLite has no such
    form, and the migration drops the old view first."""
    statement = sqlglot.parse_one(oracle_sql, dialect=CONTRACT_VENDOR)
    statement.set("replace", False)
    return statement.sql(dialect=vendor, pretty=True)


def view_sql(app_label, view, vendor):
    """The CREATE VIEW statement for ``vendor``: Oracle's file with its view name qualified with
    the schema; elsewhere the vendor's override file, or else the Oracle file transpiled."""
    oracle_sql = read_view_file(sql_path(app_label, view), view)
    if vendor == CONTRACT_VENDOR:
        return VIEW_NAME.sub(lambda m: m.group(1) + qualified(m.group(2)), oracle_sql, count=1)
    override = sql_path(app_label, view, vendor)
    if override.exists():
        return read_view_file(override, view)
    return transpiled(oracle_sql, vendor)


class CreateViews(Operation):
    """Migration operation: (re)create the app's views from its SQL files, in order."""

    reversible = True
    reduces_to_sql = True

    def __init__(self, app_label, views):
        self.app_label = app_label
        self.views = list(views)

    def deconstruct(self):
        return self.__class__.__name__, [self.app_label, self.views], {}

    def state_forwards(self, app_label, state):
        pass

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        vendor = schema_editor.connection.vendor
        for view in self.views:
            if vendor != CONTRACT_VENDOR:  # Oracle's files say CREATE OR REPLACE
                schema_editor.execute(f'DROP VIEW IF EXISTS "{view.upper()}"', None)
            schema_editor.execute(view_sql(self.app_label, view, vendor), None)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        for view in reversed(self.views):
            schema_editor.execute(f"DROP VIEW {qualified(view.upper())}", None)

    def describe(self):
        return f"Create views {', '.join(self.views)} of {self.app_label}"


def materialised_models():
    """The view models marked ``materialised = True``: views too costly to compute per request,
    whose rows change only when a source is loaded (e.g. a run's readbacks). On Oracle DB work
    creates each as a materialized view (docs/oracle.md); the demo database has a table."""
    return [m for m in view_models() if getattr(m, "materialised", False)]


def materialise_views(using=connection):
    """Replace each materialised view of the (filled) demo database by a table of its rows, of the
    same name, with its model's Meta.indexes. Through a temporary table: the view is read before
    it is dropped, and no rename touches the views that read it. Again on a database materialised
    before: the table becomes its view again first."""
    quote = using.ops.quote_name
    with using.cursor() as cursor:  # not a schema editor: this may run in a transaction (a test)
        tables = {t.lower() for t in using.introspection.table_names(cursor)}  # not the views
        for model in materialised_models():
            view = model._meta.db_table
            name = quote(view.upper())
            if view.lower() in tables:
                cursor.execute(f"DROP TABLE {name}")
                cursor.execute(view_sql(model._meta.app_label, view, using.vendor))
            cursor.execute(f'CREATE TEMP TABLE "materialising" AS SELECT * FROM {name}')
            cursor.execute(f"DROP VIEW {name}")
            cursor.execute(f'CREATE TABLE {name} AS SELECT * FROM temp."materialising"')
            cursor.execute('DROP TABLE temp."materialising"')
            for index in model._meta.indexes:
                columns = ", ".join(quote(model._meta.get_field(f).column) for f in index.fields)
                cursor.execute(f"CREATE INDEX {quote(index.name)} ON {name} ({columns})")


@cache
def sqlite_view_sql(app_label, view):
    """view_sql() on SQLite, translated once per process (sqlglot: half a second a view)."""
    return view_sql(app_label, view, "sqlite")


def refresh_materialised(database, model, run_number):
    """Bring one run's rows of a materialised view of the demo database up to date, as the live
    replay writes the run (docs/live.md): they are replaced by the view's own, from a temporary
    view of the same SQL. The view's rows of a run come from that run's source rows alone, so each
    source table with a RUN_NUMBER column is narrowed to the run by a temporary view of its name,
    which SQLite resolves before the table (a run's readback outliers: 4 s -> 0.1 s of CPU).
    ``database``: a DB-API connection to the SQLite file, in a transaction."""
    view = model._meta.db_table.upper()
    sql = sqlite_view_sql(model._meta.app_label, model._meta.db_table)
    narrowed = [t for t in sorted(set(re.findall(r'"([A-Z][A-Z0-9_]*)"', sql)) - {view})
                if any(c[1].upper() == "RUN_NUMBER" for c in database.execute(f'PRAGMA main.table_info("{t}")'))]
    run = int(run_number)
    try:
        for table in narrowed:
            database.execute(f'CREATE TEMP VIEW "{table}" AS SELECT * FROM main."{table}" WHERE run_number = {run}')
        database.execute(VIEW_NAME.sub('CREATE TEMP VIEW "refreshing"', sql, count=1))
        database.execute(f'DELETE FROM main."{view}" WHERE "RUN_NUMBER" = ?', (run,))
        database.execute(f'INSERT INTO main."{view}" SELECT * FROM temp."refreshing"')
    finally:
        for name in ("refreshing", *narrowed):
            database.execute(f'DROP VIEW IF EXISTS temp."{name}"')


def place_models_in_view_schema():
    """Prefix the tables of unmanaged models (the views) with the Oracle view schema."""
    schema = settings.VIEW_SCHEMA
    if not schema:
        return
    for model in apps.get_models():
        if not model._meta.managed and "." not in model._meta.db_table:
            # Django's Oracle backend quotes 'S"."T' into "S"."T".
            model._meta.db_table = f'{schema.upper()}"."{model._meta.db_table.upper()}'


def demo_source_dependencies(migration="0001_initial"):
    """Migrations that create views over the demo's source tables depend on them (on the
    demo_source ``migration`` that creates the newest table the views read) only where the demo
    app is installed (the embedded database); on Oracle the tables are production's."""
    if "apps.demo_source" in settings.INSTALLED_APPS:
        return [("demo_source", migration)]
    return []


def enable_oracle_like_case_sensitivity(sender, connection, **kwargs):
    """SQLite's LIKE ignores case; Oracle's, and so OMS's, does not."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA case_sensitive_like = ON")


def view_models():
    """The unmanaged models, each over a view created by this project's migrations."""
    return [m for m in apps.get_models() if not m._meta.managed]


def view_problems(using=connection):
    """What differs between each view model and its view in the connected database, as
    sentences naming the model and the column; [] when every model can read its view."""
    problems = []
    with using.cursor() as cursor:
        for model in view_models():
            table = model._meta.db_table
            label = f"{model._meta.label} ({table})"
            try:
                described = using.introspection.get_table_description(cursor, table)
            except Exception as error:  # the view is missing or unreadable
                problems.append(f"{label}: cannot read the view: {error}")
                continue
            in_view = {column.name.lower() for column in described}
            wanted = [f.column for f in model._meta.concrete_fields if f.column]
            missing = [c for c in wanted if c.lower() not in in_view]
            problems += [f"{label}: the view has no column {c!r}" for c in missing]
            if missing:
                continue
            columns = ", ".join(using.ops.quote_name(c) for c in wanted)
            try:
                cursor.execute(f"SELECT {columns} FROM {using.ops.quote_name(table)} WHERE 1 = 0")
            except Exception as error:
                problems.append(f"{label}: selecting its columns fails: {error}")
    return problems
