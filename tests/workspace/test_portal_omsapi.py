"""Every page walked through OMS's published python client (omsapi) against the live server, as
OMS's portal tooling (its tools/portal_api_diff.py) walks it: workspaces → the workspace by path
→ folders → pages → the page → each portlet's component in portlet_components, matched by type and
name → the portlet in workspaces/<id>/portlets, matched by title → the controller's component in
controller_components → the controller in workspaces/<id>/controllers, matched by title.

Each document is compared field by field with the page files (apps/workspace/pages/*.yaml), and
each object found by the tooling's match with the one nested in the page: any field that differs
fails, named."""
from pathlib import Path

import omsapi
import pytest
from django.utils.text import slugify

from apps.workspace.pages import load_all
from tests.workspace.test_portal import COMPONENT_NAMES


# The least size of a portlet of each type (docs/oms-gui.md); a portlet placed smaller takes that.
MIN_SIZE = {"plot": (3, 2), "table": (4, 2), "timeline": (4, 2), "summary": (2, 1), "notes": (1, 1)}
WORKSPACE = "pixel"
URL_VALUES = {"run", "fill", "ls", "ls_min", "ls_max", "reference_run", "roc", "fed_channel", "since", "until", "shift"}
pytestmark = pytest.mark.django_db  # the server shares the test database (tests/conftest.py)


@pytest.fixture(scope="module")
def portal(server):
    client = omsapi.OMSAPI(f"{server}/api/portal", "v1", verbose=False, cert_verify=False, throw_on_err=True,
                           retry_on_err_sec=0, retry_on_err_attempts=0)  # fmt: skip
    metadata = client.query_metadata()  # the tooling's reader: data(path) GETs /api/portal/<path>
    return lambda path: metadata.data(path).json()["data"]


def same(served, expected, where):
    """served has exactly expected's fields, each equal: a differing field fails by its name."""
    assert set(served) == set(expected), f"{where}: fields {sorted(set(served) ^ set(expected))} differ"
    differing = [f"{key}: served {served[key]!r}, expected {expected[key]!r}" for key in expected if served[key] != expected[key]]
    assert not differing, f"{where}: " + "; ".join(differing)


def only(objects, where, **match):
    found = [o for o in objects if all(o["attributes"][key] == value for key, value in match.items())]
    assert len(found) == 1, f"{where}: {len(found)} objects match {match}"
    return found[0]


def filters_of(configuration):
    queries = [configuration, configuration.get("join") or {}]
    return {key: value for query in queries for key, value in (query.get("filters") or {}).items()}


def justified(selector, configuration, parameters):
    """The selector's attribute and operator are what the configuration does with its value: a
    filter ``attribute[operator]: $name``, or the probe's parameter ``attribute`` (EQ) taking it."""
    name, attribute, operator = (selector["attributes"][k] for k in ("name", "attribute", "operator"))
    spelt = {f"{attribute}[{operator}]"} | ({attribute} if operator == "EQ" else set())
    if any(filters_of(configuration).get(key) == f"${name}" for key in spelt):
        return True
    fixed = configuration.get("params") or {}
    return operator == "EQ" and attribute in parameters and fixed.get(attribute, f"${name}") == f"${name}"


def test_every_page_walked_as_oms_tooling_walks_it(portal, server):
    from pixelws.probes import registry as probes

    pages = load_all()[0]
    placements = {}
    for page in pages.values():
        for definition in page.portlets:
            placements.setdefault(definition["title"], []).append(definition)

    workspace = only(portal("workspaces"), "workspaces", path=WORKSPACE)
    ws_id = workspace["id"]
    folders = portal(f"workspaces/{ws_id}")["attributes"]["folders"]
    portlet_components = portal("portlet_components")
    controller_components = portal("controller_components")
    ws_portlets = portal(f"workspaces/{ws_id}/portlets")
    ws_controllers = portal(f"workspaces/{ws_id}/controllers")
    walked_pages = walked_portlets = 0

    for page in pages.values():
        folder = only(folders, "folders", path=slugify(page.folder))
        assert folder["attributes"]["title"] == page.folder
        summary = only(folder["attributes"]["pages"], f"folder {page.folder}", path=page.id)
        same(summary["attributes"], {"path": page.id, "title": page.title, "description": page.description}, page.id)
        served = portal(f"pages/{summary['id']}")
        assert served["id"] == summary["id"]
        placed = served["attributes"]["portlets"]
        assert len(placed) == len(page.portlets), page.id

        for n, (placement, definition) in enumerate(zip(placed, page.portlets), start=1):
            where = f"{page.id} portlet {n} ({definition['title']})"
            place = dict(placement["attributes"])
            nested = place.pop("portlet")
            same(place, {"order_no": n, **{k: definition[k] for k in ("pos_x", "pos_y", "size_x", "size_y")}}, where)
            kind = definition["type"]
            component = nested["attributes"]["portlet_component"]
            # The tooling matches a component by type and name, and reads its id from the list.
            listed = only(portlet_components, "portlet_components", type=kind, name=COMPONENT_NAMES[kind])
            same(listed, component, f"{where}: portlet_components' {COMPONENT_NAMES[kind]}")
            same({k: component["attributes"][k] for k in ("id", "type", "name", "workspace_id")},
                 {"id": COMPONENT_NAMES[kind], "type": kind, "name": COMPONENT_NAMES[kind], "workspace_id": ws_id}, where)  # fmt: skip
            # The tooling finds the portlet in the workspace by its title: it must be this one.
            same(only(ws_portlets, "workspace portlets", title=definition["title"]), nested, f"{where}: the workspace's portlet")
            attributes = nested["attributes"]
            least = [min(MIN_SIZE[kind][i], *(d[f"size_{axis}"] for d in placements[definition["title"]])) for i, axis in enumerate("xy")]
            expected = {"title": definition["title"], "description": definition.get("description", ""), "configuration": definition["configuration"],
                        "min_size_x": least[0], "min_size_y": least[1], "workspace_id": ws_id}  # fmt: skip
            same({k: attributes[k] for k in expected}, expected, where)
            parameters = {p.name for p in probes[definition["configuration"]["probe"]].parameters} if "probe" in definition["configuration"] else set()
            for selector in attributes["selectors"]["in"]:
                assert selector["attributes"]["workspace_id"] == ws_id
                assert justified(selector, definition["configuration"], parameters), f"{where}: IN selector {selector['id']}"
            walked_portlets += 1

        controller = served["attributes"]["controller"]
        assert (controller is None) == (not page.selectors), page.id
        if controller:
            where = f"{page.id} controller"
            component = controller["attributes"]["controller_component"]
            same(only(controller_components, "controller_components", name=component["attributes"]["name"]), component, where)
            same(only(ws_controllers, "workspace controllers", title=controller["attributes"]["title"]), controller, where)
            assert controller["attributes"]["configuration"] == {"selectors": page.selectors}, where
            selectors = controller["attributes"]["selectors"]
            assert len({s["attributes"]["name"] for s in selectors}) == len(selectors), f"{where}: a value twice"
            # Each is what a portlet of the page filters or passes; a value no portlet takes is one
            # the user chooses (a URL parameter), never one a choice implies.
            taken = {(s["attributes"]["name"], s["attributes"]["attribute"], s["attributes"]["operator"])
                     for p in placed for s in p["attributes"]["portlet"]["attributes"]["selectors"]["in"]}  # fmt: skip
            for selector in selectors:
                name, attribute, operator = (selector["attributes"][k] for k in ("name", "attribute", "operator"))
                assert (name, attribute, operator) in taken or (name not in {t[0] for t in taken} and name in URL_VALUES), f"{where}: {selector['id']}"
        walked_pages += 1

    page_files = sorted(Path(__file__).resolve().parents[2].glob("apps/workspace/pages/*.yaml"))
    assert walked_pages == len(pages) == len(page_files) > 0  # every page file, walked
    assert walked_portlets == sum(len(p.portlets) for p in pages.values())
    assert len(ws_portlets) == len(placements)  # one portlet per title, shared by the pages using it


def test_a_missing_document_is_an_error_omsapi_raises(portal):
    with pytest.raises(Exception, match="HTTP Error"):
        portal("pages/nope")
