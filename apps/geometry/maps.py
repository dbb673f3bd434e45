"""The DQM ROC maps drawn: each map's grid of ROC cells and the summary parts each ROC counts in
(from phase1.py, computed once per process), their titles and axes, a map as a heatmap series."""
from dataclasses import dataclass
from functools import cache

from pixelws.palette import ALARM, BACKGROUND, BOTH, GOOD
from pixelws.plots import Axis, Series
from pixelws.probes import Parameter

from . import phase1

# The maps' colours (pixelws/palette.py): red marks (masked, errors), grey the background, green recovered.
RED, GREEN, GREY, DARK_GREY = ALARM, GOOD, BACKGROUND, BOTH
RED_ON_GREY = [[0, GREY], [0.5, GREY], [0.5, RED], [1, RED]]  # a colour scale over z 0..1: 0 grey, 1 red
MAP_TITLES = {"BPix_L1": "BPix layer 1", "BPix_L2": "BPix layer 2", "BPix_L3": "BPix layer 3",
              "BPix_L4": "BPix layer 4", "FPix_R1": "FPix ring 1", "FPix_R2": "FPix ring 2"}  # fmt: skip
MAP = Parameter("map", "string", required=True, help="DQM ROC map", choices=phase1.MAP_NAMES)


@dataclass(frozen=True)
class MapGrid:
    """A DQM ROC map's bins: centres along x and y, and the ROC name of each cell (or None)."""

    x: list
    y: list
    names: list  # names[iy][ix]
    cells: dict  # ROC name → (iy, ix)


def map_grid(map_name):
    return detector().grids[map_name]


def part_of(roc):
    """The summary parts a ROC counts in: its layer, or its FPix disk (signed: - = -z) and ring."""
    module = roc.module
    if isinstance(module, phase1.BPixModule):
        return (f"BPix L{module.layer}", "BPix", "Pixel")
    side = "-" if module.half_cylinder.startswith("Bm") else "+"
    return (f"FPix D{side}{module.disk} R{module.ring}", "FPix", "Pixel")


SUMMARY_PARTS = (
    *(f"BPix L{layer}" for layer in range(1, 5)),
    *(f"FPix D{side}{disk} R{ring}" for ring in (1, 2) for side in "-+" for disk in range(1, 4)),
    "BPix", "FPix", "Pixel",
)  # fmt: skip


@dataclass(frozen=True)
class Detector:
    grids: dict  # map name → MapGrid
    part_of_roc: dict  # ROC name → the summary parts it counts in
    totals: dict  # summary part → its number of ROCs


@cache
def detector():
    """The static geometry the probes need, from one pass over the 29 696 ROCs (≈ 0.2 s, once
    per process)."""
    binnings = {m: phase1.map_binning(m) for m in phase1.MAP_NAMES}
    names = {m: [[None] * x.nbins for _ in range(y.nbins)] for m, (x, y) in binnings.items()}
    cells = {m: {} for m in phase1.MAP_NAMES}
    part_of_roc, totals = {}, dict.fromkeys(SUMMARY_PARTS, 0)
    for roc in phase1.all_rocs():
        map_name, name = roc.module.map_name, roc.name
        x_axis, y_axis = binnings[map_name]
        centre = phase1.map_coordinates(roc)
        ix, iy = x_axis.index(centre.x), y_axis.index(centre.y)
        names[map_name][iy][ix] = name
        cells[map_name][name] = (iy, ix)
        part_of_roc[name] = part_of(roc)
        for part in part_of_roc[name]:
            totals[part] += 1
    grids = {
        m: MapGrid([round(x.center(i), 6) for i in range(x.nbins)], [round(y.center(i), 6) for i in range(y.nbins)],
                   names[m], cells[m])  # fmt: skip
        for m, (x, y) in binnings.items()
    }
    return Detector(grids, part_of_roc, totals)


def heatmap(grid, name, background, marks, colours, zmin, zmax, legend=None):
    """A map's heatmap: every ROC's cell at ``background``, then each (ROC name, z, hover text)
    of ``marks`` painted over it; cells without a ROC stay empty (None). ``legend``: a palette
    mapping {what a colour means: colour}, shown as the plot's legend."""
    z = [[None if n is None else background for n in row] for row in grid.names]
    text = [list(row) for row in grid.names]
    for roc, value, hover in marks:
        iy, ix = grid.cells[roc]
        z[iy][ix], text[iy][ix] = value, hover
    return Series(name, "heatmap", grid.x, grid.y, z=z, text=text, customdata=grid.names,
                  colorscale=colours, zmin=zmin, zmax=zmax, legend=list(legend.items()) if legend else None)  # fmt: skip


def map_axes(map_name):
    if map_name.startswith("BPix"):
        return Axis("Signed module (− = −z)"), Axis("Signed ladder (− = outer half-shell)")
    return Axis("Signed disk (− = −z)"), Axis("Signed blade (− = outer half-cylinder)")
