"""The OMS context resources keep the resource contract."""
import pytest

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


@pytest.mark.django_db
def test_a_sub_second_time_fails_the_contract_with_a_clear_message(api):
    """A student's source table with sub-second times: the contract says what is wrong and what
    to do, not a bare ``AssertionError: end_time``."""
    from apps.demo_source.models import OmsFill

    fill = OmsFill.objects.get(pk=int(TestFills.sample_id))
    OmsFill.objects.filter(pk=fill.pk).update(end_time=fill.end_time.replace(microsecond=250000))
    with pytest.raises(AssertionError, match=r"end_time: the view's time .*\.250000.* has a fraction of a second"):
        TestFills().test_every_attribute_filters_the_sample_back_by_equality(api)
