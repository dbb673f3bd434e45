from django.apps import AppConfig


class DaqConfig(AppConfig):
    name = "apps.daq"
    label = "daq"
    verbose_name = "Pixel DAQ: FEDs, FED channels and errors, ROC readbacks"
