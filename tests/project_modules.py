"""The project's own Python modules (pixelws/, apps/, benchmarks/), for the tests that read their
source as a whole: import cycles, unique class names, module docstrings."""
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("pixelws", "apps", "benchmarks")


def python_files():
    """Every .py file under the project's packages, in a stable order."""
    return [path for package in PACKAGES for path in sorted((ROOT / package).rglob("*.py"))]
