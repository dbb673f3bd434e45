from django.core.management import call_command
from django.core.management.base import BaseCommand

from apps.demo_source import generator


class Command(BaseCommand):
    help = "Create the embedded demo database: migrate (tables and views), then (re)fill it."

    def handle(self, *args, **options):
        call_command("migrate", verbosity=0, interactive=False)
        counts = generator.build()
        summary = ", ".join(f"{n} {table}" for table, n in counts.items())
        self.stdout.write(f"Demo database ready: {summary}.")
