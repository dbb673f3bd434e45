"""manage.py live_incident <kind>: make the running live replay play an incident now (docs/live.md)."""
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from apps.demo_source import live


class Command(BaseCommand):
    help = "Make the live demo's replay (make run) play an incident now: " + ", ".join(live.INCIDENTS) + "."
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=live.INCIDENTS)
        parser.add_argument("--wait", type=float, default=10.0, help="seconds to wait for the replay to take it")

    def handle(self, *args, kind, wait, **options):
        try:
            played = live.request_incident(settings.LIVE_SQLITE_PATH, kind, wait=wait)
        except FileNotFoundError as error:
            raise CommandError(str(error)) from None
        if played is None:
            raise CommandError(f"{kind} asked for, but no replay took it within {wait:g} s: is the live demo (make run) running?")
        self.stdout.write(f"{kind} played at {played} UTC: the events view has it (/api/v1/events?sort=-start_time).")
