"""Colour science for the palette test: how an sRGB colour looks to a dichromat, and how far
apart two colours look (CIELAB ΔE 2000).

Dichromacy is simulated with the matrices of Machado, Oliveira & Fernandes, "A Physiologically-
based Model for Simulation of Color Vision Deficiency", IEEE TVCG 15(6), 2009, table of severity
1.0 (the paper's supplementary data, also used by colorspacious' "sRGB1+CVD"), applied to linear
sRGB. ΔE 2000 is Sharma, Wu & Dalal, "The CIEDE2000 Color-Difference Formula: Implementation
Notes", Color Research & Application 30(1), 2005 (their test pairs check it in test_palette.py).
"""
from math import atan2, cos, degrees, exp, hypot, radians, sin, sqrt

MACHADO_2009 = {
    "protanopia": ((0.152286, 1.052583, -0.204868), (0.114503, 0.786281, 0.099216), (-0.003882, -0.048116, 1.051998)),
    "deuteranopia": ((0.367322, 0.860646, -0.227968), (0.280085, 0.672501, 0.047413), (-0.011820, 0.042940, 0.968881)),
    "tritanopia": ((1.255528, -0.076749, -0.178779), (-0.078411, 0.930809, 0.147602), (0.004733, 0.691367, 0.303900)),
}  # fmt: skip
VISIONS = ("normal", *MACHADO_2009)
# sRGB (linear) to CIE XYZ, D65 (IEC 61966-2-1), and the D65 white point.
SRGB_TO_XYZ = ((0.4124, 0.3576, 0.1805), (0.2126, 0.7152, 0.0722), (0.0193, 0.1192, 0.9505))
WHITE = (0.95047, 1.0, 1.08883)


def rgb(colour):
    """``#rrggbb`` as three fractions 0..1."""
    return tuple(int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5))


def linear(c):
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def multiply(matrix, vector):
    return tuple(sum(m * v for m, v in zip(row, vector)) for row in matrix)


def seen(colour, vision="normal"):
    """The linear sRGB a person of ``vision`` perceives for ``#rrggbb`` (clipped to the gamut)."""
    values = tuple(linear(c) for c in rgb(colour))
    if vision != "normal":
        values = tuple(min(1.0, max(0.0, v)) for v in multiply(MACHADO_2009[vision], values))
    return values


def lab(linear_rgb):
    def f(t):
        return t ** (1 / 3) if t > (6 / 29) ** 3 else t / (3 * (6 / 29) ** 2) + 4 / 29

    x, y, z = (f(v / w) for v, w in zip(multiply(SRGB_TO_XYZ, linear_rgb), WHITE))
    return 116 * y - 16, 500 * (x - y), 200 * (y - z)


def delta_e_2000(lab1, lab2):
    (l1, a1, b1), (l2, a2, b2) = lab1, lab2
    c_mean = (hypot(a1, b1) + hypot(a2, b2)) / 2
    g = 0.5 * (1 - sqrt(c_mean**7 / (c_mean**7 + 25**7)))
    a1, a2 = a1 * (1 + g), a2 * (1 + g)
    c1, c2 = hypot(a1, b1), hypot(a2, b2)
    h1 = degrees(atan2(b1, a1)) % 360 if c1 else 0.0
    h2 = degrees(atan2(b2, a2)) % 360 if c2 else 0.0
    dl, dc = l2 - l1, c2 - c1
    dh = 0.0 if not c1 * c2 else h2 - h1 - 360 if h2 - h1 > 180 else h2 - h1 + 360 if h2 - h1 < -180 else h2 - h1
    dh_big = 2 * sqrt(c1 * c2) * sin(radians(dh / 2))
    l_mean, c_mean = (l1 + l2) / 2, (c1 + c2) / 2
    if not c1 * c2:
        h_mean = h1 + h2
    elif abs(h1 - h2) <= 180:
        h_mean = (h1 + h2) / 2
    else:
        h_mean = (h1 + h2 + 360) / 2 if h1 + h2 < 360 else (h1 + h2 - 360) / 2
    t = (1 - 0.17 * cos(radians(h_mean - 30)) + 0.24 * cos(radians(2 * h_mean))
         + 0.32 * cos(radians(3 * h_mean + 6)) - 0.20 * cos(radians(4 * h_mean - 63)))  # fmt: skip
    sl = 1 + 0.015 * (l_mean - 50) ** 2 / sqrt(20 + (l_mean - 50) ** 2)
    sc, sh = 1 + 0.045 * c_mean, 1 + 0.015 * c_mean * t
    rt = -2 * sqrt(c_mean**7 / (c_mean**7 + 25**7)) * sin(radians(60 * exp(-(((h_mean - 275) / 25) ** 2))))
    return sqrt((dl / sl) ** 2 + (dc / sc) ** 2 + (dh_big / sh) ** 2 + rt * (dc / sc) * (dh_big / sh))


def difference(colour1, colour2, vision="normal"):
    """ΔE 2000 between two ``#rrggbb`` colours as a person of ``vision`` sees them."""
    return delta_e_2000(lab(seen(colour1, vision)), lab(seen(colour2, vision)))
