"""``manage.py build_demo_db`` (``make demo-db``; ``make run`` with ``--if-changed``): the embedded
demo database, migrated (tables and views) and filled with a deterministic week of October 2018."""
import fcntl
import os
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from apps.demo_source import generator, inputs


class Command(BaseCommand):
    help = ("Create the embedded demo database: migrate (tables and views), then fill it. With "
            "--if-changed, only when its inputs (migrations, view SQL, generator) changed since it was built.")  # fmt: skip

    # Django's checks import every view (WeasyPrint among them): a second of each `make run` that
    # keeps the database. They run when it is built.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--if-changed", action="store_true",
                            help="keep the database when the digest of its inputs, kept beside it, still matches")  # fmt: skip

    def handle(self, *args, if_changed=False, **options):
        if settings.DATABASE_ENGINE != "sqlite":
            raise CommandError("build_demo_db builds the embedded SQLite demo database only.")
        final = Path(settings.SQLITE_PATH)
        stamp = final.with_name(f"{final.name}.inputs")  # the digest the database was built from
        with exclusive(final.with_name(f"{final.name}.lock")):  # parallel test workers build it once
            digest = inputs.digest()
            built_from = stamp.read_text().strip() if stamp.exists() and final.exists() else None
            if if_changed and built_from == digest:
                self.stdout.write(f"Demo database kept: its inputs have not changed ({final}).")
                return
            why = ("asked for" if not if_changed else "there was none" if not final.exists()
                   else "its inputs changed" if built_from else "no digest of its inputs beside it")
            self.check()
            stamp.unlink(missing_ok=True)  # a build cut short must not leave the old digest standing
            counts = build(final)
            stamp.write_text(digest + "\n")
        summary = ", ".join(f"{n} {table}" for table, n in counts.items())
        self.stdout.write(f"Demo database rebuilt ({why}): {summary}.")


def build(final):
    """Migrate and fill a new file, renamed into place: a server running meanwhile keeps reading the
    old database, whole, and its next connection opens the new one, whole."""
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
    return counts


@contextmanager
def exclusive(lock_path):
    with open(lock_path, "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
