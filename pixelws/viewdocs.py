"""docs/views.md, the reference of every view for the people doing DB work: its columns with
types, units and meaning, the resource serving it and what it reads. Written from the view files,
the models and the resource declarations (``manage.py document_views``), never by hand."""
from pathlib import Path

import sqlglot
from django.conf import settings

from .dialect import registry
from .sqlviews import CONTRACT_VENDOR, sql_path, view_models

REFERENCE_PATH = Path(settings.BASE_DIR) / "docs" / "views.md"
HEADER = """# Views

Every view pixelws reads, as the API serves it: the view files (`apps/<app>/sql/oracle/<view>.sql`,
Oracle SQL, the contract) are what DB work maintains; column names are the views', types are the
API's attribute types. Written by `manage.py document_views`; a test fails when this file is out
of date.
"""


def reference():
    """The text of docs/views.md."""
    resources = {resource.model: resource for resource in registry.values()}
    models = sorted(view_models(), key=lambda m: (m._meta.app_label, m._meta.db_table))
    view_names = {m._meta.db_table.upper() for m in models}
    sections = [HEADER]
    for model in models:
        resource = resources.get(model)
        view = model._meta.db_table
        path = sql_path(model._meta.app_label, view)
        reads = sorted(read_by(path.read_text()))
        listed = ", ".join(f"`{name}`" + (" (view)" if name in view_names else "") for name in reads)
        served = f"`/api/v1/{resource.type}`" if resource else "no resource"
        lines = [f"## {view.upper()}", ""]
        if resource and resource.description:
            lines += [resource.description + ".", ""]
        elif not resource and model.__doc__:
            lines += [" ".join(model.__doc__.split()), ""]
        lines += [f"Served at {served}. File: `{path.relative_to(settings.BASE_DIR)}`. Reads: {listed}.", ""]
        lines += ["| column | type | units | description |", "|---|---|---|---|"]
        units, kinds = column_units_and_kinds(resource) if resource else ({}, {})
        for field in model._meta.concrete_fields:
            if not field.column:
                continue
            kind = kinds.get(field.name, field.get_internal_type())
            description = str(field.help_text).replace("|", "\\|")
            unit = f"`{units[field.name]}`" if units.get(field.name) else ""
            lines.append(f"| `{field.column.upper()}` | {kind} | {unit} | {description} |")
        sections.append("\n".join(lines) + "\n")
    return "\n".join(sections)


def column_units_and_kinds(resource):
    units, kinds = {}, {}
    for attribute in resource.attributes.values():
        for column, kind in zip(attribute.columns, attribute.kinds):
            units[column], kinds[column] = attribute.units, kind
    return units, kinds


def read_by(oracle_sql):
    """The tables and views a view's SELECT reads (not the names of its WITH clauses)."""
    statement = sqlglot.parse_one(oracle_sql, dialect=CONTRACT_VENDOR)
    named = {cte.alias for cte in statement.expression.find_all(sqlglot.exp.CTE)}
    return {table.name for table in statement.expression.find_all(sqlglot.exp.Table)} - named
