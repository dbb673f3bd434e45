"""Unmanaged models over the DCS views (sql/oracle/*.sql): the power catalog, and the readings
of detector control as the DCS archive records them, each with its channel's alert limits."""
from datetime import timedelta

from django.db import models

from pixelws.dialect.fields import ListField
from pixelws.durations import every

LIMITS = ("warning_low", "warning_high", "alarm_low", "alarm_high")


def with_limits(quantity):
    """Add the channel's alert limits on ``quantity`` (columns of the view) after the model's
    own fields; NULL where the channel has no such limit."""

    def add(model):
        for name in LIMITS:
            level, side = name.split("_")
            help_text = f"{level} when {quantity} is {'below' if side == 'low' else 'above'} this"
            model.add_to_class(name, models.FloatField(null=True, help_text=help_text))
        return model

    return add


class PowerGroup(models.Model):
    name = models.CharField(max_length=16, primary_key=True, help_text="BPix_<half-shell>_SEC<n>, FPix_<half-cylinder>_D<n>")
    subdetector = models.CharField(max_length=4, help_text="BPix or FPix")
    half_shell = models.CharField(max_length=3, null=True, help_text="BPix: BmI BmO BpI BpO")
    sector = models.IntegerField(null=True, help_text="BPix: 1..8")
    half_cylinder = models.CharField(max_length=3, null=True, help_text="FPix: BmI BmO BpI BpO")
    disk = models.IntegerField(null=True, help_text="FPix: 1..3")
    lv_analog_channel = models.CharField(max_length=40, help_text="LV channel of the modules' analog supply")
    lv_digital_channel = models.CharField(max_length=40, help_text="LV channel of the modules' digital supply")
    hv_channels = ListField(help_text="bias channels: one per BPix layer or FPix ring in the group")
    modules = models.IntegerField(help_text="pixel modules the group powers")

    class Meta:
        managed = False
        db_table = "power_groups"


class RecordedTime(models.DateTimeField):
    """A reading's time, described with its model's ``cadence``: how often the archive records a
    value that has not moved. A plain DateTimeField to migrations (their help_text is the model's)."""

    def contribute_to_class(self, cls, name, **kwargs):
        self.help_text = f"recorded when a value moved beyond its deadband, or {every(cls.cadence)}"
        super().contribute_to_class(cls, name, **kwargs)

    def deconstruct(self):
        name, _, args, kwargs = super().deconstruct()
        return name, "django.db.models.DateTimeField", args, kwargs


class Reading(models.Model):
    # At least one row per channel this often (the archive's heartbeat): the time's description
    # says it, and the series probe draws no bucket narrower (a bucket without a row is a gap).
    cadence = timedelta(minutes=5)
    reading_id = models.BigIntegerField(primary_key=True, help_text="the archive's record number")
    time = RecordedTime()

    class Meta:
        abstract = True


class PoweredReading(Reading):
    channel = models.CharField(max_length=40)
    power_group = models.CharField(max_length=16, help_text="the power group the channel feeds (power_groups)")

    class Meta:
        abstract = True


@with_limits("the current")
class LvReading(PoweredReading):
    supply = models.CharField(max_length=8, help_text="analog or digital")
    voltage = models.FloatField()
    current = models.FloatField()
    state = models.CharField(max_length=8, help_text="ON, OFF or TRIPPED")

    class Meta:
        managed = False
        db_table = "lv_channels"


class BiasChannelReading(PoweredReading):
    subdetector = models.CharField(max_length=4, help_text="BPix or FPix")
    layer = models.IntegerField(null=True, help_text="BPix layer biased")
    ring = models.IntegerField(null=True, help_text="FPix ring biased")
    modules = models.IntegerField(help_text="modules biased by the channel")

    class Meta:
        abstract = True


@with_limits("the current")
class HvReading(BiasChannelReading):
    voltage = models.FloatField()
    current = models.FloatField()
    state = models.CharField(max_length=8, help_text="ON, RAMPING or STANDBY")

    class Meta:
        managed = False
        db_table = "hv_channels"


@with_limits("the current")
class LeakageCurrent(BiasChannelReading):
    current = models.FloatField(help_text="HV current at full bias")
    current_per_module = models.FloatField()
    temperature = models.FloatField(null=True, help_text="the modules' temperature sensor, last reading")
    corrected_current = models.FloatField(null=True, help_text="current at the reference temperature, 20 °C")
    corrected_per_module = models.FloatField(null=True, help_text="per module, at the reference temperature, 20 °C")

    class Meta:
        managed = False
        db_table = "leakage_currents"


@with_limits("the temperature")
class Temperature(Reading):
    sensor = models.CharField(max_length=40)
    location = models.CharField(max_length=64)
    power_group = models.CharField(max_length=16, null=True, help_text="the power group of the modules it is on")
    temperature = models.FloatField()

    class Meta:
        managed = False
        db_table = "temperatures"


@with_limits("the flow")
class Co2Flow(Reading):
    loop = models.CharField(max_length=40, help_text="CO₂ cooling loop: one per half-shell and half-cylinder")
    location = models.CharField(max_length=64)
    flow = models.FloatField()
    set_point = models.FloatField()

    class Meta:
        managed = False
        db_table = "co2_flows"


@with_limits("the dew point")
class Humidity(Reading):
    sensor = models.CharField(max_length=40)
    location = models.CharField(max_length=64)
    relative_humidity = models.FloatField()
    dew_point = models.FloatField()

    class Meta:
        managed = False
        db_table = "humidities"


@with_limits("the differential pressure")
class CleanroomProbe(Reading):
    probe = models.CharField(max_length=40)
    location = models.CharField(max_length=64)
    temperature = models.FloatField()
    relative_humidity = models.FloatField()
    differential_pressure = models.FloatField(help_text="over the surrounding hall")

    class Meta:
        managed = False
        db_table = "cleanroom_probes"


@with_limits("the temperature")
class CastorProbe(Reading):
    probe = models.CharField(max_length=40)
    location = models.CharField(max_length=64)
    temperature = models.FloatField()
    dew_point = models.FloatField()

    class Meta:
        managed = False
        db_table = "castor_probes"
