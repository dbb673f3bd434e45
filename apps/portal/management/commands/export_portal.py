"""``manage.py export_portal pixel-portal.json``: the whole Pixel workspace in OMS's portal
format, for loading into OMS's portal database (docs/add-a-page.md, "Moving a page to OMS").

The file maps each document's path under /api/portal/ to the document the server serves there.
"""
import json

from django.core.management.base import BaseCommand

from apps.portal import documents as portal


class Command(BaseCommand):
    help = "Write every portal API document of the workspace to a JSON file, keyed by its path under /api/portal/."
    requires_system_checks = "__all__"  # a page its config_schema refuses is never exported

    def add_arguments(self, parser):
        parser.add_argument("file", help="the JSON file to write ('-' for standard output)")

    def handle(self, *args, file, **options):
        text = json.dumps(portal.documents(), indent=1, ensure_ascii=False) + "\n"
        if file == "-":
            self.stdout.write(text, ending="")
            return
        with open(file, "w", encoding="utf-8") as out:
            out.write(text)
        pages = sum(path.startswith("pages/") for path in portal.documents())
        self.stdout.write(f"Wrote workspace '{portal.WORKSPACE['path']}' ({pages} pages) to {file}.")
