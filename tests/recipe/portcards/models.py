"""A student's resource by docs/add-a-resource.md: the portcards' temperatures, read hourly."""
from datetime import timedelta

from django.db import models

from pixelws.dialect import serve


class PortcardReading(models.Model):
    """Step 1's new source table (in the demo database only), with its indexes: the resource's
    default order (newest first) and the attribute its pages filter on."""

    portcard = models.CharField(max_length=40)
    ts = models.DateTimeField()
    temperature = models.FloatField()

    class Meta:
        db_table = "PXL_PORTCARD_TEMPERATURES"
        indexes = [models.Index(fields=["-ts", "id"], name="pxl_portcard_t_newest"),
                   models.Index("portcard", "ts", name="pxl_portcard_t_card_ts")]  # fmt: skip


@serve("portcard_temperatures",
       default_sort=("-time", "reading_id"),
       units={"temperature": "^{\\circ}C"},
       description="Portcard temperatures, one reading per portcard an hour")  # fmt: skip
class PortcardTemperature(models.Model):
    """Step 3: the model over the view, served as a resource (its cadence: a row an hour)."""

    cadence = timedelta(hours=1)
    reading_id = models.BigIntegerField(primary_key=True)
    portcard = models.CharField(max_length=40)
    time = models.DateTimeField()
    temperature = models.FloatField(verbose_name="portcard temperature")

    class Meta:
        managed = False
        db_table = "portcard_temperatures"
