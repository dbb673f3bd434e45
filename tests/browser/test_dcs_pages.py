"""The detector-control pages in a real browser, as a shifter tries them on the demo week: BPix
layer 1's leakage with its limit band rising with the luminosity, the LV trip on Power and in its
shift's report, the humidity excursion on Cooling & environment, the pixel state of a run.
Expected values come from the views (the ORM), never from the page."""
from datetime import timedelta

import pytest

from apps.dcs.models import HvReading, LeakageCurrent
from apps.demo_source.dcs_generator import HUMIDITY_EXCURSION, LV_TRIP
from apps.oms.models import Lumisection
from tests.browser.helpers import open_settled, portlet, table_rows, traces

WEEK = "since=2018-10-08T00:00:00Z&until=2018-10-16T06:00:00Z"
TRIP_SHIFT = "2018-10-09/night"
HUMID_SHIFT = "2018-10-11/morning"


def plot_data(page, title):
    """{trace name: {x, y}} of the plot a portlet drew."""
    return portlet(page, title).locator(".plot").evaluate(
        "g => Object.fromEntries(g.data.filter(t => t.legendgroup !== 'Events').map(t => [t.name, {x: t.x, y: t.y}]))")


def test_layer_1_leakage_over_the_week_with_its_limit_band(server, page):
    open_settled(page, f"{server}/pages/leakage?{WEEK}")
    title = "BPix layer 1 leakage current"
    assert portlet(page, title).get_attribute("data-state") == "ready"
    drawn = plot_data(page, title)
    assert list(drawn) == ["BPix L1 max", "BPix L1 min", "BPix L1", "warning high", "alarm high"]  # a band, then its line
    [(warning, alarm)] = set(LeakageCurrent.objects.filter(layer=1).values_list("warning_high", "alarm_high"))
    assert drawn["warning high"]["y"] == [warning, warning] and drawn["alarm high"]["y"] == [alarm, alarm]
    means = [y for y in drawn["BPix L1"]["y"] if y is not None]
    assert means[-1] > 1.1 * means[0] and max(y for y in drawn["BPix L1 max"]["y"] if y is not None) < warning

    versus = plot_data(page, "Leakage current versus delivered luminosity")
    assert list(versus) == ["BPix L1", "BPix L2", "BPix L3", "BPix L4", "FPix R1", "FPix R2"]
    layer_1 = versus["BPix L1"]
    assert layer_1["x"] == sorted(layer_1["x"]) and layer_1["x"][-1] > 1  # fb^-1 delivered
    assert layer_1["y"][-1] > 1.1 * layer_1["y"][0]


def test_the_lv_trip_on_power(server, page):
    open_settled(page, f"{server}/pages/power?shift={TRIP_SHIFT}")
    channel, start, duration = LV_TRIP
    [row] = table_rows(page, "LV out-of-limit intervals")
    assert row[:2] == [channel, "lv_channels"] and row[3] == "alarm"
    assert row[6] == f"{duration.total_seconds() / 60:g}"
    assert table_rows(page, "Power groups, worst state first")[0][:2] == ["BPix_BpO_SEC6", "TRIPPED"]
    state_map = portlet(page, "Power groups' worst state").locator(".plot").evaluate("g => g.data[0].z")
    assert state_map[3][5] == 4  # BpO sector 6: TRIPPED, the worst
    assert min(y for y in plot_data(page, "LV currents")["BPix digital min"]["y"] if y is not None) == 0
    hv = portlet(page, "HV out-of-limit intervals")  # no HV channel left its limits in that shift
    assert hv.get_attribute("data-state") == "empty"
    assert hv.locator(".portlet-message").text_content() == "No HV channel left its limits during the night shift 2018-10-09."


def test_the_lv_trip_in_its_shifts_report(server, page):
    open_settled(page, f"{server}/pages/shift_report?shift={TRIP_SHIFT}")
    channel, start, duration = LV_TRIP
    rows = table_rows(page, "Out-of-limit intervals during the shift")
    assert [r[:4] for r in rows] == [[channel, "lv_channels", "Current", "alarm"]]
    for title in ("Power groups' worst state", "HV voltage per layer and ring", "Leakage current at 20 °C in the shift",
                  "Smallest dew-point margin", "Dew-point margin"):
        assert portlet(page, title).get_attribute("data-state") == "ready", title
    # The notes come first on the page, with the Hand over button (apps/workspace/pages/shift_report.yaml),
    # above the power & environment section.
    notes = page.locator(".portlet-notes").bounding_box()
    assert notes["y"] < portlet(page, "Dew-point margin").bounding_box()["y"]


def test_the_humidity_excursion_on_cooling_and_environment(server, page):
    open_settled(page, f"{server}/pages/cooling?shift={HUMID_SHIFT}")
    sensor, start, duration = HUMIDITY_EXCURSION
    [row] = table_rows(page, "Humidity out-of-limit intervals")
    assert row[0] == sensor and row[3] == "warning"
    smallest = table_rows(page, "Smallest dew-point margin")[0]
    assert smallest[0] == "Smallest dew-point margin" and float(smallest[1]) < 5
    margin = plot_data(page, "Dew-point margin")["Dew-point margin"]
    assert min(margin["y"]) == pytest.approx(float(smallest[1]), abs=0.01)
    assert max(margin["y"]) > min(margin["y"]) + 5  # before the excursion, degrees more
    dew_points = plot_data(page, "Dew points in the pixel volume")
    assert {"warning high", "alarm high"} <= set(dew_points)  # the sensors share their limits
    for title in ("Temperatures", "CO₂ flows", "CO₂ set points", "Clean room overpressure", "Castor probes' temperatures",
                  "Castor probes' dew points", "Relative humidity"):
        assert portlet(page, title).get_attribute("data-state") == "ready", title


def test_pixel_state_of_a_run(server, page):
    run = 324245
    open_settled(page, f"{server}/pages/pixel_state?run={run}")
    count = Lumisection.objects.filter(run_number=run).count()
    names = ["BPix ready", "FPix ready", "HV on", "LV on", "Masked ROCs"]
    assert traces(page, "Pixel state per lumisection") == [[name, count] for name in names]
    hv_on = plot_data(page, "Pixel state per lumisection")["HV on"]["y"]
    first = Lumisection.objects.get(run_number=run, lumisection_number=1).start_time
    states = dict(HvReading.objects.filter(time__lte=first, time__gte=first - timedelta(minutes=5))
                  .order_by("time", "reading_id").values_list("channel", "state"))  # fmt: skip
    assert hv_on[0] == pytest.approx(list(states.values()).count("ON") / 144)
    assert portlet(page, "Power groups' worst state in the run").get_attribute("data-state") == "ready"
