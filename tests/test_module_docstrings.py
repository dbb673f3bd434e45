"""Every module opens with what it is for: a docstring in each module of pixelws/, apps/ and
benchmarks/ (migrations, written by Django, and empty package files aside)."""
import ast
from tests.project_modules import ROOT, python_files


def modules_without_docstring():
    missing = []
    for path in python_files():
        if "migrations" in path.parts:
            continue
        text = path.read_text()
        if path.name == "__init__.py" and not text.strip():
            continue
        if ast.get_docstring(ast.parse(text, str(path))) is None:
            missing.append(str(path.relative_to(ROOT)))
    return missing


def test_every_module_has_a_docstring():
    missing = modules_without_docstring()
    assert not missing, "modules without an opening docstring:\n" + "\n".join(missing)
