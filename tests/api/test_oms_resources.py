"""The OMS context resources keep the resource contract."""
from tests.resource_contract import ResourceContract


class TestFills(ResourceContract):
    type = "fills"
    sample_id = "7269"


class TestRuns(ResourceContract):
    type = "runs"
    sample_id = "324245"


class TestLumisections(ResourceContract):
    type = "lumisections"
    sample_id = "324245_100"


class TestDeadtimes(ResourceContract):
    type = "deadtimes"
    sample_id = "324245_100"


class TestEras(ResourceContract):
    type = "eras"
    sample_id = "Run2018D"
