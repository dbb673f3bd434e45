"""The portlet types, one registered class each (base.py): table, plot, summary, notes, timeline."""
from . import plot, table, summary, notes, timeline  # isort: skip  (each registers its type, in the portal's order)
from .base import Context, MissingVariable, PortletType, TooLarge, register, registry

__all__ = ["Context", "MissingVariable", "PortletType", "TooLarge", "register", "registry", "component_names", "content", "html",
           "plot", "table", "summary", "notes", "timeline"]  # fmt: skip


def component_names():
    """{type: its component in OMS's portal}."""
    return {kind: portlet_type.component for kind, portlet_type in registry.items()}


def content(portlet, context, index):
    """What a page's portlet (its ``index``-th) shows for ``context``, made by its type's class."""
    return registry[portlet["type"]].content(portlet, context, index)


def html(portlet, content, inert=False):
    """The HTML of a page's portlet's body for its ``content`` (its type's html()), or None."""
    return registry[portlet["type"]].html(portlet, content, inert)
