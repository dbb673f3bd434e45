"""The Pixel DAQ app (resources.py, probes/): FEDs, FED channels and their errors, ROC readbacks."""
from django.apps import AppConfig


class DaqConfig(AppConfig):
    name = "apps.daq"
    label = "daq"
    verbose_name = "Pixel DAQ: FEDs, FED channels and errors, ROC readbacks"
