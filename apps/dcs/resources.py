"""The detector control's resources under /api/v1/ (docs/add-a-resource.md): power groups and
the readings (LV, HV, leakage currents, temperatures, CO2 flows, humidities, clean room, CASTOR),
which share ReadingResource."""
from pixelws.dialect import Relationship, Resource, register

from .models import (
    LIMITS, CastorProbe, CleanroomProbe, Co2Flow, HvReading, Humidity, LeakageCurrent, LvReading, PowerGroup,
    Temperature,
)  # fmt: skip

CELSIUS = "^{\\circ}C"
MICROAMPERE = "{\\mu}A"


def limits_in(units):
    """Units of the alert limits: those of the quantity they watch."""
    return dict.fromkeys(LIMITS, units)


@register
class PowerGroupResource(Resource):
    model = PowerGroup
    type = "power_groups"
    default_sort = ("name",)
    relationships = (
        Relationship("modules", to="pixel_modules", on={"power_group": "name"}),
        Relationship("lv_channels", to="lv_channels", on={"power_group": "name"}),
        Relationship("hv_channels", to="hv_channels", on={"power_group": "name"}),
        Relationship("leakage_currents", to="leakage_currents", on={"power_group": "name"}),
    )
    description = (
        "The power catalog: 32 BPix sectors and 12 FPix disks, each with its LV analog and digital "
        "channels, its HV channels and the modules it powers"
    )


class ReadingResource(Resource):
    """A DCS archive's readings: one row per recorded time of a channel, newest first."""

    default_sort = ("-time", "reading_id")


@register
class LvChannelResource(ReadingResource):
    model = LvReading
    type = "lv_channels"
    units = {"voltage": "V", "current": "A"} | limits_in("A")
    relationships = (Relationship("power_group", to="power_groups", on={"name": "power_group"}),)
    description = "LV readings (CAEN A4603): voltage and current of each analog and digital channel"


@register
class HvChannelResource(ReadingResource):
    model = HvReading
    type = "hv_channels"
    units = {"voltage": "V", "current": MICROAMPERE} | limits_in(MICROAMPERE)
    relationships = (Relationship("power_group", to="power_groups", on={"name": "power_group"}),)
    description = "HV (bias) readings: voltage and current of each channel, ramping up at every run start"


@register
class LeakageCurrentResource(ReadingResource):
    model = LeakageCurrent
    type = "leakage_currents"
    units = {
        "current": MICROAMPERE,
        "current_per_module": MICROAMPERE,
        "temperature": CELSIUS,
        "corrected_current": MICROAMPERE,
        "corrected_per_module": MICROAMPERE,
    } | limits_in(MICROAMPERE)
    relationships = (Relationship("power_group", to="power_groups", on={"name": "power_group"}),)
    description = (
        "Leakage currents of the HV channels at full bias, per module too, and corrected to 20 °C with "
        "I(T) ∝ T² exp(−E_eff / 2kT), E_eff = 1.21 eV, using the modules' temperature sensor"
    )


@register
class TemperatureResource(ReadingResource):
    model = Temperature
    type = "temperatures"
    units = {"temperature": CELSIUS} | limits_in(CELSIUS)
    description = "Temperatures: one sensor per power group's modules, CO₂ loop inlets and outlets"


@register
class Co2FlowResource(ReadingResource):
    model = Co2Flow
    type = "co2_flows"
    units = {"flow": "g/s", "set_point": "g/s"} | limits_in("g/s")
    description = "CO₂ cooling: flow and set point of each loop"


@register
class HumidityResource(ReadingResource):
    model = Humidity
    type = "humidities"
    units = {"relative_humidity": "%", "dew_point": CELSIUS} | limits_in(CELSIUS)
    description = "Humidity in the pixel volume: relative humidity and dew point of each sensor"


@register
class CleanroomProbeResource(ReadingResource):
    model = CleanroomProbe
    type = "cleanroom_probes"
    units = {"temperature": CELSIUS, "relative_humidity": "%", "differential_pressure": "Pa"} | limits_in("Pa")
    description = "Pixel clean-room probes: temperature, relative humidity, overpressure"


@register
class CastorProbeResource(ReadingResource):
    model = CastorProbe
    type = "castor_probes"
    units = {"temperature": CELSIUS, "dew_point": CELSIUS} | limits_in(CELSIUS)
    description = "Environmental probes copied from the integration DB: temperature and dew point"
