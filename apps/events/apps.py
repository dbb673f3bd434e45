"""The events app: one timeline of runs, DCS, power, DAQ masking and FED errors."""
from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "apps.events"
    label = "events"
    verbose_name = "Events: one timeline of runs, DCS, power, DAQ masking and FED errors"
