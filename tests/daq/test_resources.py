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
