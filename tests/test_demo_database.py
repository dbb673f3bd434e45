"""The demo database is rebuilt only when its inputs change (build_demo_db --if-changed, which
`make run` and the test suite's setup use), and says in one line what it did."""
import io

import pytest
from django.core.management import call_command
from django.test import override_settings

from apps.demo_source import inputs
from apps.demo_source.management.commands import build_demo_db

FILES = {
    "apps/demo_source/generator.py": "from apps.geometry import phase1\nfrom .models import Run\n",
    "apps/demo_source/models.py": "RUNS = 43\n",
    "apps/geometry/__init__.py": "",
    "apps/geometry/phase1.py": "LAYERS = 4\n",
    "apps/oms/migrations/0001_initial.py": "from pixelws.sqlviews import CreateViews\n",
    "apps/oms/sql/oracle/fills.sql": 'CREATE VIEW "FILLS" AS SELECT 1 FROM DUAL\n',
    "apps/oms/views.py": "# served, not built from\n",
    "pixelws/__init__.py": "",
    "pixelws/sqlviews.py": "import sqlglot\n",
    "pixelws/urls.py": "# served, not built from\n",
}


@pytest.fixture
def repository(tmp_path):
    for name, text in FILES.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    return tmp_path


@pytest.mark.parametrize("name, counts", [
    ("apps/demo_source/generator.py", True), ("apps/demo_source/models.py", True),
    ("apps/geometry/phase1.py", True),  # imported by the generator
    ("apps/oms/migrations/0001_initial.py", True), ("apps/oms/sql/oracle/fills.sql", True),
    ("pixelws/sqlviews.py", True),  # imported by a migration
    ("apps/oms/views.py", False), ("pixelws/urls.py", False),
])  # fmt: skip
def test_the_digest_changes_with_the_inputs_only(repository, name, counts):
    before = inputs.digest(repository)
    assert inputs.digest(repository) == before
    with open(repository / name, "a") as file:
        file.write("# changed\n")
    assert (inputs.digest(repository) != before) is counts


def test_a_new_view_file_is_an_input(repository):
    before = inputs.digest(repository)
    (repository / "apps/oms/sql/sqlite").mkdir()
    (repository / "apps/oms/sql/sqlite/fills.sql").write_text('CREATE VIEW "FILLS" AS SELECT 1\n')
    assert inputs.digest(repository) != before


def test_the_database_is_rebuilt_only_when_missing_asked_for_or_its_inputs_changed(tmp_path, monkeypatch):
    """The build itself (migrate, generate) is tests/test_database_faults.py's: here it writes a
    file, so that what the command decides can be counted."""
    builds = []

    def build(final):
        builds.append(final)
        final.write_text(f"build {len(builds)}")
        return {"OMS_RUNS": 43}

    monkeypatch.setattr(build_demo_db, "build", build)
    digest = ["a" * 64]
    monkeypatch.setattr(inputs, "digest", lambda: digest[0])
    database = tmp_path / "demo.sqlite3"

    def run(**options):
        out = io.StringIO()
        with override_settings(SQLITE_PATH=database):
            call_command("build_demo_db", stdout=out, **options)
        return out.getvalue()

    assert run(if_changed=True) == "Demo database rebuilt (there was none): 43 OMS_RUNS.\n"
    assert (tmp_path / "demo.sqlite3.inputs").read_text() == "a" * 64 + "\n"
    assert run(if_changed=True) == f"Demo database kept: its inputs have not changed ({database}).\n"
    assert len(builds) == 1
    digest[0] = "b" * 64
    assert run(if_changed=True) == "Demo database rebuilt (its inputs changed): 43 OMS_RUNS.\n"
    assert (tmp_path / "demo.sqlite3.inputs").read_text() == "b" * 64 + "\n"
    assert run() == "Demo database rebuilt (asked for): 43 OMS_RUNS.\n"  # make demo-db
    database.unlink()
    assert run(if_changed=True) == "Demo database rebuilt (there was none): 43 OMS_RUNS.\n"
    (tmp_path / "demo.sqlite3.inputs").unlink()  # a database built before digests were kept
    assert run(if_changed=True) == "Demo database rebuilt (no digest of its inputs beside it): 43 OMS_RUNS.\n"
    assert len(builds) == 5 and database.read_text() == "build 5"


def test_a_build_cut_short_leaves_no_digest(tmp_path, monkeypatch):
    def build(final):
        raise KeyboardInterrupt

    monkeypatch.setattr(build_demo_db, "build", build)
    monkeypatch.setattr(inputs, "digest", lambda: "c" * 64)
    database = tmp_path / "demo.sqlite3"
    database.write_text("old")
    (tmp_path / "demo.sqlite3.inputs").write_text("c" * 64 + "\n")
    with override_settings(SQLITE_PATH=database), pytest.raises(KeyboardInterrupt):
        call_command("build_demo_db", stdout=io.StringIO())
    assert not (tmp_path / "demo.sqlite3.inputs").exists()  # the next --if-changed rebuilds
