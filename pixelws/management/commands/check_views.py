"""``manage.py check_views``: can every model read its view in the connected database?

Run it after pointing pixelws at a database (``make check-views``), e.g. a new Oracle schema.
"""
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from pixelws.sqlviews import view_models, view_problems


class Command(BaseCommand):
    help = "Compare each unmanaged model with its database view; exit non-zero on a mismatch."

    def handle(self, *args, **options):
        problems = view_problems(connection)
        if problems:
            raise CommandError("Models and views differ:\n  " + "\n  ".join(problems))
        count = len(view_models())
        self.stdout.write(f"{count} views match their models on {connection.vendor} ({connection.settings_dict['NAME']}).")
