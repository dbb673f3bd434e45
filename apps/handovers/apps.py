"""The shift handovers app: each handover stored with its PDF, in a database of its own."""
from django.apps import AppConfig


class HandoversConfig(AppConfig):
    name = "apps.handovers"
    label = "handovers"
    default_auto_field = "django.db.models.BigAutoField"
