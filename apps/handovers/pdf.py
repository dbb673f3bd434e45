"""The handover's PDF: the Shift report as the workspace's PDF makes it (apps/workspace/pdf.py),
with the handover's summary first: the shift, the shifter, the time handed over, the key numbers
and the notes on page 1; the report's portlets follow."""
from apps.workspace.pdf import PagePdf
from apps.workspace.portlets import Context
from apps.workspace.portlets.base import plot_of
from apps.workspace.portlets.formatting import format_value

# The key numbers of page 1: the shift_totals probe's columns, with their labels and units.
KEY_NUMBERS = (
    ("delivered", "Delivered luminosity", "pb⁻¹"), ("recorded", "Recorded luminosity", "pb⁻¹"),
    ("efficiency", "Efficiency (recorded / delivered)", "%"), ("deadtime", "Dead time (beam active)", "%"),
    ("bpix_ready", "BPix ready", "% of LS"), ("fpix_ready", "FPix ready", "% of LS"),
)  # fmt: skip


class HandoverPdf(PagePdf):
    def __init__(self, request, page, selection, handover):
        super().__init__(request, page, selection, notes={})
        self.handover = handover  # shift, shifter, notes, created_time, version

    @property
    def filename(self):
        return f"pixel-handover-{self.selection.slug}-v{self.handover['version']}.pdf"

    def key_numbers(self):
        table = plot_of({"probe": "shift_totals"}, Context(self.selection, self.request.build_absolute_uri))["table"]
        totals = table["rows"][0] if table and table["rows"] else {}
        return [(label, format_value(totals.get(name), 3), units) for name, label, units in KEY_NUMBERS]

    def context(self):
        context = super().context()
        context["items"] = [item for item in context["items"] if item["kind"] != "notes"]  # the notes are on page 1
        context["handover"] = {**self.handover, "key_numbers": self.key_numbers(), "shift_label": self.selection.summary}
        return context
