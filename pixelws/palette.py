"""The one palette of states and severities: every colour that *means* something (an alarm, a
power state, a masking change) for plots, the PDF and the pages' CSS alike.

Chosen so that every pair of categories a reader must tell apart (each mapping in CATEGORIES) is
at least 15 ΔE 2000 apart for normal vision and for protanopes, deuteranopes and tritanopes
(Machado et al. 2009): tests/test_palette.py computes it. Colour is never the only sign of an
alarm: its category's name is written beside it (ALARMS: legends, a map's cells, the timeline's
word).
"""
ALARM = "#b1201b"  # a dark red: as dark as GOOD is light, so that red-blind eyes still part them
WARNING = "#e79539"
INFO = "#177ca7"
GOOD = "#3a9f71"  # a bluish green (ON, recovered)
TRANSITION = "#fce557"  # a light yellow (ramping)
STANDBY = "#7fd4f0"
OFF = "#585858"
BACKGROUND = "#d1d1d1"  # a map's cells where nothing happened
BOTH = "#323232"  # masked in both runs compared

SEVERITIES = {"info": INFO, "warning": WARNING, "alarm": ALARM}  # DCS limits and events alike
POWER_STATES = {"ON": GOOD, "RAMPING": TRANSITION, "STANDBY": STANDBY, "OFF": OFF, "TRIPPED": ALARM}
MASKING = {"not masked": BACKGROUND, "masked": ALARM}
MASKING_CHANGES = {"recovered": GOOD, "unchanged": BACKGROUND, "masked in both runs": BOTH, "newly masked": ALARM}
FED_ERRORS = {"no errors": BACKGROUND, "errors": TRANSITION}  # the two ends a reader must part; red for the most
# Every mapping whose colours a reader must tell apart, by what it colours.
CATEGORIES = {
    "severities": SEVERITIES,
    "power-group states": POWER_STATES,
    "masked ROCs": MASKING,
    "masking changes": MASKING_CHANGES,
    "FED errors": FED_ERRORS,
}
ALARMS = {"alarm", "TRIPPED"}  # categories also marked by their written name, not by colour alone


def steps(categories):
    """A plotly colour scale of discrete steps over z = 0 … n-1 (with zmin -0.5, zmax n-0.5): one
    colour per category, in the mapping's order."""
    colours, n = list(categories.values()), len(categories)
    return [[edge, colour] for k, colour in enumerate(colours) for edge in (k / n, (k + 1) / n)]


def tint(colour, share=0.14):
    """The colour mixed into white (a row's background), as ``#rrggbb``."""
    channels = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return "#" + "".join(f"{round(255 - share * (255 - c)):02x}" for c in channels)


def css():
    """The severities as CSS custom properties (``--alarm``, ``--alarm-tint``, …), for the pages'
    and the PDF's style sheets."""
    lines = [f"--{name}: {colour}; --{name}-tint: {tint(colour)};" for name, colour in SEVERITIES.items()]
    return ":root { " + " ".join(lines) + " }"
