"""A reading model's cadence, declared once: its time's description says it (in /meta and the
views' reference), and the series probe takes it as its least bucket width (test_series_probe)."""
from datetime import timedelta

import pytest
from django.db import models
from django.test.utils import isolate_apps

from apps.dcs.models import Reading
from pixelws.dialect import Resource
from pixelws.durations import every
from tests.jsonapi import get


@pytest.mark.django_db
def test_the_archive_s_readings_say_every_5_minutes(api):
    fields = get(api, "/api/v1/temperatures/meta")["meta"]["fields"]
    assert fields["time"]["description"] == "recorded when a value moved beyond its deadband, or every 5 minutes"


@isolate_apps("apps.dcs")
def test_an_hourly_model_says_every_hour_and_keeps_the_field_a_datetime():
    class PortcardTemperature(Reading):
        cadence = timedelta(hours=1)
        temperature = models.FloatField()

        class Meta:
            managed = False
            app_label, db_table = "dcs", "portcard_temperatures"

    time = PortcardTemperature._meta.get_field("time")
    assert time.help_text == "recorded when a value moved beyond its deadband, or every hour"
    assert Reading._meta.get_field("time").help_text.endswith("or every 5 minutes")  # the parent's own is untouched
    _, path, _, kwargs = time.deconstruct()  # migrations see Django's field and this description
    assert (path, kwargs) == ("django.db.models.DateTimeField", {"help_text": time.help_text})
    resource = type("PortcardTemperatureResource", (Resource,), {"model": PortcardTemperature, "type": "portcard_temperatures"})
    assert resource().cadence == timedelta(hours=1) and resource().attributes["time"].kind == "datetime"


@pytest.mark.parametrize("seconds, words", [(1, "every second"), (90, "every 90 seconds"), (300, "every 5 minutes"),
                                            (3600, "every hour"), (7200, "every 2 hours"), (86400, "every day")])  # fmt: skip
def test_a_cadence_in_words(seconds, words):
    assert every(timedelta(seconds=seconds)) == words
