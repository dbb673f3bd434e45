"""The OMS context app: fills, runs, lumisections, dead times and eras."""
from django.apps import AppConfig


class OmsConfig(AppConfig):
    name = "apps.oms"
    label = "oms"
    verbose_name = "OMS context: fills, runs, lumisections, dead times, eras"
