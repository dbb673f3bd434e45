"""DCS probes, registered as their modules load: any reading series downsampled in SQL (series),
the detector's conditions (conditions) and states (state)."""
from . import conditions, series, state

__all__ = ["conditions", "series", "state"]
