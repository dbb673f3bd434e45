"""The view pattern on both vendors: every view exists for SQLite and Oracle with the same
columns as its model; Oracle's SQL is parsed (sqlglot), since CI has no Oracle server."""
from pathlib import Path

import pytest
import sqlglot
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import connection, models

from pixelws.sqlviews import VENDORS, view_models, view_problems

SQL_FILES = sorted(p for app in apps.get_app_configs() for p in Path(app.path).glob("sql/*/*.sql"))


def parsed(path):
    statement = sqlglot.parse_one(path.read_text(), dialect=path.parent.name)
    assert isinstance(statement, sqlglot.exp.Create) and statement.kind == "VIEW", path
    return statement


def view_name(statement):
    return statement.this.this.name


def output_columns(statement, path):
    identifiers = [s.args.get("alias") or s.this for s in statement.expression.selects]
    for identifier in identifiers:  # Oracle folds unquoted names to upper case: quote them
        assert isinstance(identifier, sqlglot.exp.Identifier) and identifier.quoted, (path, identifier)
    return [i.name for i in identifiers]


def models_by_view():
    return {m._meta.db_table.upper(): m for m in view_models()}


@pytest.mark.parametrize("path", SQL_FILES, ids=lambda p: "/".join(p.parts[-4:]))
def test_view_sql_parses_and_names_its_view_and_columns_as_oracle_needs(path):
    statement = parsed(path)
    name = view_name(statement)
    assert name == path.stem.upper()
    assert statement.args.get("replace") == (path.parent.name == "oracle")  # CREATE OR REPLACE on Oracle
    columns = output_columns(statement, path)
    for identifier in (name, *columns):
        assert identifier == identifier.upper() and len(identifier) <= 30, (path, identifier)
    model = models_by_view()[name]
    assert sorted(columns) == sorted(f.column.upper() for f in model._meta.concrete_fields if f.column)
    other = path.parent.parent / ("sqlite" if path.parent.name == "oracle" else "oracle") / path.name
    assert columns == output_columns(parsed(other), other)  # same columns, same order on both vendors


def test_every_view_has_a_file_per_vendor():
    for vendor_files in ({p.parent.parent / v / p.name for v in VENDORS} for p in SQL_FILES):
        assert all(p.exists() for p in vendor_files), vendor_files
    assert {p.stem.upper() for p in SQL_FILES} == set(models_by_view())


@pytest.mark.django_db
def test_check_views_passes_on_the_migrated_database(capsys):
    call_command("check_views")
    assert f"{len(view_models())} views match" in capsys.readouterr().out


@pytest.mark.django_db
def test_check_views_names_the_model_and_the_missing_column(monkeypatch):
    from apps.oms.models import Run

    extra = models.IntegerField(name="pixel_fraction")
    extra.set_attributes_from_name("pixel_fraction")
    monkeypatch.setattr(Run._meta, "concrete_fields", (*Run._meta.concrete_fields, extra))
    problems = view_problems(connection)
    assert problems == ["oms.Run (runs): the view has no column 'pixel_fraction'"]
    with pytest.raises(CommandError, match="oms.Run \\(runs\\): the view has no column 'pixel_fraction'"):
        call_command("check_views")
