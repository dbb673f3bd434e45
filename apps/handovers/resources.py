"""The handovers resource under /api/v1/handovers: read only; a handover is made by a POST to
/api/workspace/handovers (views.py)."""
from pixelws.dialect import Resource, register

from .models import Handover


@register
class HandoverResource(Resource):
    """Read-only like every resource: the one write is POST /api/workspace/handovers (views.py)."""

    model = Handover
    type = "handovers"
    default_sort = ("-created_time",)
    exclude = ("pdf",)  # the bytes are at relationships.pdf.links.related
    units = {"pdf_size": "B"}
    file_links = {"pdf": "handovers/{id}.pdf"}
    description = "Shift handovers: the shifter, the notes and the Shift report's PDF as handed over, every version"
