"""The events resource under /api/v1/events: one timeline of every kind of event."""
from pixelws.dialect import Relationship, Resource, register

from .models import SEVERITIES, SOURCES, Event


def one_of(choices):
    def check(value):
        if value not in choices:
            raise ValueError(f"'{value}' is none of {', '.join(choices)}")

    return check


@register
class EventResource(Resource):
    model = Event
    type = "events"
    default_sort = ("start_time", "event_id")
    counted_with_rows = True  # a union of what happened, sorted whole: one pass, not two
    validators = {"source": one_of(SOURCES), "severity": one_of(SEVERITIES)}
    relationships = (Relationship("run", to="runs", on={"run_number": "run_number"}),)
    description = (
        "One timeline: runs starting and ending, LV/HV channels off or tripped, DCS readings beyond their "
        "limits, CO₂ set-point changes, FED channels masked by the DAQ, ROCs automasked, FED error bursts"
    )
