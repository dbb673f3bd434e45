"""``manage.py document_views``: write docs/views.md, the reference of every view."""
from django.core.management.base import BaseCommand, CommandError

from pixelws.viewdocs import REFERENCE_PATH, reference


class Command(BaseCommand):
    help = "Write docs/views.md from the view files, models and resource declarations."

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="fail if docs/views.md is out of date; write nothing")

    def handle(self, *args, check, **options):
        text = reference()
        if check:
            if not REFERENCE_PATH.exists() or REFERENCE_PATH.read_text() != text:
                raise CommandError(f"{REFERENCE_PATH} is out of date: run manage.py document_views")
            return
        REFERENCE_PATH.write_text(text)
        self.stdout.write(f"Wrote {REFERENCE_PATH}.")
