"""A PDF's plots keep their legends whole and draw their colour bars in every viewer: the FED
errors per lumisection of run 324245 name all eleven error types (the PDF dropped "40 TBM
overflow"), and the FED error heatmap's colour bar, laid out by WeasyPrint, is drawn alike by
poppler (pdftoppm) and cairo (pdftocairo), where poppler drew an empty box."""
import re
import shutil
import subprocess

import pytest
import weasyprint
from PIL import Image

from apps.workspace import figures
from apps.reports.pdf import printable, svg_data_url, with_whole_legend
from apps.reports.colour_bars import stepped_colour_bars
from tests.jsonapi import get

RUN = 324245
WIDTH, HEIGHT = 1080, 340  # a full-width plot of 4 grid rows in the PDF (pdf.py)


def figure_of(api, probe):
    return get(api, f"/api/v1/plots/{probe}?run={RUN}&fields[plots]=figure")["data"]["attributes"]["figure"]


def test_a_legend_too_long_for_the_plots_height_lies_whole_under_it(api):
    figure = figure_of(api, "fed_errors_per_ls")
    names = [t["name"] for t in figure["data"] if t.get("showlegend", True) and t.get("name")]
    assert names[-2:] == ["40 TBM overflow", "Events"] and len(names) >= 10  # the run's error types, the events marked
    laid_out, height = with_whole_legend(figure, WIDTH, HEIGHT)
    assert laid_out["layout"]["legend"]["orientation"] == "h" and height > HEIGHT
    svg = figures.render(laid_out, WIDTH, height).result(timeout=120).decode()
    legend = svg[svg.index('class="legend"'):]
    shown = re.findall(r'class="legendtext"[^>]*>([^<]+)</text>', legend)
    assert shown == names
    # Not scrolled: plotly adds a scroll bar to a legend taller than its room.
    assert not re.search(r'class="scrollbar"[^>]*height="[1-9]', legend)


def colour_bar_box(svg):
    """(left, top, right, bottom) in px of the colour bar's fill: plotly's colorbar group, its
    fills' group and the fill's rect, each translated."""
    (x0, y0), (x1, y1) = (map(float, re.search(rf'class="{cls}"[^>]*transform="translate\(([-\d.]+),\s*([-\d.]+)\)"', svg).groups())
                          for cls in (r"[\w ]*colorbar", "cbfills"))  # fmt: skip
    x, y, width, height = map(float, re.search(r'class="cbfill[^"]*"[^>]*x="([-\d.]+)" y="([-\d.]+)" width="([-\d.]+)" height="([-\d.]+)"', svg).groups())
    return x0 + x1 + x, y0 + y1 + y, x0 + x1 + x + width, y0 + y1 + y + height


def drawn_share(png, box):
    """The share of the box's pixels that are not white."""
    image = Image.open(png).convert("RGB").crop(tuple(round(v) for v in box))
    data = image.tobytes()
    pixels = [data[i:i + 3] for i in range(0, len(data), 3)]
    return sum(1 for p in pixels if min(p) < 235) / len(pixels)


@pytest.mark.skipif(shutil.which("pdftocairo") is None, reason="poppler-utils: `make poppler`")
def test_a_colour_bar_is_drawn_alike_by_poppler_and_cairo(api, tmp_path):
    figure = figure_of(api, "fed_error_heatmap")
    figure = {**figure, "data": [printable(t) for t in figure["data"]]}
    svg = figures.render(figure, WIDTH, 600).result(timeout=120)
    box = colour_bar_box(svg.decode())
    assert box[3] - box[1] > 100  # the bar itself, not a tick
    # The page is the figure's size, 1 px a CSS px: the PDF rendered at 96 dpi puts the bar where the SVG has it.
    html = (f'<style>@page {{ size: {WIDTH}px 600px; margin: 0 }} body {{ margin: 0 }} img {{ display: block }}</style>'
            f'<img src="{svg_data_url(stepped_colour_bars(svg))}" width="{WIDTH}" height="600">')  # fmt: skip
    pdf = tmp_path / "colour-bar.pdf"
    weasyprint.HTML(string=html).write_pdf(pdf)
    inside = (box[0] + 3, box[1] + 3, box[2] - 3, box[3] - 3)
    for tool in ("pdftoppm", "pdftocairo"):
        subprocess.run([tool, "-png", "-r", "96", "-singlefile", str(pdf), str(tmp_path / tool)], check=True)
        assert drawn_share(tmp_path / f"{tool}.png", inside) > 0.95, tool
    # As plotly draws it (a gradient), poppler leaves the bar empty: what the steps are for.
    gradient = tmp_path / "gradient.pdf"
    weasyprint.HTML(string=html.replace(svg_data_url(stepped_colour_bars(svg)), svg_data_url(svg))).write_pdf(gradient)
    subprocess.run(["pdftoppm", "-png", "-r", "96", "-singlefile", str(gradient), str(tmp_path / "gradient")], check=True)
    assert drawn_share(tmp_path / "gradient.png", inside) < 0.2
