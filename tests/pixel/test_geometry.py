"""pixel_modules and pixel_rocs against apps.geometry.phase1 and the Phase-1 facts of
docs/architecture.md."""
from collections import defaultdict

import pytest

from apps.geometry import phase1
from apps.pixel.models import PixelModule, PixelRoc
from tests.jsonapi import get

pytestmark = pytest.mark.django_db

# docs/architecture.md, "Phase-1 pixel facts"
MODULES_PER_LAYER = {1: 96, 2: 224, 3: 352, 4: 512}
ROCS_PER_LAYER = {1: 1536, 2: 3584, 3: 5632, 4: 8192}
ROCS_PER_RING = {1: 4224, 2: 6528}
FPIX_MODULES_PER_DISK_AND_SIDE = 112
LADDERS_PER_SECTOR = {  # per half-shell, SEC1..SEC8, in ladder order
    1: (1, 1, 1, 0, 0, 1, 1, 1),
    2: (2, 2, 2, 1, 1, 2, 2, 2),
    3: (3, 3, 3, 2, 2, 3, 3, 3),
    4: (4, 4, 4, 4, 4, 4, 4, 4),
}
ROCS_PER_FED_CHANNEL = {1: 2, 2: 4, 3: 8, 4: 8, None: 8}  # by layer; None = FPix


def total(api, url):
    return get(api, f"{url}&page[limit]=1" if "?" in url else f"{url}?page[limit]=1")["meta"]["totalResourceCount"]


GEOMETRY = ("subdetector", "map_name", "half_shell", "sector", "layer", "ladder", "module",
            "half_cylinder", "disk", "blade", "panel", "ring", "det_id")  # fmt: skip


def place(module):
    """The geometry attributes a module's row must carry, from phase1's dataclass."""
    if isinstance(module, phase1.BPixModule):
        numbers = dict(half_shell=module.half_shell, sector=module.sector, layer=module.layer,
                       ladder=module.ladder, module=module.module)  # fmt: skip
        numbers |= dict(half_cylinder=None, disk=None, blade=None, panel=None, ring=None)
    else:
        numbers = dict(half_cylinder=module.half_cylinder, disk=module.disk, blade=module.blade,
                       panel=module.panel, ring=module.ring)  # fmt: skip
        numbers |= dict(half_shell=None, sector=None, layer=None, ladder=None, module=None)
    return numbers | dict(subdetector=module.name[:4], map_name=module.map_name, det_id=phase1.det_id(module))


def module_of(attributes):
    """phase1 module rebuilt from an API row's numbers alone (not its name)."""
    if attributes["subdetector"] == "BPix":
        keys = ("half_shell", "sector", "layer", "ladder", "module")
        return phase1.BPixModule(*(attributes[k] for k in keys))
    keys = ("half_cylinder", "disk", "blade", "panel", "ring")
    return phase1.FPixModule(*(attributes[k] for k in keys))


def test_totals(api):
    assert total(api, "/api/v1/pixel_modules") == sum(MODULES_PER_LAYER.values()) + 6 * FPIX_MODULES_PER_DISK_AND_SIDE
    assert total(api, "/api/v1/pixel_modules") == 1856
    assert total(api, "/api/v1/pixel_rocs") == 29696


@pytest.mark.parametrize("layer", MODULES_PER_LAYER)
def test_counts_per_layer(api, layer):
    assert total(api, f"/api/v1/pixel_modules?filter[layer]={layer}") == MODULES_PER_LAYER[layer]
    assert total(api, f"/api/v1/pixel_rocs?filter[layer]={layer}") == ROCS_PER_LAYER[layer]
    assert total(api, f"/api/v1/pixel_rocs?filter[map_name]=BPix_L{layer}") == ROCS_PER_LAYER[layer]


@pytest.mark.parametrize("ring", ROCS_PER_RING)
def test_counts_per_ring(api, ring):
    assert total(api, f"/api/v1/pixel_rocs?filter[ring]={ring}") == ROCS_PER_RING[ring]
    assert total(api, f"/api/v1/pixel_rocs?filter[map_name]=FPix_R{ring}") == ROCS_PER_RING[ring]


@pytest.mark.parametrize("disk", [1, 2, 3])
@pytest.mark.parametrize("side", ["m", "p"])
def test_fpix_modules_per_disk_and_side(api, disk, side):
    url = f"/api/v1/pixel_modules?filter[disk]={disk}&filter[half_cylinder][LIKE]=B{side}%25"
    assert total(api, url) == FPIX_MODULES_PER_DISK_AND_SIDE


@pytest.mark.parametrize("layer", LADDERS_PER_SECTOR)
def test_sectors_as_in_design(api, layer):
    expected, ladder = {}, 0
    for sector, ladders in enumerate(LADDERS_PER_SECTOR[layer], start=1):
        for _ in range(ladders):
            ladder += 1
            expected[ladder] = sector
    rows = get(api, f"/api/v1/pixel_modules?filter[layer]={layer}&fields=half_shell,ladder,sector&page[limit]=1000")
    seen = defaultdict(set)
    for row in rows["data"]:
        seen[row["attributes"]["half_shell"]].add((row["attributes"]["ladder"], row["attributes"]["sector"]))
    assert set(seen) == set(phase1.HALVES)
    assert all(pairs == set(expected.items()) for pairs in seen.values())


def test_every_module_name_round_trips_through_the_api(api):
    rows = get(api, "/api/v1/pixel_modules?page[limit]=2000")["data"]
    assert len(rows) == 1856
    for row in rows:
        module = module_of(row["attributes"])
        assert module.name == row["id"] == row["attributes"]["name"]
        assert phase1.module_from_det_id(row["attributes"]["det_id"]) == module
        assert phase1.parse_module_name(row["id"]) == module


SAMPLED_ROCS = list(phase1.all_rocs())[::251] + [list(phase1.all_rocs())[-1]]


@pytest.mark.parametrize("roc", SAMPLED_ROCS, ids=lambda roc: roc.name)
def test_roc_names_round_trip_through_the_api(api, roc):
    attributes = get(api, f"/api/v1/pixel_rocs/{roc.name}")["data"]["attributes"]
    rebuilt = phase1.Roc(module_of(attributes), attributes["roc"])
    assert rebuilt == roc and rebuilt.name == attributes["name"]
    assert attributes["module_name"] == roc.module.name
    assert phase1.roc_at(attributes["map_name"], attributes["map_x"], attributes["map_y"]) == roc
    assert get(api, f"/api/v1/pixel_rocs?filter[name]={roc.name}")["meta"]["totalResourceCount"] == 1


def test_every_roc_row_agrees_with_phase1():
    fields = ["name", *GEOMETRY, "module_name", "roc", "map_x", "map_y"]
    rows = {row[0]: dict(zip(fields, row)) for row in PixelRoc.objects.values_list(*fields)}
    assert len(rows) == 29696
    for roc in phase1.all_rocs():
        x, y = phase1.map_coordinates(roc)
        expected = place(roc.module) | dict(name=roc.name, module_name=roc.module.name, roc=roc.roc, map_x=x, map_y=y)
        assert rows[roc.name] == expected


def test_every_module_row_agrees_with_phase1():
    fields = ["name", *GEOMETRY, "map_x", "map_y"]
    rows = {row[0]: dict(zip(fields, row)) for row in PixelModule.objects.values_list(*fields)}
    assert len(rows) == 1856
    for module in phase1.all_modules():
        # DESIGN's maps: a BPix module fills the cell at (signed module, signed ladder); an FPix
        # panel the upper (panel 1) or lower (panel 2) half of the cell at (signed disk, signed blade).
        if isinstance(module, phase1.BPixModule):
            x = -module.module if module.half_shell[1] == "m" else module.module
            y = -module.ladder if module.half_shell[2] == "O" else module.ladder
        else:
            x = -module.disk if module.half_cylinder[1] == "m" else module.disk
            y = -module.blade if module.half_cylinder[2] == "O" else module.blade
            y += 0.25 if module.panel == 1 else -0.25
        assert rows[module.name] == place(module) | dict(name=module.name, map_x=x, map_y=y)


def test_fed_cabling():
    rocs_on = defaultdict(list)
    for name, layer, module_name, roc, fed, channel in PixelRoc.objects.values_list(
        "name", "layer", "module_name", "roc", "fed_id", "fed_channel"
    ):
        assert 1200 <= fed <= 1349 and 1 <= channel <= 48, name
        rocs_on[fed, channel].append((layer, module_name, roc))
    for rocs in rocs_on.values():
        (layer, module_name), = {(layer, module_name) for layer, module_name, _ in rocs}
        numbers = sorted(roc for *_, roc in rocs)
        assert len(numbers) == ROCS_PER_FED_CHANNEL[layer]
        assert numbers == list(range(numbers[0], numbers[0] + len(numbers)))
    channels_of = defaultdict(set)
    for (fed, channel), rocs in rocs_on.items():
        channels_of[rocs[0][1]].add((fed, channel))
    for module in PixelModule.objects.all():
        feds = {fed for fed, _ in channels_of[module.name]}
        channels = sorted(channel for _, channel in channels_of[module.name])
        assert feds == {module.fed_id}
        assert channels == list(range(module.first_fed_channel, module.last_fed_channel + 1))


def test_module_and_roc_relationships(api):
    module = "FPix_BpO_D3_BLD17_PNL2_RNG2"
    rocs = get(api, f"/api/v1/pixel_modules/{module}/rocs?page[limit]=100")
    assert sorted(o["id"] for o in rocs["data"]) == sorted(f"{module}_ROC{n}" for n in range(16))
    assert get(api, f"/api/v1/pixel_rocs/{module}_ROC3/module")["data"][0]["id"] == module
    ids = get(api, f"/api/v1/pixel_rocs/{module}_ROC3/relationships/module")["data"]
    assert ids == [{"type": "pixel_modules", "id": module}]
