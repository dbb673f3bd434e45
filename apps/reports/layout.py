"""WeasyPrint's layout of a PDF in a process of its own, which is killed when the PDF is abandoned
(its time limit passed, its client gone): a thread cannot stop WeasyPrint, and every later PDF
waited behind the one abandoned. The processes are forked from multiprocessing's fork server,
which has Django and WeasyPrint imported once (this module, preloaded), so a layout starts in
milliseconds; a worker's own threads (SQLite slices, kaleido) are never forked.
"""
import multiprocessing
import os
import select
import socket
import threading
import time
import traceback

import django
from django.apps import apps

if not apps.ready:  # in the fork server: once, for every layout forked from it
    django.setup()

import weasyprint  # noqa: E402  (after Django: the fork server imports them once, for every layout)

from pixelws.dialect.views import cyclic_gc_paused  # noqa: E402

from .fetcher import OwnFilesFetcher  # noqa: E402

WARM_UP = """<html><head><link rel="stylesheet" href="{static}css/report.css"></head><body><h1>pixelws</h1>
<p>warm <b>bold</b> <i>italic</i> <code>code</code></p><table><tr><th>a</th><td>1.0</td></tr></table></body></html>"""


def warm_up():
    """Lay out a small report once, so that fontconfig's and Pango's fonts are loaded in the
    fork server and every layout forked from it starts with them (0.5 s each otherwise)."""
    from django.conf import settings

    html = WARM_UP.format(static=f"http://warm.up{settings.STATIC_URL}")
    weasyprint.HTML(string=html, base_url="http://warm.up/", url_fetcher=OwnFilesFetcher("warm.up")).write_pdf()


_context = multiprocessing.get_context("forkserver")
# In the fork server: this module (Django set up, the fetcher), then the fonts warmed up.
_context.set_forkserver_preload([__name__, "apps.reports.layout_preload"])
POLL_SECONDS = 0.05  # how often a waiting request looks at its deadline and its client


_started_in = None  # the process id that has started its fork server
_starting = threading.Lock()


def start():
    """Start this process's fork server, and wait until it has preloaded (2–3 s, once): at a
    worker's start, not in a shifter's first PDF."""
    global _started_in
    with _starting:
        if _started_in != os.getpid():
            process = _context.Process(target=int, name="pdf-layout-start")  # forked once the preloading is done
            process.start()
            process.join()
            _started_in = os.getpid()


def start_in_background():
    """start() in a thread of its own: the worker serves requests while the fork server preloads."""
    threading.Thread(target=start, name="pdf-layout-start", daemon=True).start()


class LayoutAbandoned(Exception):
    """The layout was stopped: ``reason`` is "timeout" or "client"."""

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


def lay_out(html, base_url, host, *, deadline, client_gone=lambda: False, cpu=None):
    """The PDF's bytes of ``html``, laid out in a process of its own; the process is killed, and
    LayoutAbandoned raised, at ``deadline`` (time.monotonic()) or as soon as ``client_gone()``.
    ``cpu``, a list, receives the CPU seconds the layout took (its wall time counts other work
    on the machine too)."""
    receiver, sender = _context.Pipe(duplex=False)
    process = _context.Process(target=_layout_process, args=(html, base_url, host, sender), daemon=True, name="pdf-layout")
    process.start()
    sender.close()
    try:
        while not receiver.poll(POLL_SECONDS):
            if time.monotonic() > deadline:
                raise LayoutAbandoned("timeout")
            if client_gone():
                raise LayoutAbandoned("client")
        try:
            kind, payload = receiver.recv()
        except EOFError:
            raise RuntimeError(f"The PDF's layout process ended without a PDF (exit code {process.exitcode}).") from None
    finally:
        if process.is_alive():
            process.kill()
        process.join()
        receiver.close()
    if kind == "error":
        raise RuntimeError(f"The PDF's layout failed:\n{payload}")
    pdf, seconds = payload
    if cpu is not None:
        cpu.append(seconds)
    return pdf


def _layout_process(html, base_url, host, sender):
    try:
        # WeasyPrint makes millions of objects and keeps most of them to the end; the cyclic
        # collector would scan them again and again as they grow, so it waits.
        with cyclic_gc_paused():
            pdf = weasyprint.HTML(string=html, base_url=base_url, url_fetcher=OwnFilesFetcher(host)).write_pdf()
        sender.send(("pdf", (pdf, time.process_time())))  # a forked process's CPU time starts at 0
    except Exception:  # noqa: BLE001  (told to the request, which fails with it)
        sender.send(("error", traceback.format_exc()))
    finally:
        sender.close()


def client_gone(request):
    """Whether the client of this request has closed its connection (gunicorn's sync workers put
    the socket in the environ; a closed peer reads as end of file). False when there is no socket."""
    connection = request.META.get("gunicorn.socket")
    if connection is None:
        return False
    try:
        readable, _, _ = select.select([connection], [], [], 0)
        return bool(readable) and connection.recv(1, socket.MSG_PEEK) == b""
    except (OSError, ValueError):  # closed under us
        return True
