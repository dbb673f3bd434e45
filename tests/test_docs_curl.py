"""The docs' curl examples run as written (README.md, docs/*.md): each ``curl`` line, against
the live test server instead of make run's, exits 0 with the document it promises."""
import json
import re
import shlex
import subprocess
from pathlib import Path

import pytest

from tests.jsonapi import validate

ROOT = Path(__file__).parent.parent
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
MAKE_RUN = "http://127.0.0.1:8000"
pytestmark = pytest.mark.django_db  # the server shares the test database (tests/conftest.py)


def curl_lines():
    return [(path.name, line) for path in DOCS for line in path.read_text().splitlines() if re.match(r"^curl\s", line)]


def test_the_docs_have_their_examples():
    assert len(curl_lines()) == 15


@pytest.mark.parametrize("doc, line", curl_lines(), ids=lambda v: v if v.endswith(".md") else v[:90])
def test_a_curl_example_runs_as_written(server, tmp_path, doc, line):
    arguments = shlex.split(line.replace(MAKE_RUN, server), comments=True)
    done = subprocess.run(arguments, cwd=tmp_path, capture_output=True, timeout=120)
    assert done.returncode == 0, (doc, line, done.returncode, done.stderr[-300:])
    if "-o" in arguments:
        written = tmp_path / arguments[arguments.index("-o") + 1]
        assert written.read_bytes()[:5] == b"%PDF-", (doc, line)
        return
    document = json.loads(done.stdout)
    assert "errors" not in document, (doc, line, document["errors"])
    validate(document)
    assert document.get("data") or document.get("meta"), (doc, line)
