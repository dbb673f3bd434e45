"""The pixel resources keep the resource contract (tests/resource_contract.py)."""
from apps.demo_source.models import OmsRun, PxlFedChannel
from apps.demo_source.pixel_generator import DISABLED_MODULES
from tests.resource_contract import ResourceContract


def latest_run():
    # Masking lists sort by -run_number: a sample from the latest run is on every first page.
    return OmsRun.objects.order_by("-run_number").values_list("run_number", flat=True)[0]


class TestPixelModules(ResourceContract):
    type = "pixel_modules"
    sample_id = "BPix_BmO_SEC1_LYR1_LDR1F_MOD1"


class TestPixelRocs(ResourceContract):
    type = "pixel_rocs"
    sample_id = "FPix_BmI_D1_BLD1_PNL1_RNG1_ROC7"


class TestMaskedRocs(ResourceContract):
    type = "masked_rocs"

    @property
    def sample_id(self):
        return f"{latest_run()}_1_{DISABLED_MODULES[0]}_ROC0"  # disabled: masked from LS 1


class TestMaskedChannels(ResourceContract):
    type = "masked_channels"

    @property
    def sample_id(self):
        channel = PxlFedChannel.objects.get(module_name=DISABLED_MODULES[0], first_roc=0)
        return f"{latest_run()}_1_{channel.fed_id}_{channel.fed_channel}"
