"""How many PDFs a worker process makes at once, and how many wait: a PDF (a page's, a handover's)
holds one of the worker's threads for seconds, so they are bounded below the worker's threads
(``serve --threads``), and the API's and the pages' requests always find a thread free. A PDF
beyond the places to wait is refused at once: a 503 with Retry-After, not a queue that grows.

The waiting is a thread's (gunicorn's gthread workers); the work itself is mostly out of the
worker's interpreter: the plots in Chromium, the layout in a forked process
(apps/workspace/figures.py, apps/reports/layout.py).
"""
import threading
from contextlib import contextmanager

from django.conf import settings

_lock = threading.Lock()
_free = threading.Condition(_lock)
_making = 0
_waiting = 0


class PdfBusy(Exception):
    """Every place to make or wait for a PDF is taken: try again in ``retry_after`` seconds."""

    def __init__(self, detail):
        super().__init__(detail)
        self.retry_after = settings.PDF_RETRY_AFTER


def state():
    """{"making": n, "waiting": m}: this process's PDFs (for /healthz)."""
    with _lock:
        return {"making": _making, "waiting": _waiting}


@contextmanager
def slot(deadline_seconds):
    """Holds one of this process's PDF_CONCURRENCY places while a PDF is made: waits for one if
    a PDF_QUEUE place is free (at most ``deadline_seconds``), else raises PdfBusy at once."""
    global _making, _waiting
    with _lock:
        if _making >= settings.PDF_CONCURRENCY:
            if _waiting >= settings.PDF_QUEUE:
                raise PdfBusy(f"This server is making {_making} PDFs and {_waiting} more wait; try again in "
                              f"{settings.PDF_RETRY_AFTER} s.")  # fmt: skip
            _waiting += 1
            try:
                got = _free.wait_for(lambda: _making < settings.PDF_CONCURRENCY, timeout=deadline_seconds)
            finally:
                _waiting -= 1
            if not got:
                raise PdfBusy(f"The PDFs before this one took longer than {deadline_seconds:.0f} s; try again in "
                              f"{settings.PDF_RETRY_AFTER} s.")  # fmt: skip
        _making += 1
    try:
        yield
    finally:
        with _lock:
            _making -= 1
            _free.notify()
