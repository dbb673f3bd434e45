"""The generic plot object's one conversion to plotly (pixelws/plots.py)."""
import pytest

from pixelws.plots import DENSE_BARS, Axis, Plot, Series, to_plotly


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


def test_more_bars_than_a_plot_shows_are_one_step_area_per_series():
    """Beyond DENSE_BARS a series' bars are one filled path (plotly draws a path per bar): each
    value held around its x as its bar would be, stacked series still stacked, the values unchanged."""
    x = list(range(1, DENSE_BARS + 2))
    dense = [Series("timeout", "bar", x, [i % 3 for i in x], stack="errors"),
             Series("other", "bar", x, [1] * len(x), stack="errors"), Series("alone", "bar", x, x, color="#d62728")]
    few = Series("few", "bar", x[:DENSE_BARS], x[:DENSE_BARS], stack="errors")
    timeout, other, alone, bars = to_plotly(Plot("t", Axis("LS"), Axis("Errors"), [*dense, few]))["data"]
    for trace, series in zip((timeout, other, alone), dense):
        assert (trace["type"], trace["mode"], trace["line"]["shape"]) == ("scatter", "lines", "hvh")
        assert (trace["x"], trace["y"]) == (series.x, series.y)
    assert timeout["stackgroup"] == other["stackgroup"] == "errors" and timeout["line"]["width"] == 0
    assert alone["fill"] == "tozeroy" and "stackgroup" not in alone
    # Opaque, as bars are: the series' own colour, else plotly's for the trace's place.
    assert alone["line"]["color"] == alone["fillcolor"] == "#d62728"
    assert (timeout["fillcolor"], other["fillcolor"]) == ("#1f77b4", "#ff7f0e")
    assert bars["type"] == "bar" and len(bars["x"]) == DENSE_BARS


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


def test_a_categorical_map_has_a_legend_key_per_value_and_gaps_between_few_cells():
    scale = [[0, "#2ca02c"], [0.5, "#2ca02c"], [0.5, "#d62728"], [1, "#d62728"]]
    series = Series("State", "heatmap", ["a", "b"], ["r"], z=[[0, 1]], colorscale=scale, zmin=-0.5, zmax=1.5,
                    legend=[("ON", "#2ca02c"), ("TRIPPED", "#d62728")])
    figure = to_plotly(Plot("t", Axis("x", type="category"), Axis("y", type="category"), [series]))
    assert figure["layout"]["showlegend"] is True
    assert [(t["name"], t["marker"]["color"], t["x"]) for t in figure["data"][1:]] == [("ON", "#2ca02c", [None]), ("TRIPPED", "#d62728", [None])]
    assert (figure["data"][0]["xgap"], figure["data"][0]["ygap"]) == (1, 1)
    big = Series("ROCs", "heatmap", list(range(30)), list(range(20)), z=[[0] * 30] * 20, colorscale=scale, zmin=-0.5, zmax=1.5)
    figure = to_plotly(Plot("t", Axis("x"), Axis("y"), [big]))
    assert figure["data"][0]["xgap"] == 0 and len(figure["data"]) == 1 and figure["layout"]["showlegend"] is False


def test_min_and_max_are_a_band_around_their_line_with_one_legend_entry():
    series = [Series("L1 max", "line", [1, 2], [5, 6], band="L1"), Series("L1", "line", [1, 2], [4, 5]),
              Series("L1 min", "line", [1, 2], [3, 4], band="L1"), Series("L2 max", "line", [1, 2], [9, 9], band="L2"),
              Series("L2", "line", [1, 2], [8, 8]), Series("L2 min", "line", [1, 2], [7, 7], band="L2"),
              Series("alarm high", "line", [1, 2], [10, 10], color="#d62728")]
    figure = to_plotly(Plot("t", Axis("x"), Axis("y"), series))
    data = figure["data"]
    assert [t["name"] for t in data] == ["L1 max", "L1 min", "L1", "L2 max", "L2 min", "L2", "alarm high"]
    assert [t.get("showlegend", True) for t in data] == [False, False, True, False, False, True, True]
    assert [t.get("fill") for t in data] == [None, "tonexty", None, None, "tonexty", None, None]
    assert data[1]["fillcolor"] == "rgba(31,119,180,0.2)" and data[2]["line"]["color"] == "#1f77b4"
    assert data[5]["line"]["color"] == "#ff7f0e" and data[3]["legendgroup"] == data[5]["legendgroup"] == "L2"
    assert figure["layout"]["showlegend"] is True
    alone = to_plotly(Plot("t", Axis("x"), Axis("y"), series[:3]))
    assert alone["layout"]["showlegend"] is False  # one line and its band: the title says what it is


def test_a_long_title_puts_its_scope_on_a_second_line():
    short = to_plotly(Plot("Dead time, run 324245", Axis("x"), Axis("y"), []))["layout"]
    assert short["title"] == {"text": "Dead time, run 324245"} and short["margin"]["t"] == 40
    text = "Leakage current per module at 20 °C versus delivered luminosity, morning shift 2018-10-16"
    long = to_plotly(Plot(text, Axis("x"), Axis("y"), []))["layout"]
    assert long["title"]["text"] == ("Leakage current per module at 20 °C versus delivered luminosity"
                                     "<br><span style='font-size:12px'>morning shift 2018-10-16</span>")
    assert long["title"]["font"] == {"size": 13} and long["margin"]["t"] == 62


def test_a_sparse_line_gets_markers_so_that_a_lone_point_shows():
    modes = [to_plotly(Plot("t", Axis("x"), Axis("y"), [Series("s", "line", [1, 2, 3, 4, 5], y)]))["data"][0]["mode"]
             for y in ([1, 2, 3, 4, 5], [1, 2, None, 4, 5], [None, None, 3, None, None], [1, None, None, None, 5], [7])]
    assert modes == ["lines", "lines", "lines+markers", "lines+markers", "lines+markers"]


def test_axes_make_room_for_their_tick_labels():
    layout = to_plotly(Plot("t", Axis("Source", type="category"), Axis("Dead time", "%"), []))["layout"]
    assert layout["xaxis"]["automargin"] is True and layout["yaxis"]["automargin"] is True
    assert layout["xaxis"]["title"] == {"text": "Source", "standoff": 8}
