"""The portal API: page layouts shaped like OMS's, and the workspace shell."""
from apps.workspace.pages import load_all
from tests.jsonapi import error_of, get


def test_workspace_folders_and_pages(api):
    pages = load_all()[0]
    (workspace,) = get(api, "/api/portal/workspaces")["data"]
    assert workspace["attributes"]["title"] == "Pixel"
    listed = {p["id"]: folder["title"] for folder in workspace["attributes"]["folders"] for p in folder["pages"]}
    assert listed == {page.id: page.folder for page in pages.values()}


def test_page_layout_as_oms_portlets(api):
    page = load_all()[0]["lumi_deadtime"]
    attributes = get(api, "/api/portal/pages/lumi_deadtime/")["data"]["attributes"]
    assert [s["name"] for s in attributes["controller"]["selectors"]] == page.selectors
    assert len(attributes["portlets"]) == len(page.portlets)
    for served, defined in zip(attributes["portlets"], page.portlets):
        for key in ("title", "pos_x", "pos_y", "size_x", "size_y", "configuration"):
            assert served[key] == defined[key]
        assert served["portlet_component"]["type"] == defined["type"]


def test_unknown_page_is_404(api):
    assert "lumi_deadtime" in error_of(api, "/api/portal/pages/nope", 404)["detail"]


def test_shell_and_static_files(client):
    assert client.get("/").status_code == 200
    assert client.get("/pages/lumi_deadtime").status_code == 200
    assert client.get("/pages/nope").status_code == 404
    plotly_js = client.get("/static/vendor/plotly.min.js")
    assert plotly_js.status_code == 200 and b"plotly.js" in b"".join(plotly_js.streaming_content)[:200]
    assert client.get("/static/js/shell.js").status_code == 200
