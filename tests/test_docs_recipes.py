"""The resource recipe as a student copies it: every Python snippet of docs/add-a-resource.md
passes pyflakes (``make test`` runs it on the code they become), its names other than those the
app's file it goes into defines or imports included."""
import ast
import re
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
