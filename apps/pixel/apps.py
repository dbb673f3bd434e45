"""The Pixel detector app: modules, ROCs, FED cabling and DAQ masking."""
from django.apps import AppConfig


class PixelConfig(AppConfig):
    name = "apps.pixel"
    label = "pixel"
    verbose_name = "Pixel detector: modules, ROCs, FED cabling and DAQ masking"
