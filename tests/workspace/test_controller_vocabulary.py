"""The controller's vocabulary has one home, pixelws/controller.py: the browser is served it
(the controller component's config_schema) and names no value itself; the server checks every
value; links to other pages are the server's."""
import json
import re
import subprocess
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

from django.conf import settings

from apps.oms.models import Run
from pixelws.controller import ALL, SELECTORS, SLOT, URL_VALUES, page_link, vocabulary
from tests.jsonapi import error_of, get

FRONTEND = Path(settings.BASE_DIR) / "frontend" / "js"
COMMENT = re.compile(r"//[^\n]*|/\*.*?\*/", re.S)


def naming(name):
    """Code that names a value: a string "run", a property .run or run:, a URL's run=, a selector's [name=run]."""
    n = re.escape(name)
    return re.compile(rf"""(["'`]){n}\1|\.{n}\b|(?<![\w$.-]){n}\s*:(?!:)|(?<![\w$.-]){n}=|={n}(?![\w$-])""")


def test_the_frontend_names_no_controller_value():
    found = []
    for path in sorted(FRONTEND.rglob("*.js")):
        code = COMMENT.sub("", path.read_text())
        for name in ALL:
            found += [f"{path.relative_to(FRONTEND)}:{code.count(chr(10), 0, m.start()) + 1}: {name}" for m in naming(name).finditer(code)]
    assert found == []


def test_naming_finds_what_it_should():
    """The check above can fail: it finds each way code names a value."""
    for code in ('state["run"]', "state.run", "{ run: 1 }", "`?run=${n}`", "input[name=run]", "'run'"):
        assert naming("run").search(code), code
    for code in ("this.route()", "running", "run_number", "const rerun = 1", "until handed over"):
        assert not naming("run").search(code) and not naming("until").search(code), code


def test_the_vocabulary_is_served_with_the_controller_component(api):
    components = get(api, "/api/portal/controller_components")["data"]
    served = components[0]["attributes"]["config_schema"]["x-controller"]
    assert served == json.loads(json.dumps(vocabulary()))
    assert [value["name"] for value in served["values"]] == list(URL_VALUES)
    assert list(served["selectors"]) == list(SELECTORS)
    live = [value for value in served["values"] if value["follows_newest"]]
    assert [(v["name"], v["choices"], v["widget"]) for v in live] == [("live", ["1"], "flag")]


def test_the_server_checks_every_value(api):
    """The browser checks nothing: each value's check is the server's, naming it."""
    for name, raw, words in (("fed_channel", "1300-46", "is not a FED channel"), ("roc", "x<script>", "is not a ROC name"),
                             ("run", "abc", "integer"), ("shift", "2018-10-09/teatime", "is not a shift"),
                             ("live", "yes", "is not one of 1")):  # fmt: skip
        error = error_of(api, f"/api/workspace/selection?page=lumi_deadtime&{name}={raw}")
        assert error["source"] == {"parameter": name} and words in error["detail"], (name, error)


def test_the_selection_steps_to_the_runs_that_exist(api):
    runs = list(Run.objects.order_by("run_number").values_list("run_number", flat=True))
    middle = runs[len(runs) // 2]
    steps = get(api, f"/api/workspace/selection?page=lumi_deadtime&run={middle}")["data"]["attributes"]["steps"]
    assert steps["run"] == {"previous": runs[len(runs) // 2 - 1], "next": runs[len(runs) // 2 + 1]}
    first = get(api, f"/api/workspace/selection?page=lumi_deadtime&run={runs[0]}")["data"]["attributes"]["steps"]
    assert first["run"]["previous"] is None


def run_state_js(script):
    """Runs ``script`` (a module body) in node with frontend/js/state.js imported; its stdout as JSON."""
    module = (FRONTEND / "state.js").as_uri()
    code = f'import {{ changeState, parseState, stateToSearch }} from "{module}";\n{script}'
    done = subprocess.run(["node", "--input-type=module", "-e", code], capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def test_the_browser_changes_the_state_by_the_served_vocabulary():
    """What choosing a run, a fill or a shift forgets is the registry's `clears`, applied by state.js:
    a choice ends the live mode, and the live mode forgets a choice (it follows the newest)."""
    served = json.dumps(vocabulary())
    changes = run_state_js(f"""const v = {served};
      console.log(JSON.stringify([
        changeState({{fill: "7269", live: "1"}}, {{run: 324245}}, v),
        changeState({{run: "1", ls: "5", reference_run: "0", roc: "X"}}, {{run: "2"}}, v),
        changeState({{run: "1", ls_min: "5", since: "2018-10-10T00:00:00Z"}}, {{fill: 7269}}, v),
        changeState({{run: "1", ls: "5", since: "2018-10-10T00:00:00Z", live: "1"}}, {{shift: "2018-10-09/night"}}, v),
        changeState({{shift: "2018-10-09/night"}}, {{run: 324245}}, v),
        stateToSearch({{live: "1", shift: "2018-10-09/evening", run: "1"}}, v),
        changeState({{run: "1", ls_min: "5", roc: "X"}}, {{live: "1"}}, v),
        changeState({{shift: "2018-10-09/evening"}}, {{live: "1"}}, v),
        changeState({{live: "1"}}, {{since: "2018-10-10T00:00:00Z", until: "2018-10-11T00:00:00Z"}}, v),
      ]));""")
    assert changes == [
        {"run": "324245"},
        {"run": "2", "roc": "X"},
        {"fill": "7269", "since": "2018-10-10T00:00:00Z"},
        {"shift": "2018-10-09/night"},
        {"run": "324245"},
        "?run=1&shift=2018-10-09%2Fevening&live=1",
        {"roc": "X", "live": "1"},
        {"live": "1"},
        {"since": "2018-10-10T00:00:00Z", "until": "2018-10-11T00:00:00Z"},
    ]


def test_a_page_link_orders_its_values_as_the_browser_orders_its_url():
    link = page_link("fed_channels", {"fed_channel": "1300/46", "run": 324245, "roc": None})
    assert link == "/pages/fed_channels?run=324245&fed_channel=1300/46"  # a slash kept readable
    served = json.dumps(vocabulary())
    browsers = run_state_js(f'console.log(JSON.stringify(stateToSearch({{fed_channel: "1300/46", run: "324245"}}, {served})));')
    assert parse_qsl(browsers.removeprefix("?")) == parse_qsl(urlsplit(link).query)
    assert page_link("roc_history", {"roc": SLOT}) == "/pages/roc_history?roc=%7Bvalue%7D"
