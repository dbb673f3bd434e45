"""What the demo database is built from, as one digest, so that `make run` and the test suite
rebuild it only when that changes (build_demo_db --if-changed).

The inputs: every app's migrations and view SQL files, the generator, the modules of this
repository these import (followed import by import, so a helper moved to another module stays
counted), and the versions of the libraries that turn them into tables and rows.
"""
import ast
import hashlib
from importlib.metadata import version
from pathlib import Path

from django.conf import settings

LIBRARIES = ("django", "sqlglot")


def digest(root=None):
    root = Path(root or settings.BASE_DIR)
    sources = sorted(python_closure(root) | set(root.glob("apps/*/sql/**/*.sql")))
    sha = hashlib.sha256()
    for library in LIBRARIES:
        sha.update(f"{library}=={version(library)}\n".encode())
    for path in sources:
        content = path.read_bytes()
        sha.update(f"{path.relative_to(root)} {len(content)}\n".encode())
        sha.update(content)
    return sha.hexdigest()


# The live replay writes a copy of the database, never the built one (docs/live.md).
NOT_INPUTS = ("live.py",)


def python_closure(root):
    """The generator's and the migrations' modules and every module of the repository they import."""
    generator = [path for path in (root / "apps" / "demo_source").glob("*.py") if path.name not in NOT_INPUTS]
    pending = [*generator, *root.glob("apps/*/migrations/*.py")]
    seen = set()
    while pending:
        path = pending.pop()
        if path not in seen:
            seen.add(path)
            pending.extend(imported_files(root, path))
    return seen


def imported_files(root, path):
    """The repository's files that importing ``path`` runs: each module named and its packages."""
    module = list(path.relative_to(root).with_suffix("").parts)
    package = module[:-1]
    for node in ast.walk(ast.parse(path.read_bytes())):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = ".".join(package[: len(package) - node.level + 1] if node.level else [])
            base = ".".join(filter(None, [base, node.module]))
            names = [base, *(f"{base}.{alias.name}" for alias in node.names)]  # a name may be a module
        else:
            continue
        for name in names:
            parts = name.split(".")
            for end in range(1, len(parts) + 1):
                found = module_file(root, parts[:end])
                if found:
                    yield found


def module_file(root, parts):
    path = root.joinpath(*parts)
    for candidate in (path.with_suffix(".py"), path / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None
