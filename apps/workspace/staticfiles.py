"""plotly.js for the browser, at the version the Python plotly package ships (no CDN, no copy in
the repository): the cartesian partial bundle (1.5 MB, npm's plotly.js-cartesian-dist-min,
installed into node_modules/ by the make targets from package-lock.json), which the workspace
serves, and the full bundle (4.8 MB) from plotly's package_data, for a page that would need a
trace type the partial one lacks (none does: tests/workspace/test_plotly_bundle.py).
"""
import functools
import re
from pathlib import Path

import plotly
from django.conf import settings
from django.contrib.staticfiles.finders import BaseFinder
from django.core.files.storage import FileSystemStorage
from django.templatetags.static import static
from plotly.offline import get_plotlyjs_version

PREFIX = "vendor"
CARTESIAN = "plotly-cartesian.min.js"
FULL = "plotly.min.js"
CARTESIAN_PACKAGE = "plotly.js-cartesian-dist-min"
# The trace modules of the cartesian bundle, as its package's README lists them.
CARTESIAN_TRACES = ("bar", "box", "contour", "heatmap", "histogram", "histogram2d", "histogram2dcontour",
                    "image", "pie", "scatter", "scatterternary", "violin")  # fmt: skip
VERSION_HEADER = re.compile(rb"^/\*\*\s*\* plotly\.js(?: \([^)]*\))? v(\S+)")


def bundle_folders():
    """File name → the folder it is served from."""
    return {
        CARTESIAN: Path(settings.BASE_DIR) / "node_modules" / CARTESIAN_PACKAGE,
        FULL: Path(plotly.__file__).parent / "package_data",
    }


class PlotlyFinder(BaseFinder):
    """Finds static/vendor/<bundle> for the two bundles, and nothing else in their folders."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.storages = {}
        for name, folder in bundle_folders().items():
            storage = FileSystemStorage(location=folder)
            storage.prefix = PREFIX  # read by whitenoise and collectstatic
            self.storages[name] = storage

    def find(self, path, find_all=False, **kwargs):
        find_all = find_all or kwargs.get("all", False)
        prefix, _, name = path.partition("/")
        storage = self.storages.get(name) if prefix == PREFIX else None
        found = storage.path(name) if storage and storage.exists(name) else None
        # Nothing found is [] (as Django's own finders say it): a None would come back from
        # staticfiles' find() as [None].
        return ([found] if found else []) if find_all else (found or [])

    def list(self, ignore_patterns):
        for name, storage in self.storages.items():
            if storage.exists(name):
                yield name, storage

    def check(self, **kwargs):
        return []


def bundle_version(name):
    """The plotly.js version in a bundle's header, or None if the file is missing."""
    path = bundle_folders()[name] / name
    if not path.exists():
        return None
    with path.open("rb") as file:
        match = VERSION_HEADER.match(file.read(200))
    return match.group(1).decode() if match else "unknown"


def bundle_problems():
    """Why the served bundle is not the plotly.js the Python plotly package ships, if it is not."""
    wanted, found = get_plotlyjs_version(), bundle_version(CARTESIAN)
    if found is None:
        return [f"{CARTESIAN_PACKAGE} is not installed: `make install` (npm ci) installs it from package-lock.json"]
    if found != wanted:
        return [f"node_modules/{CARTESIAN_PACKAGE} is plotly.js {found}, but the plotly package ships {wanted}: "
                f"set {wanted} in package.json, `npm install` to update package-lock.json, and commit both"]  # fmt: skip
    return []


def bundle_url(name=CARTESIAN):
    """A bundle's URL, carrying the plotly.js version, so that it changes when plotly does."""
    return f"{static(f'{PREFIX}/{name}')}?v={get_plotlyjs_version()}"


def add_cache_headers(headers, path, url):
    """whitenoise hook: plotly.js is cached for good, its URL carrying its version, so a browser
    parses it from its code cache instead of compiling it on every visit."""
    if url.startswith(f"{settings.STATIC_URL}{PREFIX}/"):
        headers["Cache-Control"] = "public, max-age=31536000, immutable"


@functools.cache  # read once per process: a new module is a new release
def frontend_modules():
    """The URLs of the workspace's ES modules, for <link rel=modulepreload>: the browser fetches
    them all at once instead of discovering each module's imports one level at a time."""
    folder = Path(settings.BASE_DIR) / "frontend"
    return tuple(static(path.relative_to(folder).as_posix()) for path in sorted((folder / "js").rglob("*.js")))
