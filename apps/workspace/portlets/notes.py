"""A notes portlet: the shifter's notes, typed in the page (kept as a draft in the browser) and
posted with its PDF (pdf.py); nothing is queried."""
from .base import PortletType, register
from .configuration import NAME, strict


@register
class NotesPortlet(PortletType):
    type, component = "notes", "NotesPortlet"

    def schema(self):
        return strict((), {"placeholder": NAME}, title="The shifter's notes, for the page's PDF")

    def put_content(self, content, config, context, index):
        content["text"] = context.notes.get(index, "")
