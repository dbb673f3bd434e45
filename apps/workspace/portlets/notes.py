"""A notes portlet: the shifter's notes, typed in the page (kept as a draft in the browser) and
posted with its PDF (pdf.py); nothing is queried."""
from ..pages import NOTES_LIMIT
from .base import PortletType, register
from .configuration import NAME, strict


@register
class Notes(PortletType):
    type, component = "notes", "NotesPortlet"

    def schema(self):
        # x-text-limit (an annotation OMS's portal ignores): the most characters the server takes,
        # which the browser's text box holds to.
        return strict((), {"placeholder": NAME}, title="The shifter's notes, for the page's PDF", **{"x-text-limit": NOTES_LIMIT})

    def fill(self, content, config, context, index):
        content["text"] = context.notes.get(index, "")
