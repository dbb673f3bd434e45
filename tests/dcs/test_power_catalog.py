"""The power catalog: every module in exactly one group, channels as the groups declare them."""
from collections import Counter

import pytest

from apps.dcs.models import PowerGroup
from apps.demo_source.models import DcsChannel
from apps.geometry import phase1
from apps.pixel.models import PixelModule
from tests.jsonapi import get

pytestmark = pytest.mark.django_db


def test_44_groups_32_bpix_sectors_and_12_fpix_disks():
    groups = list(PowerGroup.objects.values_list("name", "subdetector", "half_shell", "sector", "half_cylinder", "disk"))
    assert len(groups) == 44
    expected = {(f"BPix_{h}_SEC{s}", "BPix", h, s, None, None) for h in phase1.HALVES for s in range(1, 9)}
    expected |= {(f"FPix_{h}_D{d}", "FPix", None, None, h, d) for h in phase1.HALVES for d in range(1, 4)}
    assert set(groups) == expected


def test_every_module_is_in_exactly_the_group_of_its_sector_or_disk():
    in_view = dict(PixelModule.objects.values_list("name", "power_group"))
    assert in_view == {module.name: module.power_group for module in phase1.all_modules()}
    per_group = Counter(in_view.values())
    assert dict(PowerGroup.objects.values_list("name", "modules")) == per_group
    assert sum(per_group.values()) == 1856
    # ladders × 4 modules: SEC4 has no L1 ladder, one L2, two L3 and four L4 ladders per half-shell
    assert per_group["BPix_BmI_SEC4"] == (0 + 1 + 2 + 4) * 4
    assert per_group["FPix_BpO_D3"] == (11 + 17) * 2  # blades of both rings × 2 panels


def test_hv_channels_bias_each_layer_or_ring_of_the_group_once():
    hv = {name: (group, layer, ring, modules) for name, group, layer, ring, modules in
          DcsChannel.objects.filter(kind="hv").values_list("name", "power_group", "layer", "ring", "modules")}  # fmt: skip
    modules = Counter()
    for module in phase1.all_modules():
        part = f"L{module.layer}" if isinstance(module, phase1.BPixModule) else f"R{module.ring}"
        modules[f"{module.power_group}_HV_{part}"] += 1
    assert {name: m for name, (_, _, _, m) in hv.items()} == dict(modules)
    for group in PowerGroup.objects.all():
        assert group.hv_channels == sorted(n for n, (g, *_rest) in hv.items() if g == group.name)
        assert (group.lv_analog_channel, group.lv_digital_channel) == (f"{group.name}_LV_ANALOG", f"{group.name}_LV_DIGITAL")
    assert len(hv) == 4 * (6 + 8 + 8 + 8) + 12 * 2  # layer 1 reaches 6 of 8 sectors


def test_a_group_links_its_modules_and_readings(api):
    modules = get(api, "/api/v1/power_groups/BPix_BpO_SEC6/modules?page[limit]=1000")["data"]
    assert len(modules) == PixelModule.objects.filter(half_shell="BpO", sector=6).count() == (1 + 2 + 3 + 4) * 4
    assert {m["attributes"]["power_group"] for m in modules} == {"BPix_BpO_SEC6"}
    lv = get(api, "/api/v1/power_groups/BPix_BpO_SEC6/lv_channels?page[limit]=5")
    assert {r["attributes"]["channel"] for r in lv["data"]} <= {"BPix_BpO_SEC6_LV_ANALOG", "BPix_BpO_SEC6_LV_DIGITAL"}
