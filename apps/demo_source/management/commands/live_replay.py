"""manage.py live_replay: the live demo's replay (apps/demo_source/live.py, docs/live.md), which
`manage.py serve` starts when PIXELWS_LIVE=1 (`make run`): a fresh copy of the demo database,
the run's back-fill, then a lumisection every 23.31 s / speed until stopped."""
import os
import signal
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from apps.demo_source import live


class Command(BaseCommand):
    help = "Copy the demo database to the live one and write a run happening now into it, until stopped."
    requires_system_checks = []  # it writes rows; the server's checks are the server's

    def add_arguments(self, parser):
        parser.add_argument("--speed", type=float, default=None, help="times faster than real (default PIXELWS_LIVE_SPEED, 1)")
        parser.add_argument("--backfill-hours", type=float, default=live.BACKFILL.total_seconds() / 3600,
                            help="how much of the run is written at once when it starts (hours of the run)")  # fmt: skip
        parser.add_argument("--parent", type=int, default=None, help="stop when this process (the server) ends")

    def handle(self, *args, speed, backfill_hours, parent, **options):
        if settings.DATABASE_ENGINE != "sqlite":
            raise CommandError("The live replay writes the embedded SQLite demo database only.")
        speed = speed or settings.LIVE_SPEED
        if not speed > 0:
            raise CommandError(f"--speed (PIXELWS_LIVE_SPEED) must be above 0, not {speed}")
        demo = settings.SQLITE_PATH
        if not demo.exists():
            raise CommandError(f"{demo}: no demo database to replay after: manage.py build_demo_db builds it")
        started = time.monotonic()
        live.prepare(demo, settings.LIVE_SQLITE_PATH)
        copied = time.monotonic()
        replay = live.Replay(settings.LIVE_SQLITE_PATH, speed=speed, backfill=live.timedelta(hours=backfill_hours))
        self.stdout.write(
            f"Live run {replay.run.number} in fill {replay.fill['number']}: {replay.run.written} lumisections "
            f"back-filled (copy {copied - started:.1f} s, back-fill {time.monotonic() - copied:.1f} s), one every "
            f"{live.LS_SECONDS / speed:.2f} s, into {settings.LIVE_SQLITE_PATH}"
        )
        self.stdout.flush()
        stopping = []
        signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))
        try:
            replay.run_forever(stop=lambda: stopping or (parent is not None and os.getppid() != parent))
        except KeyboardInterrupt:
            pass
