"""The masking probes agree with the masking resources: every masked cell, count and percentage
is checked against what /api/v1/masked_rocs, masked_channels and pixel_rocs answer."""
import pytest

from apps.demo_source.models import OmsRun, PxlMaskedRoc
from apps.geometry import phase1
from tests.jsonapi import error_of, follow, get

pytestmark = pytest.mark.django_db
RUN = 324245
SOME_LS = (None, 1, 700, 2100)


def plot(api, probe, query):
    return get(api, f"/api/v1/plots/{probe}?{query}")["data"]["attributes"]


def total(api, url):
    return get(api, f"{url}&page[limit]=1")["meta"]["totalResourceCount"]


def at(ls):
    return "" if ls is None else f"&filter[first_lumisection_number][LE]={ls}&filter[last_lumisection_number][GE]={ls}"


def masked_names(api, run, ls=None, **filters):
    """Distinct ROC names the masked_rocs resource lists for a run (at one LS)."""
    extra = "".join(f"&filter[{k}]={v}" for k, v in filters.items())
    doc = get(api, f"/api/v1/masked_rocs?filter[run_number]={run}{at(ls)}{extra}&fields=roc_name&page[limit]=10000")
    return {o["attributes"]["roc_name"] for o in doc["data"]}


def cells(series, value):
    """ROC names (customdata) of the cells whose z is ``value``."""
    return {name for zs, names in zip(series["z"], series["customdata"]) for z, name in zip(zs, names) if z == value}


@pytest.mark.parametrize("map_name", phase1.MAP_NAMES)
@pytest.mark.parametrize("ls", SOME_LS)
def test_masked_cells_are_the_masked_rocs_the_resource_lists(api, map_name, ls):
    query = f"run={RUN}&map={map_name}" + ("" if ls is None else f"&ls={ls}")
    series = plot(api, "roc_map", query)["figure"]["data"][0]
    expected = masked_names(api, RUN, ls, map_name=map_name)
    assert cells(series, 1) == expected
    rocs_on_map = total(api, f"/api/v1/pixel_rocs?filter[map_name]={map_name}")
    assert len(cells(series, 0)) + len(expected) == rocs_on_map  # every ROC has one cell


def test_the_demo_run_masks_rocs_on_every_map(api):
    for map_name in phase1.MAP_NAMES:
        assert masked_names(api, RUN, map_name=map_name), map_name  # so the test above can fail


@pytest.mark.parametrize("name", [
    "BPix_BmO_SEC1_LYR1_LDR1F_MOD1_ROC0", "BPix_BpI_SEC8_LYR4_LDR32F_MOD4_ROC15",
    "FPix_BmI_D3_BLD11_PNL2_RNG1_ROC9", "FPix_BpO_D1_BLD17_PNL1_RNG2_ROC3",
])
def test_a_rocs_cell_is_at_its_map_coordinates_and_names_it(api, name):
    roc = phase1.parse_roc_name(name)
    map_name = roc.module.map_name
    x_axis, y_axis = phase1.map_binning(map_name)
    centre = phase1.map_coordinates(roc)
    series = plot(api, "roc_map", f"run={RUN}&map={map_name}")["figure"]["data"][0]
    ix = min(range(len(series["x"])), key=lambda i: abs(series["x"][i] - centre.x))
    iy = min(range(len(series["y"])), key=lambda i: abs(series["y"][i] - centre.y))
    assert abs(series["x"][ix] - centre.x) < x_axis.width / 2 and abs(series["y"][iy] - centre.y) < y_axis.width / 2
    assert series["customdata"][iy][ix] == name
    assert series["text"][iy][ix].startswith(name)
    # The pixel_rocs resource places the ROC at the same coordinates.
    place = get(api, f"/api/v1/pixel_rocs/{name}?fields=map_x,map_y")["data"]["attributes"]
    assert (place["map_x"], place["map_y"]) == pytest.approx((centre.x, centre.y))


def test_a_masked_cells_hover_names_the_roc_and_its_masking(api):
    name = sorted(masked_names(api, RUN, map_name="BPix_L1"))[0]
    rows = get(api, f"/api/v1/masked_rocs?filter[run_number]={RUN}&filter[roc_name]={name}")["data"]
    series = plot(api, "roc_map", f"run={RUN}&map=BPix_L1")["figure"]["data"][0]
    (text,) = [t for ts, ns in zip(series["text"], series["customdata"]) for t, n in zip(ts, ns) if n == name]
    assert text.startswith(f"{name}<br>masked: ")
    for row in rows:
        a = row["attributes"]
        assert f"LS {a['first_lumisection_number']}–{a['last_lumisection_number']} ({a['source']}, {a['scope']})" in text


@pytest.mark.parametrize("ls", SOME_LS)
def test_summary_percentages_are_masked_over_total_from_the_resources(api, ls):
    table = plot(api, "masked_summary", f"run={RUN}" + ("" if ls is None else f"&ls={ls}"))["table"]
    rows = {r["part"]: r for r in table["rows"]}
    checks = {f"BPix L{n}": {"layer": n} for n in range(1, 5)}
    checks |= {"BPix": {"subdetector": "BPix"}, "FPix": {"subdetector": "FPix"}, "Pixel": {}}
    checks |= {f"FPix D-2 R{ring}": {"ring": ring, "disk": 2, "map_x][LT": 0} for ring in (1, 2)}
    checks |= {f"FPix D+3 R{ring}": {"ring": ring, "disk": 3, "map_x][GT": 0} for ring in (1, 2)}
    for part, filters in checks.items():
        masked = masked_names(api, RUN, ls, **filters)
        rocs = total(api, "/api/v1/pixel_rocs?" + "".join(f"&filter[{k}]={v}" for k, v in filters.items()))
        assert (rows[part]["masked"], rows[part]["total"]) == (len(masked), rocs), part
        assert rows[part]["percent"] == pytest.approx(100 * len(masked) / rocs, abs=5e-4)
    assert rows["Pixel"]["total"] == 29696 and len(rows) == 4 + 12 + 3


@pytest.mark.parametrize("ls", [1, 350, 1049, 2100])
def test_masked_over_time_counts_the_intervals_covering_each_lumisection(api, ls):
    series = plot(api, "masked_over_time", f"run={RUN}")["figure"]["data"]
    channels, rocs = series[:2]  # then the run's events (tests/events)
    assert channels["x"][ls - 1] == ls and len(channels["x"]) == 2100
    assert channels["y"][ls - 1] == total(api, f"/api/v1/masked_channels?filter[run_number]={RUN}{at(ls)}")
    assert rocs["y"][ls - 1] == total(api, f"/api/v1/masked_rocs?filter[run_number]={RUN}{at(ls)}")


def test_masking_changes_during_the_demo_run(api):
    rocs = plot(api, "masked_over_time", f"run={RUN}")["figure"]["data"][1]["y"]
    assert min(rocs) < max(rocs)  # masked and recovered during the run, as the demo promises


def test_roc_history_lists_the_rocs_masking_rows_of_every_run(api):
    name = sorted(masked_names(api, RUN, map_name="BPix_L2"))[0]
    attributes = plot(api, "roc_history", f"roc={name}")
    doc = get(api, f"/api/v1/masked_rocs?filter[roc_name]={name}&sort=run_number,first_lumisection_number&page[limit]=1000")
    expected = [{k: o["attributes"][k] for k in attributes["table"]["rows"][0]} for o in doc["data"]]
    assert attributes["table"]["rows"] == expected
    bars = attributes["figure"]["data"][0]
    percent = dict(zip(bars["x"], bars["y"]))
    runs = get(api, "/api/v1/runs?fields=last_lumisection_number&page[limit]=1000")["data"]
    assert len(percent) == len(runs)
    for run in runs:
        masked = sum(r["lumisections"] for r in expected if str(r["run_number"]) == run["id"])
        assert percent[run["id"]] == pytest.approx(100 * masked / run["attributes"]["last_lumisection_number"], abs=1e-3)


# Run comparison on crafted data: two new runs with known masks.
BEFORE, AFTER = 900001, 900002
GONE, KEPT, NEW = (f"BPix_BmO_SEC1_LYR1_LDR1F_MOD1_ROC{n}" for n in (1, 2, 3))
NEW_FPIX = "FPix_BpI_D2_BLD3_PNL1_RNG2_ROC4"


@pytest.fixture
def two_runs(db):
    template = OmsRun.objects.get(run_number=RUN)
    for run in (BEFORE, AFTER):
        template.run_number = run
        template.save(force_insert=True)
    masks = [(BEFORE, GONE), (BEFORE, KEPT), (AFTER, KEPT), (AFTER, NEW), (AFTER, NEW_FPIX)]
    PxlMaskedRoc.objects.bulk_create(
        PxlMaskedRoc(run_number=run, roc_name=name, first_ls=1, last_ls=10, source="manual") for run, name in masks
    )


def test_comparison_map_shows_newly_masked_recovered_and_kept_rocs(api, two_runs):
    attributes = plot(api, "roc_map_comparison", f"run={AFTER}&reference_run={BEFORE}&map=BPix_L1")
    series = attributes["figure"]["data"][0]
    assert (cells(series, 1), cells(series, -1), cells(series, 0.5)) == ({NEW}, {GONE}, {KEPT})
    assert attributes["table"]["rows"] == [
        {"roc_name": NEW, "map_name": "BPix_L1", "change": "newly masked"},
        {"roc_name": GONE, "map_name": "BPix_L1", "change": "recovered"},
    ]


def test_the_reference_defaults_to_the_run_before(api, two_runs):
    attributes = plot(api, "masked_roc_changes", f"run={AFTER}")
    assert {(r["roc_name"], r["change"]) for r in attributes["table"]["rows"]} == {
        (NEW, "newly masked"), (NEW_FPIX, "newly masked"), (GONE, "recovered")}
    bars = {s["name"]: dict(zip(s["x"], s["y"])) for s in attributes["figure"]["data"]}
    assert bars["Newly masked"]["BPix_L1"] == bars["Newly masked"]["FPix_R2"] == bars["Recovered"]["BPix_L1"] == 1
    assert sum(bars["Newly masked"].values()) + sum(bars["Recovered"].values()) == 3
    # Two queries of one resource, told apart by their labels.
    assert [s["label"] for s in attributes["sources"]] == [f"masked_rocs, run {AFTER}", f"masked_rocs, reference {BEFORE}"]


@pytest.mark.parametrize("url, parameter", [
    ("roc_map?map=BPix_L1", "run"),
    ("roc_map?run=324245", "map"),
    ("roc_map?run=324245&map=BPix_L5", "map"),
    ("roc_map?run=324245&map=BPix_L1&ls=0", "ls"),
    ("roc_map?run=324245&map=BPix_L1&ls=99999", "ls"),
    ("roc_map?run=324245&map=BPix_L1&lumi=3", "lumi"),
    ("masked_summary?run=abc", "run"),
    ("masked_roc_changes?run=324245&reference_run=x", "reference_run"),
    ("roc_history?roc=BPix_BmO_SEC1_LYR1_LDR1F_MOD1_ROC16", "roc"),
    ("roc_history?roc=ROC7", "roc"),
    ("roc_history", "roc"),
])
def test_bad_probe_parameters_are_400_naming_them(api, url, parameter):
    assert error_of(api, f"/api/v1/plots/{url}")["source"] == {"parameter": parameter}


@pytest.mark.parametrize("url, parameter", [
    ("roc_map?run=1&map=BPix_L1", "run"),
    ("roc_map_comparison?run=324245&reference_run=2&map=FPix_R1", "reference_run"),
    ("masked_over_time?run=3", "run"),
])
def test_unknown_runs_are_404_naming_them(api, url, parameter):
    assert error_of(api, f"/api/v1/plots/{url}", 404)["source"] == {"parameter": parameter}


def test_a_malformed_roc_name_says_what_a_valid_one_looks_like(api):
    detail = error_of(api, "/api/v1/plots/roc_history?roc=BPix_x")["detail"]
    assert "BPix_BmO_SEC1_LYR1_LDR1F_MOD1" in detail and "_ROC0" in detail


def test_the_static_geometry_is_prepared_before_any_request():
    from apps.geometry.maps import detector
    from pixelws.probes import prepare_all

    detector.cache_clear()
    prepare_all()  # what each gunicorn worker does as it starts (a warm-up hook: pixelws/warm_up.py)
    assert detector.cache_info().currsize == 1


def test_a_map_renders_to_svg_for_reports(api):
    """Reports render the API's figure with kaleido and Debian's Chromium: a map's masked cells
    and its title reach the SVG."""
    import kaleido

    data = plot(api, "roc_map", f"run={RUN}&map=BPix_L1")
    svg = kaleido.calc_fig_sync(data["figure"], opts={"format": "svg"}).decode()
    what, _, scope = data["title"].rpartition(", ")  # a long title is drawn in two lines
    assert svg.startswith("<svg") and what.replace("&", "&amp;") in svg and scope.replace("&", "&amp;") in svg
    assert "heatmaplayer" in svg and "<image" in svg  # plotly draws a heatmap as an image in SVG


@pytest.mark.parametrize("ls", (None, 700))
def test_a_maps_masked_cells_are_the_rows_of_its_link(api, ls):
    attributes = plot(api, "roc_map", f"run={RUN}&map=FPix_R1" + ("" if ls is None else f"&ls={ls}"))
    [source] = attributes["sources"]
    assert source["title"] == f"masked ROCs of run {RUN}" + ("" if ls is None else f", LS {ls}") + ", FPix_R1"
    rows = follow(api, source["href"])
    assert {o["attributes"]["roc_name"] for o in rows} == cells(attributes["figure"]["data"][0], 1)
    assert len(rows) == len(attributes["table"]["rows"])  # the table lists every interval


def test_masked_over_time_links_the_channels_and_rocs_it_counts(api):
    attributes = plot(api, "masked_over_time", f"run={RUN}")
    channels, rocs = (follow(api, s["href"]) for s in attributes["sources"])
    for series, rows in zip(attributes["series"], (channels, rocs)):
        for ls in (1, 700, 2100):
            covering = [o for o in rows if o["attributes"]["first_lumisection_number"] <= ls <= o["attributes"]["last_lumisection_number"]]
            assert series["y"][ls - 1] == len(covering), (series["name"], ls)


def test_summary_roc_history_and_comparisons_link_their_rows(api):
    summary = plot(api, "masked_summary", f"run={RUN}&ls=700")
    names = {o["attributes"]["roc_name"] for o in follow(api, summary["sources"][0]["href"])}
    assert summary["table"]["rows"][-1]["masked"] == len(names)
    roc = sorted(names)[0]
    history = plot(api, "roc_history", f"roc={roc}")
    assert len(follow(api, history["sources"][0]["href"])) == len(history["table"]["rows"])
    changes = plot(api, "masked_roc_changes", f"run={RUN}")
    now, before = ({o["attributes"]["roc_name"] for o in follow(api, s["href"])} for s in changes["sources"])
    assert {r["roc_name"] for r in changes["table"]["rows"] if r["change"] == "newly masked"} == now - before
    assert {r["roc_name"] for r in changes["table"]["rows"] if r["change"] == "recovered"} == before - now
