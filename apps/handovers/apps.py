from django.apps import AppConfig


class HandoversConfig(AppConfig):
    name = "apps.handovers"
    label = "handovers"
    default_auto_field = "django.db.models.BigAutoField"
