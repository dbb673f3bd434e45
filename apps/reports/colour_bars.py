"""A plot's colour bar in the PDF as steps of flat colour, not an SVG gradient: WeasyPrint writes
plotly's gradient (a colour bar's fill) as a PDF shading that poppler (pdftoppm, evince, okular)
draws as an empty box while cairo draws it. Flat rectangles read alike in every viewer."""
import re

STEPS = 64  # a colour bar's bands: smooth to the eye at a PDF's size
GRADIENT = re.compile(rb'<linearGradient x1="0" y1="1" x2="0" y2="0"[^>]*\sid="([^"]+)">(.*?)</linearGradient>', re.S)
STOP = re.compile(rb'<stop offset="([\d.]+)%" stop-color="rgb\((\d+), (\d+), (\d+)\)"(?: stop-opacity="[\d.]+")?/>')
FILLED = re.compile(rb'<rect class="cbfill gradient_filled" style="fill: url\(\'#([^\']+)\'\);" '
                    rb'x="([-\d.]+)" y="([-\d.]+)" width="([-\d.]+)" height="([-\d.]+)"/>')  # fmt: skip


def stepped_colour_bars(svg):
    """The SVG (bytes, as kaleido draws plotly's figures) with each vertical colour bar's gradient
    fill replaced by STEPS rectangles of its colours, bottom (offset 0) to top."""
    gradients = {m[1]: [(float(s[1]) / 100, tuple(int(c) for c in s.group(2, 3, 4))) for s in STOP.finditer(m[2])]
                 for m in GRADIENT.finditer(svg)}  # fmt: skip

    def steps(match):
        stops = gradients.get(match[1])
        if not stops:
            return match[0]
        x, y, width, height = (float(v) for v in match.group(2, 3, 4, 5))
        band = height / STEPS
        rects = []
        for i in range(STEPS):
            red, green, blue = colour_at(stops, (i + 0.5) / STEPS)
            top = y + height - (i + 1) * band
            # Each band overlaps the next by a little: no hairline between two bands in any viewer.
            rects.append(f'<rect x="{x:g}" y="{top:.3f}" width="{width:g}" height="{band + (0.3 if i else 0):.3f}" '
                         f'style="fill: rgb({red}, {green}, {blue});"/>')  # fmt: skip
        return f'<g class="cbfill stepped">{"".join(rects)}</g>'.encode()

    return FILLED.sub(steps, svg)


def colour_at(stops, t):
    """The gradient's colour at ``t`` (0…1), linear between its stops."""
    if t <= stops[0][0]:
        return stops[0][1]
    for (low, a), (high, b) in zip(stops, stops[1:]):
        if t <= high:
            share = (t - low) / (high - low) if high > low else 1
            return tuple(round(p + (q - p) * share) for p, q in zip(a, b))
    return stops[-1][1]
