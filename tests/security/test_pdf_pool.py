"""PDFs off the API's path (pixelws/pdf_pool.py): a worker makes PDF_CONCURRENCY PDFs at once and
lets PDF_QUEUE more wait, each on a thread of its own, below the worker's threads; beyond, a PDF or
a handover is a 503 with Retry-After at once. Against `manage.py serve` as `make run` starts it,
/healthz and a fill answer while two FED-error PDFs are made (their times: benchmarks/pdf_load.py)."""
import json
import threading
import urllib.error
import urllib.request

import pytest

from apps.handovers.models import Handover, Reservation
from pixelws import pdf_pool
from tests.test_serve import serving

pytestmark = [pytest.mark.django_db(databases=["default", "handovers"]), pytest.mark.long]
FED_PDF = "/pages/fed_errors.pdf?run=324245"


def until(condition, what, timeout=120):
    """Waits for ``condition()`` (a machine busy with other tests may take a while), on an event
    that never fires: a pause between looks, not a sleep standing for the condition."""
    never = threading.Event()
    for _ in range(int(timeout / 0.05)):
        if condition():
            return
        never.wait(0.05)
    pytest.fail(f"never {what}")


class Held:
    """One of this process's PDF places, held by a thread until released."""

    def __init__(self):
        self.entered, self.release, self.error = threading.Event(), threading.Event(), None
        self.thread = threading.Thread(target=self.hold, daemon=True)
        self.thread.start()

    def hold(self):
        try:
            with pdf_pool.slot(600):
                self.entered.set()
                self.release.wait()  # the test releases it, however long its requests take
        except pdf_pool.PdfBusy as error:
            self.error = error


@pytest.fixture
def pool_full(settings):
    """PDF_CONCURRENCY 1 and PDF_QUEUE 1 (the defaults), both taken: one PDF made, one waiting."""
    assert (settings.PDF_CONCURRENCY, settings.PDF_QUEUE) == (1, 1)
    making = Held()
    making.entered.wait(10)
    waiting = Held()
    until(lambda: pdf_pool.state() == {"making": 1, "waiting": 1}, "one PDF making and one waiting")
    yield
    making.release.set()
    waiting.entered.wait(10)
    waiting.release.set()
    for held in (making, waiting):
        held.thread.join(10)
        assert held.error is None
    assert pdf_pool.state() == {"making": 0, "waiting": 0}


def test_beyond_the_queue_a_pdf_is_a_503_with_retry_after(api, pool_full):
    response = api.get(FED_PDF)
    assert response.status_code == 503 and response["Retry-After"] == "15"
    (error,) = response.document["errors"]
    assert error == {"status": "503", "title": "Service Unavailable",
                     "detail": "This server is making 1 PDFs and 1 more wait; try again in 15 s."}  # fmt: skip
    assert api.get("/healthz").document == {"meta": {"status": "alive", "pdfs": {"making": 1, "waiting": 1}}}


def test_beyond_the_queue_a_handover_is_a_503_and_nothing_is_stored(api, pool_full):
    shift = "2018-10-21/morning"
    body = {"data": {"type": "handovers", "attributes": {"shift": shift, "shifter": "Ada", "notes": ""}}}
    response = api.post("/api/workspace/handovers", json.dumps(body), content_type="application/vnd.api+json")
    assert response.status_code == 503 and response["Retry-After"] == "15"
    assert response.document["errors"][0]["detail"].startswith("Not handed over (nothing was stored): This server is making 1 PDFs")
    assert not Handover.objects.filter(shift=shift).exists() and not Reservation.objects.filter(shift=shift).exists()


def test_a_waiting_pdf_gives_up_with_a_503_after_its_time(settings):
    settings.PDF_QUEUE = 1
    making = Held()
    making.entered.wait(10)
    with pytest.raises(pdf_pool.PdfBusy, match="The PDFs before this one took longer than 0 s"), pdf_pool.slot(0):
        pass
    making.release.set()
    making.thread.join(10)
    assert pdf_pool.state() == {"making": 0, "waiting": 0}


def fetch(url):
    try:
        with urllib.request.urlopen(url, timeout=900) as answer:
            return answer.status, dict(answer.headers), answer.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


@pytest.mark.timeout(1200)  # two FED-error PDFs one after the other, a server's start, on a machine busy with other tests
def test_health_and_a_fill_answer_while_two_fed_error_pdfs_are_made(django_db_setup, tmp_path, monkeypatch):
    from django.conf import settings

    monkeypatch.setenv("PIXELWS_PDF_TIME_LIMIT", "400")  # a machine busy with other tests: the second PDF waits for the first
    with serving(settings.SQLITE_PATH, tmp_path / "handovers.sqlite3", workers=1) as (server, base):
        done, answers = [], {}

        def ask(name, path):
            answers[name] = fetch(base + path)
            done.append(name)

        pdfs = [threading.Thread(target=ask, args=(f"pdf {i}", FED_PDF)) for i in (1, 2)]
        for thread in pdfs:
            thread.start()
        # One worker: both PDFs are its own, one made and one waiting for its turn.
        until(lambda: json.loads(fetch(base + "/healthz")[2])["meta"]["pdfs"] == {"making": 1, "waiting": 1},
              "two PDFs in the worker", timeout=300)  # fmt: skip
        status, headers, third = fetch(base + FED_PDF)
        ask("fill", "/api/v1/fills/7267")
        status_health, _, health = fetch(base + "/healthz")
        for thread in pdfs:
            thread.join(900)
    assert (status, headers["Retry-After"]) == (503, "15")
    assert json.loads(third)["errors"][0]["detail"] == "This server is making 1 PDFs and 1 more wait; try again in 15 s."
    assert answers["fill"][0] == 200 and json.loads(answers["fill"][2])["data"]["id"] == "7267"
    # Answered while the PDFs were still being made: the fill before the second PDF, which waited
    # for the first; health says so itself.
    assert done.index("fill") < max(done.index("pdf 1"), done.index("pdf 2"))
    assert status_health == 200 and json.loads(health)["meta"]["pdfs"]["making"] == 1
    for name in ("pdf 1", "pdf 2"):
        assert answers[name][0] == 200 and answers[name][2].startswith(b"%PDF-"), answers[name][2][:300]
