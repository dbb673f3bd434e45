import errno
import os
import socket
import sys

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
        self.stdout.write(f"pixelws at http://{host}:{port}/  (API: http://{host}:{port}/api/v1/)")
        gunicorn = os.path.join(os.path.dirname(sys.executable), "gunicorn")
        os.execv(gunicorn, [gunicorn, "pixelws.wsgi:application", "--bind", f"{host}:{port}",
                            "--workers", str(workers), "--threads", str(threads),  # pixelws logs each request itself
                            "--config", "python:pixelws.gunicorn_conf"])
