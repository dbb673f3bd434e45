"""Names that explain themselves: every class name is used once in the project, so a name in a
traceback, a doc or a review says which class it is."""
import ast
from collections import defaultdict
from tests.project_modules import ROOT, python_files


def classes():
    """{class name: [where it is defined]} over the project's modules (nested classes too)."""
    found = defaultdict(list)
    for path in python_files():
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.ClassDef):
                found[node.name].append(f"{path.relative_to(ROOT)}:{node.lineno}")
    return found


# Django's conventions: each app's migration, its AppConfig's name and each model's Meta.
CONVENTIONAL = {"Migration", "Meta", "Command"}


def test_every_class_name_is_unique():
    found = classes()
    assert len(found) > 100  # the walk found the project
    twice = {name: places for name, places in found.items() if len(places) > 1 and name not in CONVENTIONAL}
    assert not twice, "class names defined more than once:\n" + "\n".join(f"{n}: {', '.join(p)}" for n, p in sorted(twice.items()))
