"""A notes portlet: the shifter's notes, typed in the page (kept as a draft in the browser) and
posted with its PDF (pdf.py) or a handover's (apps/handovers); nothing is queried. The notes'
limits live here, for both: the PDF they make is bounded by them."""
from pixelws.dialect.errors import DialectError
from pixelws.text import encodable

from .base import PortletType, register
from .configuration import NAME, strict

NOTES_LIMIT = 10000  # characters (the page's text box is told it: the type's schema, x-text-limit)
NOTES_LINES = 500  # lines as laid out: about 9 A4 pages (10 000 empty lines took 12 s and 141 pages)
LINE_CHARS = 100  # characters of a line of notes across an A4 page; a longer line wraps


def laid_out_lines(text):
    """The lines the notes make: every line break Unicode knows (\\r, U+2028, … as str.splitlines()
    reads them), and a line per LINE_CHARS characters of a long one."""
    return sum(max(1, -(-len(line) // LINE_CHARS)) for line in text.splitlines())


def checked_notes(raw, field):
    """The notes' text, \\r\\n read as \\n; else a DialectError naming ``field``, before any layout."""
    if not isinstance(raw, str):
        raise DialectError("The notes are text.", field, status=422)
    text = encodable(raw, field).replace("\r\n", "\n")
    if len(text) > NOTES_LIMIT:
        raise DialectError(f"The notes are {len(text)} characters; at most {NOTES_LIMIT}.", field, status=413)
    lines = laid_out_lines(text)
    if lines > NOTES_LINES:  # each line is a box to lay out
        raise DialectError(f"The notes make {lines} lines (each line break, and a line per {LINE_CHARS} characters of "
                           f"a long line); at most {NOTES_LINES}.", field, status=413)  # fmt: skip
    return text


@register
class NotesPortlet(PortletType):
    type, component = "notes", "NotesPortlet"

    def schema(self):
        # x-text-limit (an annotation OMS's portal ignores): the most characters the server takes,
        # which the browser's text box holds to.
        return strict((), {"placeholder": NAME}, title="The shifter's notes, for the page's PDF", **{"x-text-limit": NOTES_LIMIT})

    def put_content(self, content, config, context, index):
        content["text"] = context.notes.get(index, "")
