"""plotly.js in the browser: the cartesian partial bundle, at the plotly.js version the Python
plotly package ships, installed from the committed lockfile, and enough for every plot."""
import json
import re

import pytest

from django.conf import settings
from django.core import checks
from plotly.offline import get_plotlyjs_version

from apps.workspace import staticfiles
from pixelws.plots import SERIES_KINDS, Axis, Plot, Series, to_plotly


def test_the_lockfile_pins_the_version_the_plotly_package_ships():
    version = get_plotlyjs_version()
    package = json.loads((settings.BASE_DIR / "package.json").read_text())
    lock = json.loads((settings.BASE_DIR / "package-lock.json").read_text())
    assert package["dependencies"] == {staticfiles.CARTESIAN_PACKAGE: version}
    assert lock["packages"][f"node_modules/{staticfiles.CARTESIAN_PACKAGE}"]["version"] == version
    assert staticfiles.bundle_version(staticfiles.CARTESIAN) == staticfiles.bundle_version(staticfiles.FULL) == version


def test_every_trace_type_the_plots_make_is_in_the_partial_bundle():
    """All plots are made by one conversion (pixelws/plots.py); if a series kind ever needs a
    trace type the cartesian bundle lacks, the page must be given the full bundle."""
    readme = (staticfiles.bundle_folders()[staticfiles.CARTESIAN] / "README.md").read_text()
    listed = re.search(r"Contains trace modules (.*)\.", readme).group(1)
    assert tuple(sorted(re.findall(r"`(\w+)`", listed))) == staticfiles.CARTESIAN_TRACES
    made = set()
    for kind in SERIES_KINDS:
        series = Series("s", kind, [1, 2], [1, 2], z=[[1, 2], [3, 4]] if kind == "heatmap" else None)
        made |= {t["type"] for t in to_plotly(Plot("p", Axis("x"), Axis("y"), [series]))["data"]}
    assert made == {"scatter", "bar", "heatmap"}
    assert made <= set(staticfiles.CARTESIAN_TRACES)


def test_a_bundle_of_another_version_stops_the_server(monkeypatch):
    assert staticfiles.bundle_problems() == []
    monkeypatch.setattr(staticfiles, "get_plotlyjs_version", lambda: "9.9.9")
    (error,) = [e for e in checks.run_checks() if e.id == "workspace.E002"]
    assert error.msg.startswith(f"node_modules/{staticfiles.CARTESIAN_PACKAGE} is plotly.js {get_plotlyjs_version()}, but the plotly package ships 9.9.9")


@pytest.mark.django_db  # the shell draws the page's first screen from the data
def test_the_shell_loads_the_partial_bundle_cached_for_good(client):
    html = client.get("/pages/lumi_deadtime").content.decode()
    # Downloaded at once, run by plot.js after the first screen's server-drawn plots are painted.
    src = re.search(r'<link id="plotly-js" rel="preload" as="script" href="([^"]+)" fetchpriority="high">', html).group(1)
    assert src == f"/static/vendor/{staticfiles.CARTESIAN}?v={get_plotlyjs_version()}"
    bundle = client.get(src)
    assert bundle.status_code == 200 and bundle["Cache-Control"] == "public, max-age=31536000, immutable"
    assert b"".join(bundle.streaming_content).startswith(f"/**\n* plotly.js (cartesian - minified) v{get_plotlyjs_version()}".encode())
    # Every module of the frontend is preloaded at once.
    assert set(re.findall(r'<link rel="modulepreload" href="/static/(js/[^"]+)">', html)) >= {"js/shell.js", "js/portlets/plot.js", "js/state.js"}
    assert client.get("/static/vendor/plotly.min.js").status_code == 200
    assert client.get("/static/vendor/package.json").status_code == 404  # the bundles' folders serve nothing else
