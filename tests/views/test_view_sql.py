"""The view pattern: every view is one Oracle file (parsed with sqlglot, since CI has no Oracle
server) with the same columns as its model; the SQLite view is that file transpiled, or an
override that the transpiler could not have written."""
from pathlib import Path

import pytest
import sqlglot
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import connection, models

from pixelws.sqlviews import CONTRACT_VENDOR, transpiled, view_models, view_problems

ORACLE_FILES = sorted(p for app in apps.get_app_configs() for p in Path(app.path).glob(f"sql/{CONTRACT_VENDOR}/*.sql"))
OVERRIDES = sorted(
    p for app in apps.get_app_configs() for p in Path(app.path).glob("sql/*/*.sql") if p.parent.name != CONTRACT_VENDOR
)


def parsed(sql, dialect):
    statement = sqlglot.parse_one(sql, dialect=dialect)
    assert isinstance(statement, sqlglot.exp.Create) and statement.kind == "VIEW", sql[:80]
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


def without_comments(statement):
    for node in statement.walk():
        node.comments = None
    return statement


@pytest.mark.parametrize("path", ORACLE_FILES, ids=lambda p: "/".join(p.parts[-4:]))
def test_view_sql_parses_and_names_its_view_and_columns_as_oracle_needs(path):
    statement = parsed(path.read_text(), "oracle")
    name = view_name(statement)
    assert name == path.stem.upper()
    assert statement.args.get("replace")  # CREATE OR REPLACE: migrating again replaces the view
    columns = output_columns(statement, path)
    for identifier in (name, *columns):
        assert identifier == identifier.upper() and len(identifier) <= 30, (path, identifier)
    model = models_by_view()[name]
    assert sorted(columns) == sorted(f.column.upper() for f in model._meta.concrete_fields if f.column)
    sqlite = parsed(transpiled(path.read_text(), "sqlite"), "sqlite")
    assert not sqlite.args.get("replace") and output_columns(sqlite, path) == columns


def test_every_view_is_one_oracle_file():
    assert {p.stem.upper() for p in ORACLE_FILES} == set(models_by_view())
    assert len({p.stem for p in ORACLE_FILES}) == len(ORACLE_FILES)


@pytest.mark.parametrize("path", OVERRIDES, ids=lambda p: "/".join(p.parts[-4:]))
def test_an_override_says_why_and_is_not_what_the_transpiler_writes(path):
    """No view is written twice: an override exists only where the transpiled view differs."""
    oracle_path = path.parent.parent / CONTRACT_VENDOR / path.name
    assert oracle_path.exists(), f"{path} overrides no Oracle view"
    assert path.read_text().startswith("-- "), f"{path} must start with a comment saying why it exists"
    vendor = path.parent.name
    override = parsed(path.read_text(), vendor)
    derived = parsed(transpiled(oracle_path.read_text(), vendor), vendor)
    assert output_columns(override, path) == output_columns(derived, oracle_path)
    assert without_comments(override).sql(vendor) != without_comments(derived).sql(vendor)


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
