"""The generic plot object's one conversion to plotly (pixelws/plots.py)."""
import pytest

from pixelws.plots import Axis, Plot, Series, to_plotly


def test_axis_titles_carry_units_in_plotly_text():
    plot = Plot("t", Axis("Lumisection"), Axis("Instantaneous luminosity", "10^{30}cm^{-2}s^{-1}"), [])
    layout = to_plotly(plot)["layout"]
    assert layout["xaxis"]["title"]["text"] == "Lumisection"
    assert layout["yaxis"]["title"]["text"] == "Instantaneous luminosity [10<sup>30</sup>cm<sup>-2</sup>s<sup>-1</sup>]"


def test_degrees_are_a_degree_sign_not_a_superscript():
    plot = Plot("t", Axis("Time", type="date"), Axis("Temperature", "^{\\circ}C"), [])
    assert to_plotly(plot)["layout"]["yaxis"]["title"]["text"] == "Temperature [°C]"
    assert Axis("Current", "{\\mu}A").label == "Current [µA]"


def test_series_kinds_become_plotly_traces():
    series = [
        Series("l", "line", [1, 2], [3, 4]),
        Series("s", "scatter", [1], [2]),
        Series("b", "bar", [1], [2], stack="a"),
        Series("st", "step", [1, 2], [1, 0]),
        Series("a", "line", [1], [1], stack="dead"),
    ]
    figure = to_plotly(Plot("t", Axis("x"), Axis("y"), series))
    line, scatter, bar, step, area = figure["data"]
    assert (line["type"], line["mode"]) == ("scatter", "lines")
    assert scatter["mode"] == "markers"
    assert bar["type"] == "bar" and figure["layout"]["barmode"] == "stack"
    assert step["line"] == {"shape": "hv"}
    assert area["stackgroup"] == "dead" and area["line"]["width"] == 0


def test_heatmap_with_hover_text_per_cell():
    z = [[1, 2], [3, None]]
    text = [["ROC a", "ROC b"], ["ROC c", "ROC d"]]
    plot = Plot("map", Axis("module"), Axis("ladder"), [Series("rocs", "heatmap", [0, 1], [0, 1], z=z, text=text)], z=Axis("Masked", "%"))
    (trace,) = to_plotly(plot)["data"]
    assert trace["type"] == "heatmap" and trace["z"] == z and trace["text"] == text
    assert "%{text}" in trace["hovertemplate"]
    assert trace["colorbar"]["title"]["text"] == "Masked [%]"
    assert not plot.empty


def test_unknown_kinds_are_refused():
    with pytest.raises(ValueError):
        Series("x", "pie")
    with pytest.raises(ValueError):
        Axis("x", type="polar")


def test_empty_plot():
    assert Plot("t", Axis("x"), Axis("y"), [Series("a")]).empty
