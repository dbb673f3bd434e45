"""The detector control app (resources.py, probes/): power, leakage currents, cooling, environment."""
from django.apps import AppConfig


class DcsConfig(AppConfig):
    name = "apps.dcs"
    label = "dcs"
    verbose_name = "Detector control: power, leakage currents, cooling and environment"
