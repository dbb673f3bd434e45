"""The resource recipe as a student copies it: every Python snippet of docs/add-a-resource.md
passes pyflakes (``make test`` runs it on the code they become), its names other than those the
app's file it goes into defines or imports included; every test module the docs name exists; and
the recipe's steps, run for a throwaway app with a source table of its own (tests/recipe/), give a
resource that the suite's walk tests (those over every registered resource) take as they are."""
import ast
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from textwrap import dedent

import pytest
from pyflakes.api import check
from pyflakes.reporter import Reporter

DOCS = Path(__file__).parent.parent / "docs"
SNIPPET = re.compile(r"^ *```python\n(.*?)^ *```", re.M | re.S)  # indented ones in list items too
# A snippet that is a part of an app's file, not the whole file, finds these names there.
IN_THE_APP_FILE = {"models", "migrations", "register", "Resource", "Relationship", "Era", "Reading", "with_limits",
                   "ReadingResource", "Co2Flow", "limits_in", "ResourceContract"}  # fmt: skip


def snippets():
    found = SNIPPET.findall((DOCS / "add-a-resource.md").read_text())
    assert len(found) >= 6  # the migration, model, declaration, test, and the DB-first path's
    return [pytest.param(dedent(code), id=f"add-a-resource.md#{n}") for n, code in enumerate(found)]


@pytest.mark.parametrize("code", snippets())
def test_a_snippet_passes_pyflakes(code, tmp_path):
    ast.parse(code)  # a SyntaxError names the line
    out, err = tmp_path / "out", tmp_path / "err"
    with out.open("w") as o, err.open("w") as e:
        check(code, "snippet.py", Reporter(o, e))
    problems = [line for line in out.read_text().splitlines()
                if not any(line.endswith(f"undefined name '{name}'") for name in IN_THE_APP_FILE)]  # fmt: skip
    assert problems == [] and err.read_text() == ""


def test_the_old_unused_import_would_fail():
    """The check itself: the snippet the issue found (an import it never used) is refused."""
    code = "from pixelws.sqlviews import CreateViews, demo_source_dependencies\n\nCreateViews('oms', ['eras'])\n"
    messages = []
    check(code, "snippet.py", type("R", (), {"flake": lambda self, m: messages.append(str(m)),
                                             "unexpectedError": print, "syntaxError": print})())  # fmt: skip
    assert messages == ["snippet.py:1:1: 'pixelws.sqlviews.demo_source_dependencies' imported but unused"]


TEST_MODULE = re.compile(r"\btests/[\w/]+\.py\b")


def test_every_test_module_the_docs_name_exists():
    """A student runs the test module a doc names (step 5: each app's own): it is there."""
    named = {(doc.name, path) for doc in [*DOCS.glob("*.md"), DOCS.parent / "README.md"]
             for path in TEST_MODULE.findall(doc.read_text())}  # fmt: skip
    assert ("add-a-resource.md", "tests/dcs/test_resources.py") in named  # the check sees what it should
    assert [(doc, path) for doc, path in sorted(named) if not (DOCS.parent / path).is_file()] == []


RECIPE = Path(__file__).parent / "recipe"
ROOT = DOCS.parent
# The tests that walk every registered resource (or every view): run over the registries with the
# recipe's resource in them, for that resource (and the tests over all of them at once).
WALKS = ["tests/api/test_openapi.py", "tests/views/test_first_page_plans.py", "tests/views/test_oracle_queries.py",
         "tests/test_units.py", "tests/test_registry.py", "tests/api/test_dialect.py::test_every_resource_is_listed_in_the_index"]  # fmt: skip
NEW = "portcard_temperatures"
SETTINGS = 'from pixelws.settings import *  # noqa: F403\n\nINSTALLED_APPS = [*INSTALLED_APPS, "portcards"]  # noqa: F405\n'
DEMO_ROWS = """from django.db import migrations

from portcards.generator import fill


class Migration(migrations.Migration):
    dependencies = [("portcards", "0002_portcard_temperatures_view")]
    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
"""
# Loaded with -p: the app's migrations applied to each run's test database (a copy of the demo
# database, which holds the project's own), and only the walks' cases for the new resource kept.
PLUGIN = f"""import pytest


@pytest.fixture(scope="session", autouse=True)
def recipe_app_migrated(django_db_setup, django_db_blocker):
    from django.core.management import call_command

    with django_db_blocker.unblock():
        call_command("migrate", "portcards", verbosity=0)


def pytest_collection_modifyitems(config, items):
    kept = [i for i in items if not hasattr(i, "callspec") or "{NEW}" in i.nodeid or "portcard" in i.nodeid.split("::")[0]]
    config.hook.pytest_deselected(items=[i for i in items if i not in kept])
    items[:] = kept
"""


def run(*args, cwd, env, timeout=600):
    done = subprocess.run([sys.executable, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, f"{' '.join(args)}:\n{done.stdout[-6000:]}\n{done.stderr[-3000:]}"
    return done.stdout


@pytest.mark.timeout(900)  # three runs of Django, one of pytest (about a minute on a busy machine)
def test_the_recipe_adds_a_resource_that_every_walk_test_takes(tmp_path, django_db_setup):
    """The demo database is current (django_db_setup) before the run, which reads it."""
    app = tmp_path / "portcards"
    shutil.copytree(RECIPE / "portcards", app, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "tests", tmp_path / "tests", ignore=shutil.ignore_patterns("__pycache__", "recipe"))
    shutil.copy(RECIPE / "contract.py", tmp_path / "tests" / f"test_{NEW}.py")
    (tmp_path / "recipe_settings.py").write_text(SETTINGS)
    (tmp_path / "recipe_plugin.py").write_text(PLUGIN)
    (tmp_path / "pytest.ini").write_text("[pytest]\nDJANGO_SETTINGS_MODULE = recipe_settings\naddopts = -q -p no:cacheprovider\n")
    env = {**{k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")}, "PYTHONPATH": os.pathsep.join([str(tmp_path), str(ROOT)]), "DJANGO_SETTINGS_MODULE": "recipe_settings"}

    # Steps 1 and 3: the source table (with its indexes) and the model, recorded by makemigrations.
    run(str(ROOT / "manage.py"), "makemigrations", "portcards", cwd=tmp_path, env=env)
    # Step 2: the migration that creates the view: the doc's own file, with this app's names.
    [snippet] = [dedent(code) for code in SNIPPET.findall((DOCS / "add-a-resource.md").read_text()) if "CreateViews(" in code]
    view_migration = snippet.replace('("oms", "0001_initial")', '("portcards", "0001_initial")').replace(
        'CreateViews("oms", ["eras"])', f'CreateViews("portcards", ["{NEW}"])')
    assert view_migration.count("portcards") == 2, snippet  # the doc's snippet still names what it did
    (app / "migrations" / f"0002_{NEW}_view.py").write_text(view_migration)
    (app / "migrations" / "0003_demo_rows.py").write_text(DEMO_ROWS)
    run(str(ROOT / "manage.py"), "makemigrations", "portcards", "--check", "--dry-run", cwd=tmp_path, env=env)

    # Step 5 and the walks, in a run of their own with the app installed.
    out = run("-m", "pytest", "-p", "recipe_plugin", "-n", "0", "-rA", *WALKS, f"tests/test_{NEW}.py", cwd=tmp_path, env=env)
    passed = {line.split(" ", 1)[1] for line in out.splitlines() if line.startswith("PASSED ")}
    for walk in (f"tests/views/test_first_page_plans.py::test_the_first_page_is_not_sorted_out_of_every_row[{NEW}]",
                 f"tests/views/test_oracle_queries.py::test_every_query_compiles_to_oracle_sql[{NEW}]",
                 "tests/api/test_openapi.py::test_every_resource_and_probe_is_described",
                 f"tests/test_{NEW}.py::TestPortcardTemperatures::test_a_week_of_hourly_rows_is_168_hourly_buckets_with_the_outage_a_gap"):  # fmt: skip
        assert walk in passed, out[-3000:]
