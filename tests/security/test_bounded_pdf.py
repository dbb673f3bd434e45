"""Issue 19, Medium 4 and the PDF's Low items: a layout abandoned (its time limit, its client gone)
is killed, so no PDF waits behind it; HEAD makes no PDF; notes are bounded in lines and must be
text; a POST from another site is refused."""
import io
import multiprocessing
import socket
import time

import pytest
from pypdf import PdfReader

from apps.reports import pdf as pdf_module

pytestmark = pytest.mark.django_db
SHIFT_PDF = "/pages/shift_report.pdf?shift=2018-10-09/evening"
NOTES = "notes.13"  # the Shift report's notes portlet


def layouts():
    return [p for p in multiprocessing.active_children() if p.name == "pdf-layout"]


def test_an_abandoned_layout_is_killed_and_the_next_one_does_not_wait_for_it():
    from apps.reports.layout import LayoutAbandoned, lay_out

    # Its deadline has passed when the layout starts: 30 000 paragraphs take far longer than the
    # first look at it. How soon it is given up, and the next layout's time: benchmarks/pdf_abandoned.py.
    long = "<html><body>" + "<p>a paragraph to lay out</p>" * 30000 + "</body></html>"
    with pytest.raises(LayoutAbandoned) as abandoned:
        lay_out(long, "http://testserver/", "testserver", deadline=time.monotonic())
    assert abandoned.value.reason == "timeout"
    assert layouts() == []  # killed, not left running (a thread cannot be)
    pdf = lay_out("<p>next</p>", "http://testserver/", "testserver", deadline=time.monotonic() + 120)
    assert PdfReader(io.BytesIO(pdf)).pages[0].extract_text().strip() == "next"


def test_a_client_gone_stops_its_layout():
    from apps.reports.layout import LayoutAbandoned, lay_out

    calls = []

    def gone():
        calls.append(1)
        return len(calls) > 2

    with pytest.raises(LayoutAbandoned) as abandoned:
        lay_out("<p>x</p>" * 30000, "http://testserver/", "testserver", deadline=time.monotonic() + 60, client_gone=gone)
    assert abandoned.value.reason == "client" and layouts() == []


def test_a_closed_connection_is_seen_as_gone(rf):
    from apps.reports.layout import client_gone

    ours, theirs = socket.socketpair()
    request = rf.get("/pages/roc_history.pdf", **{"gunicorn.socket": ours})
    assert client_gone(request) is False
    theirs.close()
    assert client_gone(request) is True
    assert client_gone(rf.get("/")) is False  # no socket (not gunicorn): never gone
    ours.close()


def test_a_pdf_whose_client_left_is_not_made(api, monkeypatch):
    ours, theirs = socket.socketpair()
    theirs.close()
    monkeypatch.setattr(pdf_module, "lay_out", lambda *a, **k: pytest.fail("laid out for nobody"))
    response = api.get("/pages/roc_history.pdf", **{"gunicorn.socket": ours})
    ours.close()
    assert response.status_code == 499
    assert response.document["errors"][0]["detail"] == "The client closed its connection; the PDF was not made."


def test_head_answers_the_headers_without_making_the_pdf(api, monkeypatch):
    monkeypatch.setattr(pdf_module.PagePdf, "response", lambda self: pytest.fail("HEAD made a PDF"))
    response = api.head(SHIFT_PDF)
    assert response.status_code == 200 and response.content == b""
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="pixel-shift_report-2018-10-09-evening.pdf"'
    assert api.head("/pages/shift_report.pdf?shift=2018-10-09/lunch").status_code == 400


def test_notes_are_bounded_in_lines(api, monkeypatch):
    # 10 000 newlines were under the 10 000-character limit, and 11–14 s of layout.
    monkeypatch.setattr(pdf_module.PagePdf, "response", lambda self: pytest.fail("laid out"))
    response = api.post(SHIFT_PDF, {NOTES: "\n" * 5000})
    assert response.status_code == 413
    assert response.document["errors"] == [{"status": "413", "title": "Request Entity Too Large", "detail": "The notes make 5000 lines (each line break, and a line per 100 characters of a long line); at most 500.",
                                            "source": {"parameter": NOTES}}]  # fmt: skip


def test_a_file_sent_as_the_notes_is_a_json_api_400(api):
    upload = io.BytesIO(b"host.example\n")
    upload.name = "hostname"
    response = api.post(SHIFT_PDF, {NOTES: upload})
    assert response.status_code == 400
    assert response.document["errors"][0]["source"] == {"parameter": NOTES}
    assert response.document["errors"][0]["detail"] == "notes.13 takes the notes' text, not a file."


@pytest.mark.parametrize("headers", [{"HTTP_ORIGIN": "https://evil.example"}, {"HTTP_SEC_FETCH_SITE": "cross-site"}])
def test_a_pdf_posted_from_another_site_is_refused(api, monkeypatch, headers):
    monkeypatch.setattr(pdf_module.PagePdf, "response", lambda self: pytest.fail("made a PDF for another site"))
    response = api.post(SHIFT_PDF, {NOTES: "x"}, **headers)
    assert response.status_code == 403
    assert response.document["errors"][0]["detail"].startswith("Writes come from this server's own pages, not ")


def test_a_pdf_posted_from_its_own_page_is_made(api):
    response = api.post("/pages/roc_history.pdf", {}, HTTP_ORIGIN="http://testserver", HTTP_SEC_FETCH_SITE="same-origin")
    assert response.status_code == 200 and response.content.startswith(b"%PDF-")
