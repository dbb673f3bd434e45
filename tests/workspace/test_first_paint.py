"""A plot's first paint (apps/workspace/first_paint.py): GET /api/workspace/pages/<page>/portlets/<n>/svg
draws the portlet's figure as SVG at the size asked, by kaleido; a settled selection's SVG is kept
on disk under its digest and a second request with that ETag is a 304; bad input is a JSON:API
error naming the parameter."""
import os
import re
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

import pytest

from apps.oms.models import Run
from apps.workspace import first_paint, views
from apps.workspace.selection import PageSelection
from pixelws.shifts import Shift
from tests.jsonapi import error_of, get

ROOT = Path(__file__).resolve().parents[2]

SVG = "/api/workspace/pages/lumi_deadtime/portlets/4/svg"  # Instantaneous luminosity
CONTENT = "/api/workspace/pages/lumi_deadtime/portlets/4"


@pytest.fixture
def kept_dir(settings, tmp_path):
    settings.PIXELWS_FIRST_PAINT_DIR = tmp_path
    return tmp_path


def test_a_plot_is_drawn_at_the_size_asked_with_its_titles_and_traces(api, kept_dir):
    response = api.get(f"{SVG}?run=324245&width=640&height=420")
    assert response.status_code == 200 and response["Content-Type"] == "image/svg+xml"
    svg = response.content.decode()
    assert re.search(r'<svg[^>]* width="640" height="420"', svg)
    figure = get(api, f"{CONTENT}?run=324245")["data"]["attributes"]["figure"]
    assert f">{figure['layout']['title']['text']}<" in svg
    assert svg.count('class="trace scatter') == len(figure["data"]) == 3  # delivered, recorded, the run's events
    legend = [t["name"] for t in figure["data"] if t.get("showlegend", True)]
    assert re.findall(r'class="legendtext"[^>]*>([^<]*)<', svg) == legend and legend[:2] == ["Delivered", "Recorded"]


def test_an_ended_runs_plot_is_kept_and_a_second_look_is_a_304(api, kept_dir, monkeypatch):
    assert Run.objects.get(run_number=324245).end_time is not None
    url = f"{SVG}?run=324245&width=600&height=400"
    first = api.get(url)
    etag = first["ETag"]
    (kept,) = kept_dir.glob("*.svg")
    assert etag == f'"{kept.stem}"' and kept.read_bytes() == first.content
    assert first["Cache-Control"].endswith("max-age=300")  # as the API's answers about ended runs
    again = api.get(url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again.content == b"" and again["ETag"] == etag
    kept.write_bytes(b"<svg>kept</svg>")  # served from the file: not drawn again
    assert api.get(url).content == b"<svg>kept</svg>"
    with monkeypatch.context() as patched:  # nor its figure made again: no probe asked
        patched.setattr(views, "content", lambda *args: pytest.fail("the figure was made again"))
        assert api.get(url).content == b"<svg>kept</svg>"
        assert api.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    other_size = api.get(f"{SVG}?run=324245&width=601&height=400")
    assert other_size["ETag"] != etag and len(list(kept_dir.glob("*.svg"))) == 2


def test_a_narrow_plot_has_its_legend_below_as_the_browser_lays_it_out(api, kept_dir):
    figure = get(api, f"{CONTENT}?run=324245")["data"]["attributes"]["figure"]
    assert first_paint.as_drawn(figure, 360, 400)["layout"]["legend"] | {} == {**figure["layout"].get("legend", {}), **first_paint.LEGEND_BELOW}
    assert first_paint.as_drawn(figure, 500, 400)["layout"].get("legend") == figure["layout"].get("legend")
    narrow, wide = (api.get(f"{SVG}?run=324245&width={w}&height=400").content.decode() for w in (360, 500))
    legend_y = [float(re.search(r'class="legend"[^>]*transform="translate\([\d.]+,\s*([\d.]+)\)"', s).group(1)) for s in (narrow, wide)]
    assert legend_y[0] > 300 > legend_y[1]  # below the plot area, not beside it at its top


def test_a_stack_denser_than_its_plot_area_is_drawn_at_its_highest_point_per_run_and_both_ends():
    xs = list(range(1, 11))
    low, high = [1, 5, 2, 2, 0, 9, 3, 3, 4, 1], [0, 0, 4, 1, 1, 0, 0, 2, 0, 7]
    line = {"type": "scatter", "x": xs, "y": [2] * 10, "customdata": xs}
    figure = {"data": [{"stackgroup": "e", "x": xs, "y": low, "customdata": xs, "hovertemplate": "%{customdata}"},
                       {"stackgroup": "e", "x": xs, "y": high}, line],
              "layout": {"margin": {"l": 0, "r": 0}}}  # fmt: skip
    drawn = first_paint.as_drawn(figure, 4, 100)["data"]  # 4 px across: runs of 3 points
    # totals 1 5 6 3 1 9 3 5 4 8: the highest of [1 5 6], [3 1 9], [3 5 4], [8], with the first and the last
    assert [t["x"] for t in drawn[:2]] == [[1, 3, 6, 8, 10]] * 2
    assert drawn[0]["y"] == [1, 2, 9, 3, 1] and drawn[1]["y"] == [0, 4, 0, 2, 7]
    assert "customdata" not in drawn[0] and "hovertemplate" not in drawn[0]  # a drawing has no hover
    assert drawn[2] is line  # no stack: as it is
    assert first_paint.as_drawn(figure, 10, 100)["data"] == figure["data"]  # a point per px or fewer: as it is


def test_what_one_worker_remembers_another_finds(nothing_kept):
    """A drawing's name and a first screen's content, remembered by one server process, are found by
    the others (gunicorn's workers): the second look, or the second shifter, asks no query."""
    code = ("import django; django.setup(); from apps.workspace import first_paint; "
            "first_paint.remember(('content', 'lumi_deadtime', 0, (('run', 324245),)), {'state': 'ready', 'n': 1})")  # fmt: skip
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "pixelws.settings", "PIXELWS_FIRST_PAINT_DIR": str(nothing_kept)}
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, check=True, capture_output=True)
    assert first_paint.remembered(("content", "lumi_deadtime", 0, (("run", 324245),))) == {"state": "ready", "n": 1}
    assert first_paint.remembered(("content", "lumi_deadtime", 1, (("run", 324245),))) is None


def now():
    return datetime(2018, 10, 9, 18, 0, tzinfo=timezone.utc)


@pytest.mark.parametrize("state, variables, settled", [
    ({"shift": "2018-10-08/evening"}, {}, True),
    ({"shift": "2018-10-09/evening"}, {}, False),  # reaches now
    ({"since": "…", "until": "…"}, {"until": datetime(2018, 10, 9, 17, 59, tzinfo=timezone.utc)}, True),
    ({"since": "…", "until": "…"}, {"until": datetime(2018, 10, 9, 18, 1, tzinfo=timezone.utc)}, False),
    ({"run": 324245}, {}, True),
])  # fmt: skip
def test_what_can_no_longer_change_is_kept(db, state, variables, settled):
    fresh = first_paint.freshness(PageSelection(state=state, variables=variables), now=now())
    assert fresh.kept is settled
    assert (fresh.cache_control == "no-cache") is not settled
    assert Shift.parse("2018-10-08/evening").end < now() < Shift.parse("2018-10-09/evening").end


def test_an_ongoing_run_is_drawn_afresh_and_not_kept(api, kept_dir, monkeypatch, settings):
    """The demo's runs have all ended: run 324245 is made to look ongoing to the staleness rule."""
    ended = first_paint.known_run(324245)
    monkeypatch.setattr(first_paint, "known_run", lambda number: {**ended, "end_time": None})
    response = api.get(f"{SVG}?run=324245&width=600&height=400")
    assert response.status_code == 200 and response["Cache-Control"] == "no-cache"
    assert list(kept_dir.glob("*.svg")) == []
    assert api.get(f"{SVG}?run=324245&width=600&height=400", HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304
    # Drawn from the answer the server shares: never older than the live bound.
    assert settings.PIXELWS_SHARED_QUERY_SECONDS <= settings.LIVE_CACHE_SECONDS


@pytest.mark.parametrize("url, status, parameter", [
    (f"{SVG}?run=324245&height=400", 400, "width"),
    (f"{SVG}?run=324245&width=wide&height=400", 400, "width"),
    (f"{SVG}?run=324245&width=600&height=99999", 400, "height"),
    (f"{SVG}?run=324245&width=600&height=400&colour=red", 400, "colour"),
    (f"{SVG}?run=324245&width=600&height=400&sort=x", 400, "sort"),
    (f"{SVG}?run=seven&width=600&height=400", 400, "run"),
    ("/api/workspace/pages/lumi_deadtime/portlets/0/svg?run=324245&width=600&height=400", 404, None),  # a summary
    ("/api/workspace/pages/lumi_deadtime/portlets/99/svg?run=324245&width=600&height=400", 404, None),
])  # fmt: skip
def test_bad_input_is_a_json_api_error_naming_the_parameter(api, url, status, parameter):
    error = error_of(api, url, status)
    assert (error.get("source") or {}).get("parameter") == parameter, error


def test_nothing_to_draw_says_why(api, kept_dir):
    url = "/api/workspace/pages/shift_report/portlets/2/svg?shift=2018-10-01/morning&width=600&height=400"  # Dead time in the shift
    response = api.get(url)  # not a fault: no content, and why in a header (the portlet's content says it too)
    assert (response.status_code, response.content) == (204, b"")
    assert response["X-Nothing-To-Draw"] == "No data for morning shift 2018-10-01."
