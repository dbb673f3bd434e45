"""A page as an A4 PDF (pdf.py): ``/pages/<id>.pdf?<the page's query>``."""
from django.http import HttpResponse
from django.utils.http import content_disposition_header
from rest_framework.parsers import FormParser, MultiPartParser

from apps.workspace.pages import page_or_404
from apps.workspace.selection import check_state_keys, resolve
from pixelws.dialect.views import ResourceView

from .pdf import PagePdf, parse_notes, pdf_response


class PagePdfView(ResourceView):
    """``/pages/<id>.pdf?<the page's query>``: the page as an A4 PDF (pdf.py). POST carries the
    notes typed on the page (form fields ``notes.<portlet>``); nothing is stored."""

    http_method_names = ["get", "post", "head", "options"]
    parser_classes = [FormParser, MultiPartParser]

    def get(self, request, page_id):
        return self.pdf(request, page_id, {})

    def head(self, request, page_id):
        """What a GET would answer, checked, without making the PDF."""
        pdf = PagePdf(request._request, *self.chosen(request, page_id), {})
        response = HttpResponse(content_type="application/pdf")
        response["Content-Disposition"] = content_disposition_header(True, pdf.filename)
        return response

    def post(self, request, page_id):  # Origin and CSRF token checked as every write's (pixelws/writes.py)
        return self.pdf(request, page_id, request.data)

    def chosen(self, request, page_id):
        page = page_or_404(page_id)
        check_state_keys(request.query_params)
        return page, resolve(page.selectors, request.query_params, page.opens_on)

    def pdf(self, request, page_id, form):
        page, selection = self.chosen(request, page_id)
        notes = parse_notes(page, form)
        return pdf_response(PagePdf(request._request, page, selection, notes))
