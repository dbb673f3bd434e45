"""The DCS resources keep the resource contract (tests/resource_contract.py)."""
from apps.demo_source.models import (
    DcsCleanroom, DcsCo2Flow, DcsHumidity, DcsHvReading, DcsLvReading, DcsTemperature, IntdbCastorProbe,
)  # fmt: skip
from tests.resource_contract import ResourceContract


def first_id(source, **where):
    return str(source.objects.filter(**where).order_by("id").values_list("id", flat=True)[0])


class TestPowerGroups(ResourceContract):
    type = "power_groups"
    sample_id = "BPix_BmI_SEC1"


class TestLvChannels(ResourceContract):
    type = "lv_channels"

    @property
    def sample_id(self):
        return first_id(DcsLvReading)


class TestHvChannels(ResourceContract):
    type = "hv_channels"

    @property
    def sample_id(self):
        return first_id(DcsHvReading)


class TestLeakageCurrents(ResourceContract):
    type = "leakage_currents"

    @property
    def sample_id(self):
        return first_id(DcsHvReading, state="ON")


class TestTemperatures(ResourceContract):
    type = "temperatures"

    @property
    def sample_id(self):
        return first_id(DcsTemperature)


class TestCo2Flows(ResourceContract):
    type = "co2_flows"

    @property
    def sample_id(self):
        return first_id(DcsCo2Flow)


class TestHumidities(ResourceContract):
    type = "humidities"

    @property
    def sample_id(self):
        return first_id(DcsHumidity)


class TestCleanroomProbes(ResourceContract):
    type = "cleanroom_probes"

    @property
    def sample_id(self):
        return first_id(DcsCleanroom)


class TestCastorProbes(ResourceContract):
    type = "castor_probes"

    @property
    def sample_id(self):
        return first_id(IntdbCastorProbe)
