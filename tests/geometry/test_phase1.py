"""Tests of apps.geometry.phase1: counts, names, DetIds, sectors and DQM ROC maps, exhaustively."""

from collections import Counter

import pytest

from apps.geometry.phase1 import (
    MAP_NAMES,
    Binning,
    BPixModule,
    FPixModule,
    InvalidPixelName,
    MapBin,
    Roc,
    all_modules,
    all_rocs,
    bpix_sector,
    det_id,
    map_binning,
    map_coordinates,
    module_from_det_id,
    parse_module_name,
    parse_roc_name,
    roc_at,
)

MODULES = list(all_modules())
ROCS = list(all_rocs())
BPIX_EXAMPLE = "BPix_BmO_SEC1_LYR1_LDR1F_MOD1"
FPIX_EXAMPLE = "FPix_BmI_D1_BLD1_PNL1_RNG1"


# ---------------------------------------------------------------- counts

def test_module_and_roc_totals():
    assert len(MODULES) == 1856
    assert len(ROCS) == 29696
    assert len(set(MODULES)) == 1856
    assert len(set(ROCS)) == 29696


def test_counts_per_layer_and_ring():
    modules = Counter(m.map_name for m in MODULES)
    rocs = Counter(r.module.map_name for r in ROCS)
    assert modules == {
        "BPix_L1": 96, "BPix_L2": 224, "BPix_L3": 352, "BPix_L4": 512, "FPix_R1": 264, "FPix_R2": 408,
    }
    assert rocs == {
        "BPix_L1": 1536, "BPix_L2": 3584, "BPix_L3": 5632, "BPix_L4": 8192, "FPix_R1": 4224, "FPix_R2": 6528,
    }
    assert sum(isinstance(m, FPixModule) for m in MODULES) == 672


def test_counts_per_half_and_disk():
    bpix_per_half = Counter((m.layer, m.half_shell) for m in MODULES if isinstance(m, BPixModule))
    assert {layer: bpix_per_half[layer, "BmO"] for layer in (1, 2, 3, 4)} == {1: 24, 2: 56, 3: 88, 4: 128}
    assert len(set(bpix_per_half.values()) & {24, 56, 88, 128}) == 4 and len(bpix_per_half) == 16
    fpix_per_disk_side = Counter((m.half_cylinder[1], m.disk) for m in MODULES if isinstance(m, FPixModule))
    assert set(fpix_per_disk_side.values()) == {112} and len(fpix_per_disk_side) == 6


# ---------------------------------------------------------------- names

def test_example_names():
    assert BPixModule("BmO", 1, 1, 1, 1).name == BPIX_EXAMPLE
    assert FPixModule("BmI", 1, 1, 1, 1).name == FPIX_EXAMPLE
    assert Roc(BPixModule("BpI", 8, 4, 32, 4), 15).name == "BPix_BpI_SEC8_LYR4_LDR32F_MOD4_ROC15"
    assert Roc(FPixModule("BpO", 3, 17, 2, 2), 0).name == "FPix_BpO_D3_BLD17_PNL2_RNG2_ROC0"
    assert parse_module_name("BPix_BpO_SEC5_LYR2_LDR8F_MOD3") == BPixModule("BpO", 5, 2, 8, 3)
    assert parse_roc_name("FPix_BmO_D2_BLD11_PNL1_RNG1_ROC7") == Roc(FPixModule("BmO", 2, 11, 1, 1), 7)


def test_every_module_name_round_trips():
    names = [m.name for m in MODULES]
    assert len(set(names)) == 1856
    for module, name in zip(MODULES, names):
        assert parse_module_name(name) == module


def test_every_roc_name_round_trips():
    names = [r.name for r in ROCS]
    assert len(set(names)) == 29696
    for roc, name in zip(ROCS, names):
        assert parse_roc_name(name) == roc


MALFORMED = [
    # (parser, name, fragment of the problem the message must state)
    (parse_module_name, "Bpix_BmO_SEC1_LYR1_LDR1F_MOD1", "must start with 'BPix_' or 'FPix_'"),
    (parse_module_name, "TPix_BmO_SEC1_LYR1_LDR1F_MOD1", "must start with 'BPix_' or 'FPix_'"),
    (parse_module_name, "bpix_bmo_sec1_lyr1_ldr1f_mod1", "must start with 'BPix_' or 'FPix_'"),
    (parse_module_name, "BPix_bmo_SEC1_LYR1_LDR1F_MOD1", "half-shell 'bmo' is not one of"),
    (parse_module_name, "BPix_BmO_sec1_LYR1_LDR1F_MOD1", "malformed BPix name"),
    (parse_module_name, "FPix_bmi_D1_BLD1_PNL1_RNG1", "half-cylinder 'bmi' is not one of"),
    (parse_module_name, "BPix_BmO_SEC1_LYR1_LDR7F_MOD1", "ladder (layer 1) 7 is outside 1..6"),
    (parse_module_name, "BPix_BmO_SEC8_LYR4_LDR33F_MOD1", "ladder (layer 4) 33 is outside 1..32"),
    (parse_module_name, "BPix_BmO_SEC1_LYR1_LDR0F_MOD1", "ladder (layer 1) 0 is outside 1..6"),
    (parse_module_name, "BPix_BmO_SEC2_LYR1_LDR1F_MOD1", "sector 2 does not match layer 1 ladder 1"),
    (parse_module_name, "BPix_BmO_SEC4_LYR2_LDR8F_MOD1", "which is in SEC5"),
    (parse_module_name, "BPix_BmO_SEC1_LYR1_LDR1H_MOD1", "ladder suffix must be 'F'"),
    (parse_module_name, "BPix_BmO_SEC1_LYR1_LDR1_MOD1", "ladder suffix must be 'F'"),
    (parse_module_name, "BPix_BmX_SEC1_LYR1_LDR1F_MOD1", "half-shell 'BmX' is not one of BmI, BmO, BpI, BpO"),
    (parse_module_name, "BPix_BmO_SEC1_LYR5_LDR1F_MOD1", "layer 5 is outside 1..4"),
    (parse_module_name, "BPix_BmO_SEC1_LYR1_LDR1F_MOD5", "module 5 is outside 1..4"),
    (parse_module_name, "BPix_BmO_SEC1_LYR1_LDR01F_MOD1", "without leading zeros"),
    (parse_module_name, "BPix_BmO_SEC1_LYR1_LDR1F_MOD1 ", "malformed BPix name"),
    (parse_module_name, " BPix_BmO_SEC1_LYR1_LDR1F_MOD1", "must start with"),
    (parse_module_name, "", "must start with"),
    (parse_module_name, "BPix_BmO_SEC1_LYR1_LDR1F_MOD1_ROC0", "this is a ROC name"),
    (parse_module_name, "FPix_BmI_D4_BLD1_PNL1_RNG1", "disk 4 is outside 1..3"),
    (parse_module_name, "FPix_BmI_D1_BLD12_PNL1_RNG1", "blade (ring 1) 12 is outside 1..11"),
    (parse_module_name, "FPix_BmI_D1_BLD18_PNL1_RNG2", "blade (ring 2) 18 is outside 1..17"),
    (parse_module_name, "FPix_BmI_D1_BLD1_PNL3_RNG1", "panel 3 is outside 1..2"),
    (parse_module_name, "FPix_BmI_D1_BLD1_PNL1_RNG3", "ring 3 is outside 1..2"),
    (parse_module_name, "FPix_BmI_D1_BLD1_PNL1_PLQ1", "malformed FPix name"),
    (parse_roc_name, "BPix_BmO_SEC1_LYR1_LDR1F_MOD1_ROC16", "ROC index 16 is outside 0..15"),
    (parse_roc_name, "FPix_BmI_D1_BLD1_PNL1_RNG1_ROC-1", "malformed FPix name"),
    (parse_roc_name, "BPix_BmO_SEC1_LYR1_LDR1F_MOD1_ROC07", "without leading zeros"),
    (parse_roc_name, "BPix_BmO_SEC1_LYR1_LDR1F_MOD1", "must end in _ROC0.._ROC15"),
    (parse_roc_name, "bpix_bmo_sec1_lyr1_ldr1f_mod1_roc0", "must start with"),
]


@pytest.mark.parametrize("parser, name, problem", MALFORMED)
def test_malformed_names_say_what_is_wrong_and_what_is_valid(parser, name, problem):
    with pytest.raises(InvalidPixelName) as raised:
        parser(name)
    message = str(raised.value)
    assert problem in message
    assert repr(name) in message
    assert BPIX_EXAMPLE in message and FPIX_EXAMPLE in message and "_ROC0" in message


def test_invalid_pixel_name_is_a_value_error():
    assert issubclass(InvalidPixelName, ValueError)
    with pytest.raises(ValueError):
        parse_module_name(42)


def test_constructors_validate():
    with pytest.raises(InvalidPixelName, match="sector 1 does not match layer 3 ladder 4"):
        BPixModule("BpI", 1, 3, 4, 1)
    with pytest.raises(InvalidPixelName, match="layer must be an integer"):
        BPixModule("BpI", 1, "1", 1, 1)
    with pytest.raises(InvalidPixelName, match=r"blade \(ring 1\) 17 is outside 1..11"):
        FPixModule("BpI", 1, 17, 1, 1)
    with pytest.raises(InvalidPixelName, match="ROC index -1"):
        Roc(FPixModule("BpI", 1, 1, 1, 1), -1)
    with pytest.raises(TypeError):
        Roc("BPix_BmO_SEC1_LYR1_LDR1F_MOD1", 0)


# ---------------------------------------------------------------- sectors

SECTORS = {
    1: {1: 1, 2: 2, 3: 3, 4: 6, 5: 7, 6: 8},
    2: {1: 1, 2: 1, 3: 2, 4: 2, 5: 3, 6: 3, 7: 4, 8: 5, 9: 6, 10: 6, 11: 7, 12: 7, 13: 8, 14: 8},
    3: {1: 1, 2: 1, 3: 1, 4: 2, 5: 2, 6: 2, 7: 3, 8: 3, 9: 3, 10: 4, 11: 4,
        12: 5, 13: 5, 14: 6, 15: 6, 16: 6, 17: 7, 18: 7, 19: 7, 20: 8, 21: 8, 22: 8},
    4: {ladder: (ladder - 1) // 4 + 1 for ladder in range(1, 33)},
}


def test_sector_table():
    for layer, table in SECTORS.items():
        assert {ladder: bpix_sector(layer, ladder) for ladder in table} == table
    assert [bpix_sector(4, ladder) for ladder in (1, 4, 5, 28, 29, 32)] == [1, 1, 2, 7, 8, 8]


@pytest.mark.parametrize("layer, ladder", [(1, 0), (1, 7), (2, 15), (3, 23), (4, 33), (0, 1), (5, 1)])
def test_sector_out_of_range(layer, ladder):
    with pytest.raises(InvalidPixelName):
        bpix_sector(layer, ladder)


# ---------------------------------------------------------------- offline DetId

def test_every_det_id_round_trips_and_is_unique():
    ids = [det_id(m) for m in MODULES]
    assert len(set(ids)) == 1856
    for module, raw in zip(MODULES, ids):
        assert module_from_det_id(raw) == module


def test_offline_numbers_cover_cmssw_ranges():
    bpix = [(m.layer, det_id(m)) for m in MODULES if isinstance(m, BPixModule)]
    for layer, ladders in {1: 12, 2: 28, 3: 44, 4: 64}.items():
        assert {raw >> 12 & 0xFF for lyr, raw in bpix if lyr == layer} == set(range(1, ladders + 1))
        assert {raw >> 2 & 0xFF for lyr, raw in bpix if lyr == layer} == set(range(1, 9))
    fpix = [(m.ring, det_id(m)) for m in MODULES if isinstance(m, FPixModule)]
    assert {raw >> 12 & 0x3F for ring, raw in fpix if ring == 1} == set(range(1, 23))
    assert {raw >> 12 & 0x3F for ring, raw in fpix if ring == 2} == set(range(23, 57))
    assert {raw >> 2 & 0xFF for _, raw in fpix} == {1}


def test_hand_checked_det_ids():
    # 0x12000000 + 1<<20 + 1<<12 + 1<<2 = 301989888 + 1048576 + 4096 + 4 (offline ladder 1, module 1)
    assert det_id(parse_module_name("BPix_BmI_SEC3_LYR1_LDR3F_MOD4")) == 303042564
    # 0x12000000 + 1<<20 + 4<<12 + 5<<2 = 301989888 + 1048576 + 16384 + 20 (offline ladder 4, module 5)
    assert det_id(parse_module_name("BPix_BpO_SEC1_LYR1_LDR1F_MOD1")) == 303054868
    # 0x12000000 + 4<<20 + 49<<12 + 8<<2 = 301989888 + 4194304 + 200704 + 32
    # (I ladder 32 = offline 2*32 + 16 + 1 - 32 = 49)
    assert det_id(parse_module_name("BPix_BpI_SEC8_LYR4_LDR32F_MOD4")) == 306384928
    # 0x14000000 + 1<<23 + 1<<18 + 6<<12 + 1<<10 + 1<<2 = 335544320 + 8388608 + 262144 + 24576 + 1024 + 4
    assert det_id(parse_module_name("FPix_BmI_D1_BLD1_PNL1_RNG1")) == 344220676
    # 0x14000000 + 2<<23 + 3<<18 + 48<<12 + 2<<10 + 1<<2 (ring-2 O blade 17 = offline 22 + 9 + 17)
    assert det_id(parse_module_name("FPix_BpO_D3_BLD17_PNL2_RNG2")) == 353306628
    assert module_from_det_id(303042564).name == "BPix_BmI_SEC3_LYR1_LDR3F_MOD4"


def _online(raw):
    module = module_from_det_id(raw)
    if isinstance(module, BPixModule):
        return module.half_shell, module.ladder, module.module
    return module.half_cylinder, module.blade, module.ring


def test_cmssw_ladder_and_blade_numbering():
    # PixelBarrelName, layer 1: offline ladders 1..12 at offline module 5 (Bp MOD1)
    layer1 = [_online(0x12000000 | 1 << 20 | ladder << 12 | 5 << 2) for ladder in range(1, 13)]
    assert [(half, ladder) for half, ladder, _ in layer1] == [
        ("BpI", 3), ("BpI", 2), ("BpI", 1),
        ("BpO", 1), ("BpO", 2), ("BpO", 3), ("BpO", 4), ("BpO", 5), ("BpO", 6),
        ("BpI", 6), ("BpI", 5), ("BpI", 4),
    ]
    # offline modules 1..8 along z
    modules = [_online(0x12000000 | 1 << 20 | 1 << 12 | module << 2) for module in range(1, 9)]
    assert [(half[1], mod) for half, _, mod in modules] == [
        ("m", 4), ("m", 3), ("m", 2), ("m", 1), ("p", 1), ("p", 2), ("p", 3), ("p", 4),
    ]
    # PixelEndcapName: offline blades 1..56 on side 2, disk 1, panel 1
    side2_disk1_panel1 = 0x14000000 | 2 << 23 | 1 << 18 | 1 << 10 | 1 << 2
    blades = [_online(side2_disk1_panel1 | blade << 12) for blade in range(1, 57)]
    assert blades == (
        [("BpI", b, 1) for b in range(6, 0, -1)] + [("BpO", b, 1) for b in range(1, 12)]
        + [("BpI", b, 1) for b in range(11, 6, -1)]
        + [("BpI", b, 2) for b in range(9, 0, -1)] + [("BpO", b, 2) for b in range(1, 18)]
        + [("BpI", b, 2) for b in range(17, 9, -1)]
    )


@pytest.mark.parametrize("raw", [
    0,
    0x16000000 | 1 << 20 | 1 << 12 | 1 << 2,  # TIB
    0x12000000 | 5 << 20 | 1 << 12 | 1 << 2,  # layer 5
    0x12000000 | 1 << 20 | 13 << 12 | 1 << 2,  # ladder 13 on layer 1
    0x12000000 | 1 << 20 | 1 << 12 | 9 << 2,  # module 9
    0x12000000 | 1 << 20 | 1 << 12 | 0 << 2,  # module 0
    303042564 + 1,  # stray bit
    0x14000000 | 3 << 23 | 1 << 18 | 1 << 12 | 1 << 10 | 1 << 2,  # side 3
    0x14000000 | 1 << 23 | 4 << 18 | 1 << 12 | 1 << 10 | 1 << 2,  # disk 4
    0x14000000 | 1 << 23 | 1 << 18 | 57 << 12 | 1 << 10 | 1 << 2,  # blade 57
    0x14000000 | 1 << 23 | 1 << 18 | 1 << 12 | 1 << 10 | 2 << 2,  # module 2
    -303042564,
])
def test_invalid_det_ids(raw):
    with pytest.raises(ValueError, match="not a Phase-1 pixel module DetId"):
        module_from_det_id(raw)


# ---------------------------------------------------------------- DQM ROC maps

def test_map_binnings():
    assert [map_binning(name) for name in MAP_NAMES] == [
        (Binning(72, -4.5, 4.5), Binning(26, -6.5, 6.5)),
        (Binning(72, -4.5, 4.5), Binning(58, -14.5, 14.5)),
        (Binning(72, -4.5, 4.5), Binning(90, -22.5, 22.5)),
        (Binning(72, -4.5, 4.5), Binning(130, -32.5, 32.5)),
        (Binning(56, -3.5, 3.5), Binning(92, -11.5, 11.5)),
        (Binning(56, -3.5, 3.5), Binning(140, -17.5, 17.5)),
    ]
    assert Binning(72, -4.5, 4.5).width == 0.125
    with pytest.raises(ValueError, match="unknown ROC map 'BPix_L5'"):
        map_binning("BPix_L5")


@pytest.mark.parametrize("map_name", MAP_NAMES)
def test_every_roc_has_its_own_bin_at_the_bin_centre(map_name):
    x_axis, y_axis = map_binning(map_name)
    rocs = [r for r in ROCS if r.module.map_name == map_name]
    bins = set()
    for roc in rocs:
        centre = map_coordinates(roc)
        ix, iy = x_axis.index(centre.x), y_axis.index(centre.y)
        assert ix is not None and iy is not None
        assert (x_axis.center(ix), y_axis.center(iy)) == (centre.x, centre.y)
        bins.add((ix, iy))
        assert roc_at(map_name, centre.x, centre.y) == roc
    assert len(bins) == len(rocs)
    # Every bin is used except those of the empty x = 0 column and y = 0 row of cells.
    bins_per_cell_x = x_axis.nbins // round(x_axis.high - x_axis.low)
    bins_per_cell_y = y_axis.nbins // round(y_axis.high - y_axis.low)
    assert len(bins) == (x_axis.nbins - bins_per_cell_x) * (y_axis.nbins - bins_per_cell_y)
    assert all(abs(x_axis.center(ix)) > 0.5 and abs(y_axis.center(iy)) > 0.5 for ix, iy in bins)


def test_every_module_fills_its_own_unit_cell():
    for module in MODULES:
        centres = [map_coordinates(Roc(module, n)) for n in range(16)]
        cells = {(round(c.x), round(c.y)) for c in centres}
        assert len(cells) == 1


def test_known_map_bins():
    def at(name):
        return tuple(map_coordinates(parse_roc_name(name)))

    # Bp, layer-1 I ladder 1 = offline ladder 3 (odd: flipped) -> pattern B, ROC0 lower right
    assert at("BPix_BpI_SEC1_LYR1_LDR1F_MOD1_ROC0") == (1.4375, 0.75)
    assert at("BPix_BpI_SEC1_LYR1_LDR1F_MOD1_ROC8") == (0.5625, 1.25)
    # Bm, O ladder 1 = offline ladder 4 (even: not flipped) -> pattern C, ROC0 lower left
    assert at("BPix_BmO_SEC1_LYR1_LDR1F_MOD1_ROC0") == (-1.4375, -1.25)
    assert at("BPix_BmO_SEC1_LYR1_LDR1F_MOD1_ROC15") == (-1.4375, -0.75)
    # Bp, I ladder 2 = offline ladder 2 (not flipped) -> pattern A, ROC7 upper left
    assert at("BPix_BpI_SEC2_LYR1_LDR2F_MOD4_ROC7") == (3.5625, 2.25)
    # layer 4: O ladder 32 = offline ladder 48 (even: flipped on L4), Bm MOD4 -> pattern D
    assert at("BPix_BmO_SEC8_LYR4_LDR32F_MOD4_ROC0") == (-4.4375, -31.75)
    # FPix p side panel 1 -> pattern A in the upper half of the blade cell
    assert at("FPix_BpO_D1_BLD1_PNL1_RNG1_ROC0") == (1.4375, -0.625)
    # FPix m side panel 2 -> pattern D in the lower half of the blade cell
    assert at("FPix_BmI_D2_BLD3_PNL2_RNG2_ROC9") == (-1.6875, 2.625)
    assert at("FPix_BpI_D3_BLD17_PNL2_RNG2_ROC15") == (3.4375, 16.875)
    assert isinstance(map_coordinates(ROCS[0]), MapBin)


def test_roc_at_empty_and_outside():
    assert roc_at("BPix_L1", 0.0, 1.0) is None  # module 0 column
    assert roc_at("BPix_L1", 1.0, 0.0) is None  # ladder 0 row
    assert roc_at("BPix_L1", 4.6, 1.0) is None  # outside the axis
    assert roc_at("FPix_R1", 1.0, 12.0) is None
    assert roc_at("FPix_R2", 3.49, 17.49).name == "FPix_BpI_D3_BLD17_PNL1_RNG2_ROC0"
    assert roc_at("BPix_L1", 1.4, 0.7).name == "BPix_BpI_SEC1_LYR1_LDR1F_MOD1_ROC0"
    with pytest.raises(ValueError):
        roc_at("BPix_L0", 1.0, 1.0)


def _cmssw_roc_map_coordinates(module, roc_index):
    """Independent transcription of CMSSW SiPixelCoordinates (Phase-1): ROC-map (x, y) of a ROC.

    Searches the 2 x 8 pixel blocks of the sensor for the one SiPixelCoordinates::roc() calls
    roc_index, then applies signed_module_coord / signed_ladder_coord (BPix) or
    signed_disk_coord / signed_blade_panel_coord (FPix) at that block's central pixel.
    """
    raw = det_id(module)
    bpix = isinstance(module, BPixModule)
    half = module.half_shell if bpix else module.half_cylinder
    side = 1 if half[1] == "m" else 2
    for block_row in (0, 1):
        for block_col in range(8):
            rocX, rocY = block_row, block_col
            if side == 1 or not bpix:  # mirror BPix -z and all Phase-1 FPix
                rocX, rocY = 1 - rocX, 7 - rocY
            if (rocY if rocX else 15 - rocY) == roc_index:
                row, col = block_row * 80 + 40, block_col * 52 + 26
                break
        else:
            continue
        break
    xcoord, ycoord = (row + 0.5) / 160, (col + 0.5) / 416
    if bpix:
        signed_module = -module.module if side == 1 else module.module
        signed_ladder = -module.ladder if half[2] == "O" else module.ladder
        offline_ladder = raw >> 12 & 0xFF
        outer = offline_ladder % 2 == 1 if module.layer == 4 else offline_ladder % 2 == 0
        sign = 1 if outer else -1  # flipped (not outer) ladders: -1
        return signed_module - (ycoord - 0.5), signed_ladder + sign * (xcoord - 0.5)
    signed_disk = -module.disk if side == 1 else module.disk
    shift = ycoord - 0.5
    if signed_disk < 0:
        shift = -shift
    signed_blade = -module.blade if half[2] == "O" else module.blade
    blade_shift = xcoord - 0.5
    if (side + module.panel) % 2 == 1:
        blade_shift = -blade_shift
    return signed_disk + shift, signed_blade + (blade_shift - module.panel + 1.5) / 2


def test_map_bins_agree_with_cmssw_si_pixel_coordinates():
    for roc in ROCS:
        x_axis, y_axis = map_binning(roc.module.map_name)
        cmssw_x, cmssw_y = _cmssw_roc_map_coordinates(roc.module, roc.roc)
        ours = map_coordinates(roc)
        cmssw_bin = (x_axis.index(cmssw_x), y_axis.index(cmssw_y))
        assert cmssw_bin == (x_axis.index(ours.x), y_axis.index(ours.y)), roc.name
