"""CMS Phase-1 pixel detector: online names <-> offline DetIds <-> DQM ROC-map bins.

The single place in pixelws that knows how Phase-1 pixel modules and ROCs are named and
numbered. Pure Python (no Django), so views, probes, scripts and tests can all share it.

Online names (what shifters, the online DB and the FED/channel map use)
    BPix_<half>_SEC<s>_LYR<l>_LDR<n>F_MOD<m>     e.g. BPix_BmO_SEC1_LYR1_LDR1F_MOD1
    FPix_<half>_D<d>_BLD<b>_PNL<p>_RNG<r>        e.g. FPix_BmI_D1_BLD1_PNL1_RNG1
    a ROC appends _ROC0 .. _ROC15                e.g. BPix_BmO_SEC1_LYR1_LDR1F_MOD1_ROC7
  <half> is the half-shell / half-cylinder BmI BmO BpI BpO (m/p = -z/+z, I/O = inner/outer).
  Ladders (1..6/14/22/32 on L1..L4), modules (MOD1..4, counted outwards from z = 0) and
  blades (ring 1: 1..11, ring 2: 1..17) are numbered per half. The ladder suffix F means a
  full ladder; Phase-1 has no half (H) ladders. The sector is implied by layer and ladder.

Offline DetId (CMSSW TrackerTopology, Phase-1)
    BPix: 0x12000000 | layer<<20 | ladder<<12 | module<<2
    FPix: 0x14000000 | side<<23 | disk<<18 | blade<<12 | panel<<10 | module<<2
  Offline numbers follow CMSSW PixelBarrelName / PixelEndcapName, so the DetIds are the real ones:
  - BPix module 1..8 increases with z: Bm MOD4..MOD1 = 1..4, Bp MOD1..MOD4 = 5..8.
  - BPix ladder 1..2N (N ladders per half-shell, Q = N/2) increases with phi from phi ~ 0:
    1..Q = I ladders Q..1, Q+1..Q+N = O ladders 1..N, Q+N+1..2N = I ladders N..Q+1
    (L1: 1..3 = I 3..1, 4..9 = O 1..6, 10..12 = I 6..4).
  - FPix side 1 = m (-z), 2 = p (+z); panel as online; module is always 1.
  - FPix blade counts once around phi and across both rings, as in CMSSW; a per-ring number
    would make ring-1 and ring-2 DetIds collide, since the DetId has no ring field. Ring 1 uses
    1..22, ring 2 uses 23..56: with base = 0/22, N = 11/17 blades per half, Q = 6/9,
    base+1..base+Q = I blades Q..1, next N = O blades 1..N, the rest = I blades N..Q+1.

DQM ROC maps (SiPixelPhase1 ROC-level maps; coordinates of CMSSW SiPixelCoordinates)
  One map per BPix layer ("BPix_L1".."BPix_L4") and per FPix ring ("FPix_R1", "FPix_R2").
  BPix: x = signed module (-4..-1 = Bm MOD4..MOD1, +1..+4 = Bp MOD1..MOD4),
        y = signed ladder (negative = O half-shell).
        A module is the 1 x 1 cell centred on (x, y), split into 8 x 2 ROC bins (1/8 x 1/2).
  FPix: x = signed disk (negative = m side), y = signed blade (negative = O half-cylinder).
        A blade is the 1 x 1 cell centred on (x, y): panel 1 fills its upper half, panel 2 its
        lower half, each panel 8 x 2 ROC bins (1/8 x 1/4).
  x = 0 and y = 0 are empty. Where the 16 ROCs (2 rows of 8) sit inside a module's 8 x 2 bins,
  looking at the map (left = lower x, upper = higher y):
      A  upper row  7  6  5  4  3  2  1  0    B  upper row  8  9 10 11 12 13 14 15
         lower row  8  9 10 11 12 13 14 15       lower row  7  6  5  4  3  2  1  0
      C  upper row 15 14 13 12 11 10  9  8    D  upper row  0  1  2  3  4  5  6  7
         lower row  0  1  2  3  4  5  6  7       lower row 15 14 13 12 11 10  9  8
      BPix: Bp ladder A, Bp flipped ladder B, Bm ladder C, Bm flipped ladder D.
      FPix: p panel 1 A, p panel 2 B, m panel 1 C, m panel 2 D.
  Why: ROCs are read out in a U (0..7 along one sensor row, 8..15 back along the other) and on
  -z the sensor is seen rotated by 180 deg (C = A rotated); the ROC rows swap (B, D) where the
  module faces the other way: BPix ladders at the inner radius ("flipped": odd offline ladder
  on L1-L3, even on L4) and, on FPix, panel 2 on +z / panel 1 on -z.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import cache
from typing import Iterator, Union

HALVES = ("BmI", "BmO", "BpI", "BpO")
LADDERS_PER_HALF_SHELL = {1: 6, 2: 14, 3: 22, 4: 32}
MODULES_PER_HALF_LADDER = 4  # MOD1..MOD4 on each z side
BLADES_PER_HALF_CYLINDER = {1: 11, 2: 17}  # per ring
DISKS = 3
PANELS = 2
ROCS_PER_MODULE = 16
MAP_NAMES = ("BPix_L1", "BPix_L2", "BPix_L3", "BPix_L4", "FPix_R1", "FPix_R2")

# Ladders in SEC1..SEC8 of a half-shell, in ladder order (L1 has none in SEC4 and SEC5).
_LADDERS_PER_SECTOR = {
    1: (1, 1, 1, 0, 0, 1, 1, 1),
    2: (2, 2, 2, 1, 1, 2, 2, 2),
    3: (3, 3, 3, 2, 2, 3, 3, 3),
    4: (4, 4, 4, 4, 4, 4, 4, 4),
}
_BPIX_DET_ID = 0x12000000  # detector 1 (tracker) << 28 | subdetector 1 << 25
_FPIX_DET_ID = 0x14000000  # detector 1 (tracker) << 28 | subdetector 2 << 25
_FPIX_RING_BLADE_BASE = {1: 0, 2: 22}  # offline blades of ring 2 follow those of ring 1

VALID_NAME_EXAMPLES = (
    "valid names look like 'BPix_BmO_SEC1_LYR1_LDR1F_MOD1' or 'FPix_BmI_D1_BLD1_PNL1_RNG1', "
    "and a ROC name appends '_ROC0'..'_ROC15'"
)


class InvalidPixelName(ValueError):
    """A name, or the parts of one, that does not exist in the Phase-1 detector."""

    def __init__(self, problem: str, name: str | None = None):
        self.problem = problem
        where = "" if name is None else f" in {name!r}"
        super().__init__(f"{problem}{where}; {VALID_NAME_EXAMPLES}")


def _require_int_in(what: str, value: object, low: int, high: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidPixelName(f"{what} must be an integer, got {value!r}")
    if not low <= value <= high:
        raise InvalidPixelName(f"{what} {value} is outside {low}..{high}")


def _require_half(what: str, half: object) -> None:
    if half not in HALVES:
        raise InvalidPixelName(f"{what} {half!r} is not one of {', '.join(HALVES)}")


def _is_minus_z(half: str) -> bool:
    return half[1] == "m"


def _is_outer(half: str) -> bool:
    return half[2] == "O"


def _half(minus_z: bool, outer: bool) -> str:
    return "B" + ("m" if minus_z else "p") + ("O" if outer else "I")


def bpix_sector(layer: int, ladder: int) -> int:
    """Sector (1..8) of a per-half-shell ladder number."""
    _require_int_in("layer", layer, 1, 4)
    _require_int_in(f"ladder (layer {layer})", ladder, 1, LADDERS_PER_HALF_SHELL[layer])
    last_ladder = 0
    for sector, ladders in enumerate(_LADDERS_PER_SECTOR[layer], start=1):
        last_ladder += ladders
        if ladder <= last_ladder:
            return sector
    raise AssertionError("sector table does not cover the layer")  # guarded by the range check


@dataclass(frozen=True)
class BPixModule:
    half_shell: str
    sector: int
    layer: int
    ladder: int  # per half-shell, online
    module: int  # MOD1..4, online

    def __post_init__(self):
        _require_half("half-shell", self.half_shell)
        _require_int_in("layer", self.layer, 1, 4)
        _require_int_in(f"ladder (layer {self.layer})", self.ladder, 1, LADDERS_PER_HALF_SHELL[self.layer])
        _require_int_in("module", self.module, 1, MODULES_PER_HALF_LADDER)
        expected = bpix_sector(self.layer, self.ladder)
        if self.sector != expected:
            raise InvalidPixelName(
                f"sector {self.sector!r} does not match layer {self.layer} ladder {self.ladder}, "
                f"which is in SEC{expected}"
            )

    @property
    def name(self) -> str:
        return f"BPix_{self.half_shell}_SEC{self.sector}_LYR{self.layer}_LDR{self.ladder}F_MOD{self.module}"

    @property
    def map_name(self) -> str:
        return f"BPix_L{self.layer}"

    @property
    def power_group(self) -> str:
        """BPix is powered per sector of a half-shell (32 groups)."""
        return f"BPix_{self.half_shell}_SEC{self.sector}"


@dataclass(frozen=True)
class FPixModule:
    half_cylinder: str
    disk: int
    blade: int  # per half-cylinder and ring, online
    panel: int
    ring: int

    def __post_init__(self):
        _require_half("half-cylinder", self.half_cylinder)
        _require_int_in("disk", self.disk, 1, DISKS)
        _require_int_in("ring", self.ring, 1, 2)
        _require_int_in(f"blade (ring {self.ring})", self.blade, 1, BLADES_PER_HALF_CYLINDER[self.ring])
        _require_int_in("panel", self.panel, 1, PANELS)

    @property
    def name(self) -> str:
        return f"FPix_{self.half_cylinder}_D{self.disk}_BLD{self.blade}_PNL{self.panel}_RNG{self.ring}"

    @property
    def map_name(self) -> str:
        return f"FPix_R{self.ring}"

    @property
    def power_group(self) -> str:
        """FPix is powered per disk of a half-cylinder (12 groups)."""
        return f"FPix_{self.half_cylinder}_D{self.disk}"


Module = Union[BPixModule, FPixModule]


@dataclass(frozen=True)
class Roc:
    module: Module
    roc: int  # 0..15, index within the module

    def __post_init__(self):
        if not isinstance(self.module, (BPixModule, FPixModule)):
            raise TypeError(f"module must be a BPixModule or FPixModule, got {self.module!r}")
        _require_int_in("ROC index", self.roc, 0, ROCS_PER_MODULE - 1)

    @property
    def name(self) -> str:
        return f"{self.module.name}_ROC{self.roc}"


# ---------------------------------------------------------------- enumeration

def all_modules() -> Iterator[Module]:
    """All 1856 modules: BPix layer by layer, then FPix ring by ring."""
    for layer, ladders in LADDERS_PER_HALF_SHELL.items():
        for half in HALVES:
            for ladder in range(1, ladders + 1):
                sector = bpix_sector(layer, ladder)
                for module in range(1, MODULES_PER_HALF_LADDER + 1):
                    yield BPixModule(half, sector, layer, ladder, module)
    for ring, blades in BLADES_PER_HALF_CYLINDER.items():
        for half in HALVES:
            for disk in range(1, DISKS + 1):
                for blade in range(1, blades + 1):
                    for panel in range(1, PANELS + 1):
                        yield FPixModule(half, disk, blade, panel, ring)


def all_rocs() -> Iterator[Roc]:
    """All 29 696 ROCs, module by module in all_modules() order."""
    for module in all_modules():
        for roc in range(ROCS_PER_MODULE):
            yield Roc(module, roc)


# ---------------------------------------------------------------- names

_NUMBER = "([0-9]+)"  # leading zeros are caught by comparing with the canonical name
_BPIX_NAME = re.compile(
    rf"BPix_([A-Za-z]+)_SEC{_NUMBER}_LYR{_NUMBER}_LDR{_NUMBER}([A-Z]?)_MOD{_NUMBER}(?:_ROC{_NUMBER})?"
)
_FPIX_NAME = re.compile(
    rf"FPix_([A-Za-z]+)_D{_NUMBER}_BLD{_NUMBER}_PNL{_NUMBER}_RNG{_NUMBER}(?:_ROC{_NUMBER})?"
)


def _parse(name: object) -> tuple[Module, Roc | None]:
    if not isinstance(name, str):
        raise InvalidPixelName(f"a name must be a string, got {type(name).__name__}")
    if name.startswith("BPix_"):
        match = _BPIX_NAME.fullmatch(name)
        if not match:
            raise InvalidPixelName("malformed BPix name (BPix_<half>_SEC<s>_LYR<l>_LDR<n>F_MOD<m>)", name)
        half, sector, layer, ladder, suffix, module, roc = match.groups()
        if suffix != "F":
            raise InvalidPixelName(
                f"ladder suffix must be 'F' (Phase-1 has only full ladders), got {suffix!r}", name
            )
        module_class, numbers = BPixModule, (sector, layer, ladder, module)
    elif name.startswith("FPix_"):
        match = _FPIX_NAME.fullmatch(name)
        if not match:
            raise InvalidPixelName("malformed FPix name (FPix_<half>_D<d>_BLD<b>_PNL<p>_RNG<r>)", name)
        half, disk, blade, panel, ring, roc = match.groups()
        module_class, numbers = FPixModule, (disk, blade, panel, ring)
    else:
        raise InvalidPixelName("a name must start with 'BPix_' or 'FPix_' (case-sensitive)", name)
    try:
        parsed_module = module_class(half, *map(int, numbers))
        parsed_roc = None if roc is None else Roc(parsed_module, int(roc))
    except InvalidPixelName as error:  # re-raise naming the offending string
        raise InvalidPixelName(error.problem, name) from None
    if (parsed_roc or parsed_module).name != name:
        raise InvalidPixelName("numbers must be written without leading zeros", name)
    return parsed_module, parsed_roc


def parse_module_name(name: str) -> Module:
    """BPixModule or FPixModule for an online module name; InvalidPixelName otherwise."""
    module, roc = _parse(name)
    if roc is not None:
        raise InvalidPixelName("this is a ROC name, not a module name (drop the _ROC suffix)", name)
    return module


def parse_roc_name(name: str) -> Roc:
    """Roc for an online ROC name; InvalidPixelName otherwise."""
    _, roc = _parse(name)
    if roc is None:
        raise InvalidPixelName("a ROC name must end in _ROC0.._ROC15", name)
    return roc


# ---------------------------------------------------------------- offline DetId

def _to_offline(number: int, outer: bool, first_inner: int, per_half: int) -> int:
    """Per-half online number -> offline number counting once around phi (see module docstring)."""
    if outer:
        return first_inner + number
    if number <= first_inner:
        return first_inner + 1 - number
    return 2 * per_half + first_inner + 1 - number


def _from_offline(offline: int, first_inner: int, per_half: int) -> tuple[bool, int]:
    """Inverse of _to_offline: (outer, per-half online number)."""
    if offline <= first_inner:
        return False, first_inner + 1 - offline
    if offline <= first_inner + per_half:
        return True, offline - first_inner
    return False, 2 * per_half + first_inner + 1 - offline


def _bpix_offline_ladder(module: BPixModule) -> int:
    per_half = LADDERS_PER_HALF_SHELL[module.layer]
    return _to_offline(module.ladder, _is_outer(module.half_shell), per_half // 2, per_half)


def _fpix_offline_blade(module: FPixModule) -> int:
    per_half = BLADES_PER_HALF_CYLINDER[module.ring]
    blade = _to_offline(module.blade, _is_outer(module.half_cylinder), (per_half + 1) // 2, per_half)
    return _FPIX_RING_BLADE_BASE[module.ring] + blade


def det_id(module: Module) -> int:
    """Offline (CMSSW) DetId of a module."""
    if isinstance(module, BPixModule):
        minus_z = _is_minus_z(module.half_shell)
        per_side = MODULES_PER_HALF_LADDER
        z_index = per_side + 1 - module.module if minus_z else per_side + module.module
        return _BPIX_DET_ID | module.layer << 20 | _bpix_offline_ladder(module) << 12 | z_index << 2
    if isinstance(module, FPixModule):
        side = 1 if _is_minus_z(module.half_cylinder) else 2
        return (
            _FPIX_DET_ID | side << 23 | module.disk << 18 | _fpix_offline_blade(module) << 12
            | module.panel << 10 | 1 << 2
        )
    raise TypeError(f"expected a BPixModule or FPixModule, got {module!r}")


def module_from_det_id(raw: int) -> Module:
    """Module for an offline DetId; ValueError if it is not a Phase-1 pixel module DetId."""
    def invalid(reason: str) -> ValueError:
        return ValueError(f"{raw!r} is not a Phase-1 pixel module DetId: {reason}")

    if isinstance(raw, bool) or not isinstance(raw, int) or raw < 0:
        raise invalid("expected a non-negative integer")
    subdetector = raw & ~0x1FFFFFF
    if subdetector == _BPIX_DET_ID:
        layer, ladder, z_index = raw >> 20 & 0xF, raw >> 12 & 0xFF, raw >> 2 & 0xFF
        if layer not in LADDERS_PER_HALF_SHELL:
            raise invalid(f"layer {layer}")
        per_half = LADDERS_PER_HALF_SHELL[layer]
        if not 1 <= ladder <= 2 * per_half or not 1 <= z_index <= 2 * MODULES_PER_HALF_LADDER:
            raise invalid(f"layer {layer} ladder {ladder} module {z_index}")
        outer, online_ladder = _from_offline(ladder, per_half // 2, per_half)
        minus_z = z_index <= MODULES_PER_HALF_LADDER
        per_side = MODULES_PER_HALF_LADDER
        online_module = per_side + 1 - z_index if minus_z else z_index - per_side
        module = BPixModule(
            _half(minus_z, outer), bpix_sector(layer, online_ladder), layer, online_ladder, online_module
        )
    elif subdetector == _FPIX_DET_ID:
        side, disk, blade, panel = raw >> 23 & 0x3, raw >> 18 & 0xF, raw >> 12 & 0x3F, raw >> 10 & 0x3
        last_blade = _FPIX_RING_BLADE_BASE[2] + 2 * BLADES_PER_HALF_CYLINDER[2]
        if (side not in (1, 2) or not 1 <= disk <= DISKS or not 1 <= blade <= last_blade
                or panel not in (1, 2)):
            raise invalid(f"side {side} disk {disk} blade {blade} panel {panel}")
        ring = 1 if blade <= _FPIX_RING_BLADE_BASE[2] else 2
        per_half = BLADES_PER_HALF_CYLINDER[ring]
        blade_in_ring = blade - _FPIX_RING_BLADE_BASE[ring]
        outer, online_blade = _from_offline(blade_in_ring, (per_half + 1) // 2, per_half)
        module = FPixModule(_half(side == 1, outer), disk, online_blade, panel, ring)
    else:
        raise invalid("not a pixel barrel (0x12...) or endcap (0x14...) id")
    if det_id(module) != raw:  # stray bits, or an FPix module number other than 1
        raise invalid("unused bits are set")
    return module


# ---------------------------------------------------------------- DQM ROC maps

@dataclass(frozen=True)
class Binning:
    """Equal-width histogram axis, as ROOT/plotly take it: nbins between low and high."""

    nbins: int
    low: float
    high: float

    @property
    def width(self) -> float:
        return (self.high - self.low) / self.nbins

    def index(self, value: float) -> int | None:
        """0-based bin holding value, None if outside the axis."""
        i = math.floor((value - self.low) / (self.high - self.low) * self.nbins)
        return i if 0 <= i < self.nbins else None

    def center(self, index: int) -> float:
        return self.low + (index + 0.5) * self.width


@dataclass(frozen=True)
class MapBin:
    """Centre of a ROC's bin on its DQM map; unpacks as (x, y)."""

    x: float
    y: float

    def __iter__(self):
        return iter((self.x, self.y))


def map_binning(map_name: str) -> tuple[Binning, Binning]:
    """(x axis, y axis) of a DQM ROC map: "BPix_L1".."BPix_L4", "FPix_R1", "FPix_R2"."""
    if map_name not in MAP_NAMES:
        raise ValueError(f"unknown ROC map {map_name!r}; expected one of {', '.join(MAP_NAMES)}")
    number = int(map_name[-1])
    if map_name.startswith("BPix"):
        cells_x, cells_y, bins_x, bins_y = MODULES_PER_HALF_LADDER, LADDERS_PER_HALF_SHELL[number], 8, 2
    else:
        cells_x, cells_y, bins_x, bins_y = DISKS, BLADES_PER_HALF_CYLINDER[number], 8, 4
    # Cells -n..n including an empty 0, each cell 1 wide, split into ROC bins.
    return (
        Binning(bins_x * (2 * cells_x + 1), -(cells_x + 0.5), cells_x + 0.5),
        Binning(bins_y * (2 * cells_y + 1), -(cells_y + 0.5), cells_y + 0.5),
    )


def _bpix_ladder_is_flipped(module: BPixModule) -> bool:
    # Inner-radius ladders face the other way (CMSSW SiPixelCoordinates::outer/flipped).
    odd = _bpix_offline_ladder(module) % 2 == 1
    return odd if module.layer < 4 else not odd


def _roc_place_in_module(roc: Roc) -> tuple[int, int]:
    """(column 0..7 from the left, row 0 = lower / 1 = upper) of a ROC in its module's bins."""
    n = roc.roc
    column, row = (7 - n, 1) if n < 8 else (n - 8, 0)  # pattern A of the module docstring
    module = roc.module
    if isinstance(module, BPixModule):
        minus_z, facing_back = _is_minus_z(module.half_shell), _bpix_ladder_is_flipped(module)
    else:
        minus_z, facing_back = _is_minus_z(module.half_cylinder), module.panel == 2
    if minus_z:  # -z is pattern A rotated by 180 deg
        column, row = 7 - column, 1 - row
    if facing_back:
        row = 1 - row
    return column, row


def map_coordinates(roc: Roc) -> MapBin:
    """Centre of the bin of roc on its DQM map (roc.module.map_name)."""
    module = roc.module
    column, row = _roc_place_in_module(roc)
    if isinstance(module, BPixModule):
        cell_x = -module.module if _is_minus_z(module.half_shell) else module.module
        cell_y = -module.ladder if _is_outer(module.half_shell) else module.ladder
        row_in_cell, rows_per_cell = row, 2
    else:
        cell_x = -module.disk if _is_minus_z(module.half_cylinder) else module.disk
        cell_y = -module.blade if _is_outer(module.half_cylinder) else module.blade
        row_in_cell, rows_per_cell = row + (2 if module.panel == 1 else 0), 4
    return MapBin(cell_x - 0.5 + (column + 0.5) / 8, cell_y - 0.5 + (row_in_cell + 0.5) / rows_per_cell)


@cache
def _rocs_by_bin() -> dict[str, dict[tuple[int, int], Roc]]:
    table: dict[str, dict[tuple[int, int], Roc]] = {name: {} for name in MAP_NAMES}
    for roc in all_rocs():
        x_axis, y_axis = map_binning(roc.module.map_name)
        centre = map_coordinates(roc)
        table[roc.module.map_name][x_axis.index(centre.x), y_axis.index(centre.y)] = roc
    return table


def roc_at(map_name: str, x: float, y: float) -> Roc | None:
    """ROC whose bin on map map_name contains (x, y); None for empty or outside bins."""
    x_axis, y_axis = map_binning(map_name)
    ix, iy = x_axis.index(x), y_axis.index(y)
    if ix is None or iy is None:
        return None
    return _rocs_by_bin()[map_name].get((ix, iy))
