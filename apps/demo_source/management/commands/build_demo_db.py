import os
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from apps.demo_source import generator


class Command(BaseCommand):
    help = "Create the embedded demo database: migrate (tables and views), then fill it."

    def handle(self, *args, **options):
        if settings.DATABASE_ENGINE != "sqlite":
            raise CommandError("build_demo_db builds the embedded SQLite demo database only.")
        # Built in a new file and renamed into place: a server running meanwhile keeps reading the
        # old database, whole, and its next connection opens the new one, whole.
        final = Path(settings.SQLITE_PATH)
        building = final.with_name(f"{final.name}.building")
        building.unlink(missing_ok=True)
        connection = connections["default"]
        served_name = connection.settings_dict["NAME"]  # read-only: what the server opens
        connection.close()
        connection.settings_dict["NAME"] = str(building)
        try:
            call_command("migrate", verbosity=0, interactive=False)
            counts = generator.build()
        finally:
            connection.close()
            connection.settings_dict["NAME"] = served_name
        os.replace(building, final)
        summary = ", ".join(f"{n} {table}" for table, n in counts.items())
        self.stdout.write(f"Demo database ready: {summary}.")
