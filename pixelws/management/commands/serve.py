"""``manage.py serve`` (``make run``): say clearly when the port is taken, migrate the handovers' database, then run gunicorn in this process (pixelws/gunicorn_app.py)."""
import errno
import os
import socket
import subprocess
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Serve pixelws with gunicorn on 127.0.0.1 (say clearly when the port is taken)."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", 8000)))
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--workers", type=int, default=2)
        # Threads, so that a PDF (seconds, at most PDF_CONCURRENCY + PDF_QUEUE of them per worker:
        # pixelws/pdf_pool.py) never holds the thread an API or page request needs.
        parser.add_argument("--threads", type=int, default=4, help="threads per worker (gunicorn's gthread worker)")
        parser.add_argument("--check", action="store_true", help="only say whether the port is free (make run asks first)")

    def execute(self, *args, **options):
        # The port check needs no system checks: they import every view (WeasyPrint among them),
        # a second of `make run` for nothing. Serving runs them, and the workers inherit what they imported.
        if options.get("check"):
            options["skip_checks"] = True
        return super().execute(*args, **options)

    def handle(self, *args, host, port, workers, threads, check, **options):
        with socket.socket() as probe:
            # As gunicorn binds: connections of a stopped server left in TIME_WAIT do not count.
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                probe.bind((host, port))
            except OSError as error:
                if error.errno == errno.EADDRINUSE:
                    raise CommandError(
                        f"Port {port} on {host} is already in use (another pixelws, or another "
                        f"server). Stop it, or choose another port: make run PORT={port + 1}"
                    ) from None
                raise
        if check:
            return
        if threads <= settings.PDF_CONCURRENCY + settings.PDF_QUEUE:
            raise CommandError(f"--threads {threads} leaves no thread for the API beside {settings.PDF_CONCURRENCY} PDFs "
                               f"and {settings.PDF_QUEUE} waiting (PIXELWS_PDF_CONCURRENCY, PIXELWS_PDF_QUEUE): give more.")  # fmt: skip
        # The handovers' own database (apps/handovers) is migrated, never rebuilt: it keeps every
        # handover across `make run` and `make demo-db`.
        call_command("migrate", database="handovers", verbosity=0, interactive=False)
        from pixelws.gunicorn_app import Server, close_databases

        close_databases()  # the workers are forked from this process: each opens its own
        replay = start_live_replay(self.stdout) if getattr(settings, "LIVE", False) else None
        self.stdout.write(f"pixelws at http://{host}:{port}/  (API: http://{host}:{port}/api/v1/)")
        self.stdout.flush()
        try:
            Server(bind=f"{host}:{port}", workers=workers, threads=threads).run()
        finally:
            if replay:
                replay.terminate()
                replay.wait(timeout=30)


def start_live_replay(stdout):
    """The live demo (PIXELWS_LIVE=1, docs/live.md): `manage.py live_replay` in a process of its
    own, which copies the demo database, back-fills the run and says so; then the server reads
    the copy it writes (settings.SERVED_SQLITE_PATH). It stops with the server."""
    replay = subprocess.Popen([sys.executable, str(settings.BASE_DIR / "manage.py"), "live_replay", "--parent", str(os.getpid())],
                              stdout=subprocess.PIPE, text=True)  # fmt: skip
    started = replay.stdout.readline()
    if not started:
        raise CommandError(f"The live replay ended before it began (exit status {replay.wait()}): see its error above.")
    stdout.write(started.rstrip("\n"))
    return replay

