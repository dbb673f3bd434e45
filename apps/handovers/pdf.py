"""The handover's PDF: the Shift report as the workspace's PDF makes it (apps/reports/pdf.py),
its page 1 the shift's digest (apps/reports/digest.py) with the handover's shifter, time,
version and notes; the report's portlets follow."""
from apps.reports.pdf import PagePdf


class HandoverPdf(PagePdf):
    def __init__(self, request, page, selection, handover):
        super().__init__(request, page, selection, notes={})
        self.handover = handover  # shift, shifter, notes, created_time, version

    @property
    def filename(self):
        return f"pixel-handover-{self.selection.slug}-v{self.handover['version']}.pdf"

    def digest_notes(self):
        return self.handover["notes"]

    def context(self):
        context = super().context()
        context["handover"] = self.handover
        return context
