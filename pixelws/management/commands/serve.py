"""``manage.py serve`` (``make run``): say clearly when the port is taken, migrate the handovers' database, then run gunicorn in this process (pixelws/gunicorn_app.py)."""
import errno
import os
import socket

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Serve pixelws with gunicorn on 127.0.0.1 (say clearly when the port is taken)."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", 8000)))
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--workers", type=int, default=2)
        parser.add_argument("--threads", type=int, default=1, help="threads per worker (gunicorn's gthread worker when > 1)")
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
        # The handovers' own database (apps/handovers) is migrated, never rebuilt: it keeps every
        # handover across `make run` and `make demo-db`.
        call_command("migrate", database="handovers", verbosity=0, interactive=False)
        from pixelws.gunicorn_app import Server, close_databases

        close_databases()  # the workers are forked from this process: each opens its own
        self.stdout.write(f"pixelws at http://{host}:{port}/  (API: http://{host}:{port}/api/v1/)")
        self.stdout.flush()
        Server(bind=f"{host}:{port}", workers=workers, threads=threads).run()
