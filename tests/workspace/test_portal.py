"""The portal API in OMS's format: walked as OMS's portal tooling walks it, each configuration
against its component's config_schema, export_portal against the endpoints, and the shell."""
import json
import re

import jsonschema
import pytest
from django.core.management import call_command

from apps.portal import documents as portal
from apps.workspace import pages
from apps.workspace.pages import load_all
from pixelws.controller import SELECTORS
from tests.jsonapi import error_of, get, validate

# The components OMS's portal knows the portlet types by (what the portal has always served).
COMPONENT_NAMES = {"plot": "PlotPortlet", "table": "TablePortlet", "summary": "SummaryPortlet", "notes": "NotesPortlet",
                   "timeline": "TimelinePortlet"}  # fmt: skip

PORTAL = "/api/portal/"
WORKSPACE_FIELDS = {"path", "title", "description"}
PROPERTY_FIELDS = {"order_no", "pos_x", "pos_y", "size_x", "size_y", "portlet"}
PORTLET_FIELDS = {"title", "description", "min_size_x", "min_size_y", "workspace_id", "configuration", "portlet_component", "selectors"}
SELECTOR_FIELDS = {"name", "attribute", "operator", "title", "description", "workspace_id"}
CONTROLLER_FIELDS = {"title", "description", "configuration", "workspace_id", "controller_component", "selectors"}


def by_path(objects, path):
    (found,) = [o for o in objects if o["attributes"]["path"] == path]
    return found


def walk(api, workspace_path, folder_path, page_path):
    """A page read as OMS's portal tooling reads it: workspace by path → folder by path → page by
    path → its portlet properties (each with its portlet, component and selectors) and controller.
    Asserts every field the tooling reads is there; returns (workspace id, page attributes)."""
    workspace = by_path(get(api, f"{PORTAL}workspaces")["data"], workspace_path)
    assert set(workspace["attributes"]) == WORKSPACE_FIELDS
    folders = get(api, f"{PORTAL}workspaces/{workspace['id']}")["data"]["attributes"]["folders"]
    folder = by_path(folders, folder_path)
    assert set(folder["attributes"]) == WORKSPACE_FIELDS | {"pages"}
    page = by_path(folder["attributes"]["pages"], page_path)
    assert set(page["attributes"]) == WORKSPACE_FIELDS
    attributes = get(api, f"{PORTAL}pages/{page['id']}")["data"]["attributes"]
    for placement in attributes["portlets"]:
        assert set(placement["attributes"]) == PROPERTY_FIELDS
        portlet = placement["attributes"]["portlet"]["attributes"]
        assert set(portlet) == PORTLET_FIELDS
        assert portlet["workspace_id"] == workspace["id"]
        component = portlet["portlet_component"]["attributes"]
        assert set(component) == {"id", "type", "name", "workspace_id", "config_schema"}
        assert component["workspace_id"] == workspace["id"]
        for selector in portlet["selectors"]["in"] + portlet["selectors"]["out"]:
            assert set(selector["attributes"]) == SELECTOR_FIELDS
            assert selector["attributes"]["workspace_id"] == workspace["id"]
    controller = attributes["controller"]
    assert set(controller["attributes"]) == CONTROLLER_FIELDS
    assert set(controller["attributes"]["controller_component"]["attributes"]) == {"id", "name", "workspace_id", "config_schema"}
    for selector in controller["attributes"]["selectors"]:
        assert set(selector["attributes"]) == SELECTOR_FIELDS
    return workspace["id"], attributes


def test_the_tooling_walk_finds_every_portlet_of_every_page(api):
    pages = load_all()[0]
    workspace = get(api, f"{PORTAL}workspaces/pixel")["data"]
    walked = 0
    for folder in workspace["attributes"]["folders"]:
        for page in folder["attributes"]["pages"]:
            workspace_id, attributes = walk(api, "pixel", folder["attributes"]["path"], page["attributes"]["path"])
            defined = pages[page["attributes"]["path"]]
            assert workspace_id == "pixel" and folder["attributes"]["title"] == defined.folder
            served = [(p["attributes"]["portlet"]["attributes"], p["attributes"]) for p in attributes["portlets"]]
            assert [(portlet["title"], portlet["configuration"], portlet["portlet_component"]["attributes"]["type"],
                     place["pos_x"], place["pos_y"], place["size_x"], place["size_y"]) for portlet, place in served] == [
                (p["title"], p["configuration"], p["type"], p["pos_x"], p["pos_y"], p["size_x"], p["size_y"]) for p in defined.portlets
            ]  # fmt: skip
            assert [p["attributes"]["order_no"] for p in attributes["portlets"]] == list(range(1, len(defined.portlets) + 1))
            # narrow_order (the phone's order) rides in meta, which OMS ignores: its attributes stay OMS's.
            assert [p.get("meta", {}).get("narrow_order") for p in attributes["portlets"]] == [p.get("narrow_order") for p in defined.portlets]
            assert attributes["controller"]["attributes"]["configuration"] == {"selectors": defined.selectors}
            walked += len(served)
    assert walked == sum(len(p.portlets) for p in pages.values()) > 0
    shift = {p["attributes"]["portlet"]["attributes"]["title"]: p.get("meta") for p in walk(api, "pixel", "shift-reports", "shift_report")[1]["portlets"]}
    assert (shift["Shifter's notes"], shift["What happened"], shift["Runs of the shift"]) == ({"narrow_order": 1}, {"narrow_order": 2}, None)


def test_selectors_in_and_out(api):
    """A portlet listens to the controller values its probe or filters take, and publishes what
    a click on it chooses: a fill row chooses the fill, a ROC map cell the ROC."""
    _, fills = walk(api, "pixel", "overview", "fills_runs")
    names = lambda selectors: [s["attributes"]["name"] for s in selectors]  # noqa: E731
    fills_table, runs_table = (p["attributes"]["portlet"]["attributes"]["selectors"] for p in fills["portlets"])
    assert (names(fills_table["in"]), names(fills_table["out"])) == ([], ["fill"])
    assert (names(runs_table["in"]), names(runs_table["out"])) == (["fill"], [])
    assert "meta" not in runs_table["in"][0]  # not required: a chosen run implies its fill
    fill = fills["controller"]["attributes"]["selectors"][0]["attributes"]
    assert (fill["name"], fill["attribute"], fill["operator"]) == ("fill", "fill_number", "EQ")
    _, lumi = walk(api, "pixel", "luminosity", "lumi_deadtime")
    inst_lumi = lumi["portlets"][4]["attributes"]["portlet"]["attributes"]
    assert inst_lumi["title"] == "Instantaneous luminosity"
    assert names(inst_lumi["selectors"]["in"]) == ["run", "fill", "ls_min", "ls_max", "since", "until", "shift"]
    # Each value as most of the page's portlets take it: three summaries filter run_number and
    # three probes take the parameter run (a tie: the first portlet's); the three probes take
    # fill, the two tables filter fill_number; only the probes take ls_min, ls_max, since, until.
    assert [(s["attributes"]["name"], s["attributes"]["attribute"], s["attributes"]["operator"]) for s in lumi["controller"]["attributes"]["selectors"]] == [
        ("run", "run_number", "EQ"), ("fill", "fill", "EQ"), ("ls_min", "ls_min", "EQ"),
        ("ls_max", "ls_max", "EQ"), ("since", "since", "EQ"), ("until", "until", "EQ"),
    ]  # fmt: skip
    delivered = lumi["portlets"][0]["attributes"]["portlet"]["attributes"]["selectors"]["in"]
    assert [(s["id"], s["attributes"]["attribute"], s["attributes"]["operator"]) for s in delivered] == [("run.run_number.EQ", "run_number", "EQ")]
    _, bpix = walk(api, "pixel", "masking", "masked_bpix")
    layer1 = bpix["portlets"][0]["attributes"]["portlet"]["attributes"]["selectors"]
    assert names(layer1["in"]) == ["run", "ls"] and names(layer1["out"]) == ["roc"]
    # The map needs a run: the frontend asks for one instead of asking the API without it.
    assert [s.get("meta") for s in layer1["in"]] == [{"required": True}, None]


def test_every_configuration_is_valid_against_its_components_config_schema(api):
    components = {c["attributes"]["name"]: c for c in get(api, f"{PORTAL}portlet_components")["data"]}
    assert {name: c["attributes"]["type"] for name, c in components.items()} == {v: k for k, v in COMPONENT_NAMES.items()}
    assert all(c["attributes"]["id"] == c["id"] == name for name, c in components.items())
    (controller_component,) = get(api, f"{PORTAL}controller_components")["data"]
    portlets = get(api, f"{PORTAL}workspaces/pixel/portlets")["data"]
    controllers = get(api, f"{PORTAL}workspaces/pixel/controllers")["data"]
    titles = {p["title"] for page in load_all()[0].values() for p in page.portlets}
    assert len(titles) > 0 and sorted(p["attributes"]["title"] for p in portlets) == sorted(titles)  # one portlet per title
    assert len(controllers) == len(load_all()[0])
    for portlet in portlets:
        component = portlet["attributes"]["portlet_component"]
        assert component["attributes"]["config_schema"] == components[component["attributes"]["name"]]["attributes"]["config_schema"]
        jsonschema.Draft202012Validator.check_schema(component["attributes"]["config_schema"])
        jsonschema.validate(portlet["attributes"]["configuration"], component["attributes"]["config_schema"])
    for controller in controllers:
        assert controller["attributes"]["controller_component"] == controller_component
        jsonschema.validate(controller["attributes"]["configuration"], controller_component["attributes"]["config_schema"])


@pytest.mark.parametrize(
    "kind, configuration, refused",
    [
        ("plot", {"probe": "inst_lum"}, "'inst_lum' is not one of"),
        ("plot", {"probe": "roc_map", "drilldown": {"page": "roc_history", "variable": "rock"}}, "'rock' is not one of"),
        ("table", {"resource": "runs", "columns": []}, "[] should be non-empty"),
        ("table", {"resource": "runs", "columns": ["run_number"], "page_size": 0}, "0 is less than the minimum of 1"),
        ("summary", {"resource": "runs", "attribute": "delivered_lumi", "colour": "red"}, "('colour' was unexpected)"),
        ("summary", {"resource": "runs", "attribute": "delivered_lumi", "filters": {"run_number": "$rnu"}}, "'$rnu' should not be valid"),
    ],
)
def test_config_schemas_refuse_what_the_page_checker_refuses(kind, configuration, refused):
    component = next(c for c in portal.documents()["portlet_components"]["data"] if c["attributes"]["type"] == kind)
    with pytest.raises(jsonschema.ValidationError, match=re.escape(refused)):
        jsonschema.validate(configuration, component["attributes"]["config_schema"])


def test_ids_are_stable_and_selectors_come_from_the_selector_table(api):
    """Ids are names (the same in every process), and every selector the controller can set is
    an OMS selector: adding one to SELECTORS adds it to the controller component's schema."""
    first = get(api, f"{PORTAL}workspaces/pixel/portlets")["data"]
    # A portlet's id is its title's slug; folders by title: Detector control first.
    assert [p["id"] for p in first[:3]] == ["power-groups-worst-state", "power-groups-worst-state-first", "lv-out-of-limit-intervals"]
    (component,) = get(api, f"{PORTAL}controller_components")["data"]
    assert component["id"] == component["attributes"]["id"] == "PixelController"
    assert component["attributes"]["config_schema"]["properties"]["selectors"]["items"]["enum"] == list(SELECTORS)


def test_export_portal_writes_what_the_endpoints_serve(api, tmp_path):
    out = tmp_path / "pixel-portal.json"
    call_command("export_portal", str(out))
    exported = json.loads(out.read_text())
    assert set(exported) == {"", "workspaces", "workspaces/pixel", "workspaces/pixel/portlets", "workspaces/pixel/controllers",
                             "portlet_components", "controller_components", *(f"pages/{p}" for p in load_all()[0])}  # fmt: skip
    for path, document in exported.items():
        validate(document)
        assert get(api, f"{PORTAL}{path}") == document, path


def test_the_index_lists_every_document(api):
    index = get(api, PORTAL)
    expected = ["workspaces", "workspaces/pixel", "workspaces/pixel/portlets", "workspaces/pixel/controllers",
                "portlet_components", "controller_components", *(f"pages/{p.id}" for p in portal.ordered_pages())]  # fmt: skip
    assert [d["id"] for d in index["data"]] == expected and len(expected) == 6 + len(load_all()[0])
    assert [d["meta"]["collection"] for d in index["data"][:6]] == [True, False, True, True, True, True]
    for entry in index["data"]:
        assert get(api, entry["links"]["self"])["data"]  # each link answers its document


def test_unknown_document_is_404(api):
    assert "lumi_deadtime" in error_of(api, f"{PORTAL}pages/nope", 404)["detail"]
    assert "takes no query parameters" in error_of(api, f"{PORTAL}workspaces?x=1", 400)["detail"]


@pytest.mark.django_db  # the shell draws the page's first screen from the data
def test_the_shell_carries_the_documents_it_starts_with(client):
    """A page's HTML carries the workspace's and the page's documents, as the API serves them."""
    html = client.get("/pages/lumi_deadtime?run=324245").content.decode()
    carried = json.loads(re.search(r'<script id="portal-documents" type="application/json">(.*?)</script>', html, re.S).group(1))
    documents = portal.documents()
    assert carried == {f"{PORTAL}workspaces": documents["workspaces"], f"{PORTAL}workspaces/pixel": documents["workspaces/pixel"],
                       f"{PORTAL}pages/lumi_deadtime": documents["pages/lumi_deadtime"]}  # fmt: skip
    home = client.get("/").content.decode()
    assert f"{PORTAL}pages/" not in re.search(r'id="portal-documents"[^>]*>(.*?)</script>', home, re.S).group(1)
    assert client.get("/pages/nope").status_code == 404


def page_file(directory, name, portlets):
    lines = [f"title: {name}", "folder: Test", "controller: {selectors: [run]}", "portlets:"]
    lines += [f"  - {{title: {title}, type: summary, pos_x: {4 * i}, pos_y: 0, size_x: 4, size_y: 1,"
              f" configuration: {{resource: runs, attribute: {attribute}, filters: {{run_number: $run}}}}}}"
              for i, (title, attribute) in enumerate(portlets)]  # fmt: skip
    (directory / f"{name}.yaml").write_text("\n".join(lines) + "\n")


def test_one_title_for_two_portlets_is_refused_naming_both_pages(tmp_path):
    """A title is one portlet of the workspace (OMS's tooling finds it by its title): the same
    portlet on two pages is fine, two different ones under one title are a check error."""
    page_file(tmp_path, "first", [("Delivered", "delivered_lumi"), ("Recorded", "recorded_lumi")])
    page_file(tmp_path, "second", [("Delivered", "delivered_lumi"), ("recorded", "delivered_lumi")])
    loaded, errors = load_all(tmp_path)
    assert errors == [] and sorted(loaded) == ["first", "second"]
    assert pages.portlet_conflicts(loaded) == [
        f"{tmp_path}/first.yaml: portlets[1] and {tmp_path}/second.yaml: portlets[1] are both the portlet 'recorded' but differ in title, configuration: "
        "a title is one portlet of the workspace (OMS's portal finds it by its title); give them distinct titles, or make them the same"
    ]  # fmt: skip
    assert pages.portlet_conflicts(load_all()[0]) == []  # the project's pages
