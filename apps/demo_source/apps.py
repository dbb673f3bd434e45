"""The demo's source tables and their generator: only in the embedded SQLite database."""
from django.apps import AppConfig


class DemoSourceConfig(AppConfig):
    name = "apps.demo_source"
    label = "demo_source"
    verbose_name = "Demo source tables (look-alikes of the production tables)"
