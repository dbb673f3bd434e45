"""Every cache is bounded or holds what cannot change (docs/live.md, "Caching bounds"): each
per-process cache of the code is listed there with its bound, and the settings never allow a
bound above the one stated, whatever the environment says."""
import ast
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CACHING = (ROOT / "docs" / "live.md").read_text().split("## Caching bounds")[1].split("\n## ")[0]


def cached_functions():
    """(module path, function) of every function under @cache, @functools.cache or lru_cache."""
    found = set()
    for path in [*ROOT.joinpath("pixelws").rglob("*.py"), *ROOT.joinpath("apps").rglob("*.py")]:
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.FunctionDef):
                for decorator in node.decorator_list:
                    name = ast.unparse(decorator.func if isinstance(decorator, ast.Call) else decorator)
                    if name in ("cache", "functools.cache", "lru_cache", "functools.lru_cache"):
                        found.add((str(path.relative_to(ROOT)), node.name))
    return found


def test_every_per_process_cache_is_listed_with_its_bound():
    found = cached_functions()
    assert len(found) >= 12  # the scan finds them (geometry, portal, pages, tokens, …)
    rows = {line for line in CACHING.splitlines() if line.startswith("| `")}
    unlisted = [(module, name) for module, name in sorted(found)
                if not any(f"`{module}`" in row and f"`{name}`" in row for row in rows)]  # fmt: skip
    assert unlisted == []


def settings_under(**environment):
    """The bounds the settings take under this environment, read in a fresh process."""
    code = ("import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'pixelws.settings'; from django.conf import settings; "
            "print(settings.PIXELWS_SHARED_QUERY_SECONDS, settings.LIVE_CACHE_SECONDS, settings.OMS_CACHE_SECONDS)")  # fmt: skip
    env = {**os.environ, **{f"PIXELWS_{k}": v for k, v in environment.items()}}
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True).stdout.split()


def test_the_settings_never_allow_a_bound_above_the_one_stated():
    assert settings_under() == ["10.0", "30", "300"]
    assert settings_under(SHARED_QUERY_SECONDS="60", LIVE_CACHE_SECONDS="60") == ["10.0", "30", "300"]
    assert settings_under(SHARED_QUERY_SECONDS="2", CACHE_SECONDS="20", LIVE_CACHE_SECONDS="30") == ["2.0", "20", "20"]
    assert re.search(r"PIXELWS_SHARED_QUERY_SECONDS`: 10 s, and never more", CACHING)
