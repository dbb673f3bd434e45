"""The DAQ resources keep the resource contract (tests/resource_contract.py)."""
from apps.demo_source.daq_generator import NOISY_CHANNELS, NOISY_FED, STORM_RUN
from apps.demo_source.models import PxlFedChannel, PxlFedError
from apps.demo_source.pixel_generator import DISABLED_MODULES
from tests.resource_contract import ResourceContract


class TestPixelFeds(ResourceContract):
    type = "pixel_feds"
    sample_id = "1200"


class TestFedChannels(ResourceContract):
    type = "fed_channels"

    @property
    def sample_id(self):
        channel = PxlFedChannel.objects.get(module_name=DISABLED_MODULES[0], first_roc=0)
        return f"{STORM_RUN}_1_{channel.fed_id}_{channel.fed_channel}"  # disabled for the whole run


class TestFedErrors(ResourceContract):
    type = "fed_errors"

    @property
    def sample_id(self):
        row = PxlFedError.objects.filter(run_number=STORM_RUN, fed_id=NOISY_FED, fed_channel=NOISY_CHANNELS[0]).order_by(
            "lumisection_number", "error_type").first()  # fmt: skip
        return f"{STORM_RUN}_{row.lumisection_number}_{NOISY_FED}_{NOISY_CHANNELS[0]}_{row.error_type}"


class TestReadbacks(ResourceContract):
    type = "readbacks"
    sample_id = f"{STORM_RUN}_BPix_BmO_SEC1_LYR1_LDR1F_MOD1_ROC0"


def test_omsapi_reads_fed_errors_filtered_on_fed_type_and_ls_range(api):
    from apps.daq.models import FedError
    from tests.api.test_oms_client import ClientQuery

    q = ClientQuery(api, "fed_errors").attrs(["lumisection_number", "fed_id", "fed_channel", "error_name", "errors"])
    q.filter("run_number", STORM_RUN).filter("fed_id", 1300).filter("error_type", 29)
    q.filter("lumisection_number", 150, "GE").filter("lumisection_number", 250, "le")
    q.sorts, q.per_page = {"lumisection_number"}, 10000
    document = q.data()
    expected = FedError.objects.filter(run_number=STORM_RUN, fed_id=1300, error_type=29, lumisection_number__gte=150,
                                       lumisection_number__lte=250)  # fmt: skip
    assert document["meta"]["totalResourceCount"] == expected.count() > 100  # the storm
    assert sum(o["attributes"]["errors"] for o in document["data"]) == sum(expected.values_list("errors", flat=True))
    assert {o["attributes"]["error_name"] for o in document["data"]} == {"timeout"}
