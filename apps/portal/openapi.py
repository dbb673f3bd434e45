"""The portal API's endpoints in /api/v1/openapi.json (pixelws/openapi.py gathers them); the
documents they serve: docs/oms-gui.md."""
from apps.workspace.openapi import LIST, ONE, path_parameter, get_operation
from apps.workspace.pages import pages


def paths():
    page_ids = sorted(pages())
    workspace = path_parameter("id", "a workspace's id (its path): pixel")
    page = path_parameter("id", "a page's id (its file name)", page_ids)
    return {
        "/api/portal/": get_operation("portal_index", "Every document of the portal API, with its link", LIST),
        "/api/portal/workspaces": get_operation("portal_workspaces", "The workspaces", LIST),
        "/api/portal/workspaces/{id}": get_operation("portal_workspace", "A workspace with its folders and their pages", ONE, [workspace]),
        "/api/portal/workspaces/{id}/portlets": get_operation("portal_portlets", "A workspace's portlets, one per title", LIST, [workspace]),
        "/api/portal/workspaces/{id}/controllers": get_operation("portal_controllers", "A workspace's controllers, one per page", LIST, [workspace]),
        "/api/portal/portlet_components": get_operation("portal_portlet_components", "Portlet components, each with its config_schema", LIST),
        "/api/portal/controller_components": get_operation("portal_controller_components", "Controller components", LIST),
        "/api/portal/pages/{id}": get_operation("portal_page", "A page: its portlet properties (each with its portlet) and controller", ONE, [page]),
    }  # fmt: skip
