"""The DAQ probes agree with the DAQ resources: every stacked count, map cell and table row is
checked against the rows /api/v1/fed_errors, fed_channels, pixel_rocs and readbacks answer."""
from collections import Counter, defaultdict

import pytest

from apps.daq.probes.readbacks import robust_z
from apps.demo_source.daq_generator import NOISY_FED, QUIET_FEDS, STORM_RUN, readback_outliers
from apps.geometry import phase1
from tests.jsonapi import error_of, get

pytestmark = pytest.mark.django_db
SHIFT = "2018-10-09/evening"


def plot(api, probe, query):
    return get(api, f"/api/v1/plots/{probe}?{query}")["data"]["attributes"]


def rows_of(api, link, page=10000):
    """Every row behind a link, page after page."""
    path = link.removeprefix("http://testserver")
    rows, offset = [], 0
    while True:
        doc = get(api, f"{path}{'&' if '?' in path else '?'}page[limit]={page}&page[offset]={offset}")
        rows += [o["attributes"] for o in doc["data"]]
        offset += page
        if offset >= doc["meta"]["totalResourceCount"]:
            return rows


def source_rows(api, attributes):
    return [row for source in attributes["sources"] for row in rows_of(api, source["href"])]


def test_robust_z_of_a_hand_computed_case():
    # median 3; |x - 3| = 2 1 0 1 97 → MAD 1, σ ≈ 1.4826
    z = robust_z([1, 2, 3, 4, 100])
    assert z == pytest.approx([-2 / 1.4826, -1 / 1.4826, 0, 1 / 1.4826, 97 / 1.4826])
    assert z[4] == pytest.approx(65.4256, abs=1e-4)
    assert robust_z([5, 5, 5, 9]) == [None] * 4  # no spread: no score


def test_every_fed_channel_reads_rocs_that_exist(api):
    feds = rows_of(api, "/api/v1/pixel_feds")
    assert len(feds) == 100 and {f["fed_id"] for f in feds} <= set(range(1200, 1350))
    assert sum(f["channels"] for f in feds) == 4736
    assert sum(f["rocs"] for f in feds) == phase1.ROCS_PER_MODULE * 1856 == 29696
    channels = rows_of(api, f"/api/v1/fed_channels?filter[run_number]={STORM_RUN}&filter[first_lumisection_number]=1")
    assert len({(c["fed_id"], c["fed_channel"]) for c in channels}) == 4736
    rocs = rows_of(api, "/api/v1/pixel_rocs?fields=name,fed_id,fed_channel,module_name,roc")
    by_channel = defaultdict(set)
    for roc in rocs:
        by_channel[roc["fed_id"], roc["fed_channel"]].add((roc["module_name"], roc["roc"]))
    for c in channels:
        expected = {(c["module_name"], n) for n in range(c["first_roc"], c["last_roc"] + 1)}
        assert by_channel[c["fed_id"], c["fed_channel"]] == expected and c["rocs"] == len(expected)
    per_fed = Counter(c["fed_id"] for c in channels)
    assert {f["fed_id"]: f["channels"] for f in feds} == per_fed


def test_errors_per_ls_stack_the_api_rows_by_type(api):
    attributes = plot(api, "fed_errors_per_ls", f"run={STORM_RUN}")
    expected = defaultdict(Counter)
    for row in source_rows(api, attributes):
        expected[f"{row['error_type']} {row['error_name']}"][row["lumisection_number"]] += row["errors"]
    assert len(source_rows(api, attributes)) > 10000
    series = attributes["series"]
    assert {s["name"] for s in series} == set(expected)
    for s in series:
        assert s["stack"] == "errors" and s["x"] == list(range(1, 2101))
        assert {ls: n for ls, n in zip(s["x"], s["y"]) if n} == dict(expected[s["name"]]), s["name"]


def test_one_channels_errors_per_ls(api):
    attributes = plot(api, "fed_errors_per_ls", f"run={STORM_RUN}&fed_channel={NOISY_FED}/17")
    rows = source_rows(api, attributes)
    assert {(r["fed_id"], r["fed_channel"]) for r in rows} == {(NOISY_FED, 17)}
    assert sum(sum(s["y"]) for s in attributes["series"]) == sum(r["errors"] for r in rows) > 0


@pytest.mark.parametrize("map_name", phase1.MAP_NAMES)
def test_errors_on_a_roc_map_are_their_channels_counts(api, map_name):
    attributes = plot(api, "fed_error_roc_map", f"run={STORM_RUN}&map={map_name}")
    per_channel = Counter()
    for row in source_rows(api, attributes):
        per_channel[row["fed_id"], row["fed_channel"]] += row["errors"]
    rocs = rows_of(api, f"/api/v1/pixel_rocs?filter[map_name]={map_name}&fields=name,fed_id,fed_channel")
    expected = {r["name"]: per_channel[r["fed_id"], r["fed_channel"]] for r in rocs}
    series = attributes["series"][0]
    shown = {name: z for zs, names in zip(series["z"], series["customdata"]) for z, name in zip(zs, names) if name}
    assert shown == expected
    # Each channel's count is on each ROC it reads: the map sums to Σ errors × ROCs on this map.
    rocs_per_channel = Counter((r["fed_id"], r["fed_channel"]) for r in rocs)
    assert sum(shown.values()) == sum(n * rocs_per_channel[key] for key, n in per_channel.items())


def test_heatmap_cells_are_the_channel_sums(api):
    attributes = plot(api, "fed_error_heatmap", f"run={STORM_RUN}")
    per_channel = Counter()
    for row in source_rows(api, attributes):
        per_channel[f"{row['fed_id']}/{row['fed_channel']}"] += row["errors"]
    series = attributes["series"][0]
    shown = {name: z for zs, names in zip(series["z"], series["customdata"]) for z, name in zip(zs, names) if z}
    assert shown == dict(per_channel)


def channel_totals(rows):
    totals = defaultdict(Counter)
    for row in rows:
        totals[row["fed_id"], row["fed_channel"]][row["error_type"]] += row["errors"]
    return totals


@pytest.mark.parametrize("scope", [f"run={STORM_RUN}", f"shift={SHIFT}"])
def test_top_channels_and_feds_are_the_api_rows_summed(api, scope):
    channels = plot(api, "top_fed_channels", f"{scope}&limit=5")
    totals = channel_totals(source_rows(api, channels))
    ranked = sorted(totals, key=lambda key: (-sum(totals[key].values()), key))[:5]
    assert [r["fed_channel"] for r in channels["table"]["rows"]] == [f"{f}/{c}" for f, c in ranked]
    for row, key in zip(channels["table"]["rows"], ranked):
        assert row["errors"] == sum(totals[key].values()) and row["timeouts"] == totals[key][29]
        assert row["tbm_errors"] == totals[key][30] + totals[key][40]
    feds = plot(api, "top_feds", f"{scope}&limit=3")
    per_fed = Counter()
    for (fed, _), types in totals.items():
        per_fed[fed] += sum(types.values())
    expected = sorted(per_fed, key=lambda fed: (-per_fed[fed], fed))[:3]
    assert [(r["fed_id"], r["errors"]) for r in feds["table"]["rows"]] == [(f, per_fed[f]) for f in expected]
    for row in feds["table"]["rows"]:
        worst = max((key for key in totals if key[0] == row["fed_id"]), key=lambda k: (sum(totals[k].values()), -k[1]))
        assert row["worst_channel"] == f"{worst[0]}/{worst[1]}"


def test_errors_by_type_in_a_shift_sum_the_shifts_lumisections(api):
    attributes = plot(api, "fed_errors_by_type", f"shift={SHIFT}")
    runs = plot(api, "shift_runs", f"shift={SHIFT}")["table"]["rows"]
    expected = Counter()
    for run in runs:
        for row in rows_of(api, f"/api/v1/fed_errors?filter[run_number]={run['run_number']}"
                                f"&filter[lumisection_number][GE]={run['first_ls']}&filter[lumisection_number][LE]={run['last_ls']}"):
            expected[row["error_type"]] += row["errors"]
    assert {r["error_type"]: r["errors"] for r in attributes["table"]["rows"]} == dict(expected)
    assert len(attributes["sources"]) == len(runs) == 2


def test_the_storm_the_shifter_finds(api):
    """Run 324245: timeouts flood one FED; its worst channel is masked by the DAQ right after."""
    fed = plot(api, "top_feds", f"run={STORM_RUN}&limit=1")["table"]["rows"][0]
    assert fed["timeouts"] > 0.9 * fed["errors"]
    fed_id, channel = map(int, fed["worst_channel"].split("/"))
    timeouts = rows_of(api, f"/api/v1/fed_errors?filter[run_number]={STORM_RUN}&filter[fed_id]={fed_id}"
                            f"&filter[fed_channel]={channel}&filter[error_type]=29")
    last_timeout = max(r["lumisection_number"] for r in timeouts)
    masked = rows_of(api, f"/api/v1/masked_channels?filter[run_number]={STORM_RUN}&filter[fed_id]={fed_id}"
                          f"&filter[fed_channel]={channel}")
    assert [m["first_lumisection_number"] for m in masked] == [last_timeout + 1]
    history = plot(api, "fed_channel_history", f"fed_channel={fed_id}/{channel}")["table"]["rows"]
    assert {"run_number": STORM_RUN, "first_lumisection_number": last_timeout + 1, "state": "masked"}.items() <= next(
        r for r in history if r["run_number"] == STORM_RUN and r["state"] == "masked").items()


def test_every_daq_masking_during_a_run_follows_errors_and_silences_the_channel(api):
    masked = rows_of(api, f"/api/v1/masked_channels?filter[run_number]={STORM_RUN}&filter[source]=automask"
                          "&filter[first_lumisection_number][GT]=1")
    by_channel_ls = defaultdict(Counter)
    for row in rows_of(api, f"/api/v1/fed_errors?filter[run_number]={STORM_RUN}"):
        by_channel_ls[row["fed_id"], row["fed_channel"]][row["lumisection_number"]] += row["errors"]
    assert len(masked) > 5
    for m in masked:
        per_ls = by_channel_ls[m["fed_id"], m["fed_channel"]]
        assert per_ls[m["first_lumisection_number"] - 1] > 0, m  # a burst just before
        assert not any(m["first_lumisection_number"] <= ls <= m["last_lumisection_number"] for ls in per_ls), m


def test_channel_counters_are_the_errors_of_their_interval(api):
    errors = defaultdict(list)
    for row in rows_of(api, f"/api/v1/fed_errors?filter[run_number]={STORM_RUN}"):
        errors[row["fed_id"], row["fed_channel"]].append(row)
    states = rows_of(api, f"/api/v1/fed_channels?filter[run_number]={STORM_RUN}")
    assert Counter(s["state"] for s in states).keys() == {"enabled", "masked", "disabled"}
    for s in states:
        inside = [r for r in errors[s["fed_id"], s["fed_channel"]]
                  if s["first_lumisection_number"] <= r["lumisection_number"] <= s["last_lumisection_number"]]
        assert s["errors"] == sum(r["errors"] for r in inside), s
        assert s["timeouts"] == sum(r["errors"] for r in inside if r["error_type"] == 29), s
        assert s["state"] == "enabled" or s["errors"] == 0, s


def test_channel_history_stacks_its_errors_per_run(api):
    attributes = plot(api, "fed_channel_history", f"fed_channel={NOISY_FED}/17")
    errors_source = attributes["sources"][0]
    expected = Counter()
    for row in rows_of(api, errors_source["href"]):
        expected[row["run_number"]] += row["errors"]
    shown = Counter()
    for s in attributes["series"]:
        for run, n in zip(s["x"], s["y"]):
            shown[int(run)] += n
    assert +shown == expected and len(expected) == 43  # noisy in every run


def test_readback_outliers_of_layer_1_are_the_broken_rocs(api):
    attributes = plot(api, "readback_distribution", f"run={STORM_RUN}&quantity=vana")
    rows = rows_of(api, attributes["sources"][0]["href"])
    assert len(rows) == 29696
    broken = {name for name, kind in readback_outliers().items() if kind == "vana"}
    assert {r["roc_name"] for r in attributes["table"]["rows"]} == broken
    layer1 = sorted(r["vana"] for r in rows if r["layer"] == 1)
    for row in attributes["table"]["rows"]:
        assert row["part"] == "L1" and row["z"] < -3
        assert row["median"] == pytest.approx((layer1[767] + layer1[768]) / 2)
    l1 = next(s for s in attributes["series"] if s["name"] == "L1")
    assert sum(l1["y"]) == len(layer1) == 1536


def test_a_readback_plot_and_its_outlier_table_query_the_readbacks_once(api):
    """The Readback page's plot and table portlets of one quantity ask for the same probe with other
    fields: the second answer takes the first's rows (pixelws/shared_queries.py)."""
    from django.db import connection
    from django.test import override_settings
    from django.test.utils import CaptureQueriesContext

    query = f"/api/v1/plots/readback_distribution?run={STORM_RUN}&quantity=iana"
    reading = lambda queries: [q for q in queries if '"readbacks"."iana"' in q["sql"]]  # noqa: E731
    with CaptureQueriesContext(connection) as first:
        figure = get(api, query + "&fields[plots]=title,empty,figure,sources")["data"]["attributes"]
    with CaptureQueriesContext(connection) as second:
        table = get(api, query + "&fields[plots]=title,table,sources")["data"]["attributes"]
    assert len(reading(first.captured_queries)) == 1 and reading(second.captured_queries) == []
    assert table["title"] == figure["title"] and table["sources"] == figure["sources"]
    with override_settings(PIXELWS_SHARED_QUERY_SECONDS=0):  # each request on its own: the same answer
        assert get(api, query + "&fields[plots]=title,table,sources")["data"]["attributes"] == table
    assert len(table["table"]["rows"]) > 2  # the generator's broken ROCs and the tails'


def test_readback_map_cells_are_the_rows(api):
    attributes = plot(api, "readback_map", f"run={STORM_RUN}&map=BPix_L2&quantity=iana")
    rows = rows_of(api, attributes["sources"][0]["href"])
    series = attributes["series"][0]
    shown = {name: z for zs, names in zip(series["z"], series["customdata"]) for z, name in zip(zs, names) if name}
    assert shown == {r["roc_name"]: r["iana"] for r in rows} and len(shown) == 3584


def test_readback_trend_is_the_mean_per_layer_and_run(api):
    attributes = plot(api, "readback_trend", "quantity=vd")
    rows = rows_of(api, "/api/v1/readbacks?filter[layer]=1&fields=run_number,vd,layer")
    per_run = defaultdict(list)
    for row in rows:
        per_run[row["run_number"]].append(row["vd"])
    l1 = next(s for s in attributes["series"] if s["name"] == "L1")
    assert l1["x"] == [str(r) for r in sorted(per_run)]
    assert l1["y"] == pytest.approx([sum(v) / len(v) for _, v in sorted(per_run.items())], abs=1e-5)
    assert l1["y"][-1] < l1["y"][0] - 0.015  # Vd falls over the week on layer 1


def test_shift_masked_channels_are_masked_from_inside_the_shift(api):
    attributes = plot(api, "shift_masked_channels", f"shift={SHIFT}")
    runs = {r["run_number"]: r for r in plot(api, "shift_runs", f"shift={SHIFT}")["table"]["rows"]}
    rows = attributes["table"]["rows"]
    assert rows and len(rows) == len(source_rows(api, attributes))
    for row in rows:
        run = runs[row["run_number"]]
        assert run["first_ls"] <= row["first_lumisection_number"] <= run["last_ls"]


@pytest.mark.parametrize("query, parameter", [
    ("top_feds?limit=3", "run"),
    (f"top_feds?run={STORM_RUN}&shift={SHIFT}", "run"),
    (f"top_fed_channels?run={STORM_RUN}&limit=0", "limit"),
    ("fed_channel_history?fed_channel=1212-17", "fed_channel"),
    ("fed_channel_history?fed_channel=1212/49", "fed_channel"),
    ("fed_channel_map?fed_channel=1349/48", "fed_channel"),
    (f"fed_errors_per_ls?run={STORM_RUN}&fed_channel=x", "fed_channel"),
    (f"fed_error_roc_map?run={STORM_RUN}&map=BPix_L5", "map"),
    (f"readback_map?run={STORM_RUN}&map=BPix_L1&quantity=vcal", "quantity"),
    (f"readback_distribution?run={STORM_RUN + 1}", "run"),
])
def test_bad_parameters_are_400_naming_them(api, query, parameter):
    assert error_of(api, f"/api/v1/plots/{query}")["source"]["parameter"] == parameter


def test_quiet_feds_err_only_before_the_daq_masks_a_channel(api):
    errors = rows_of(api, f"/api/v1/fed_errors?filter[fed_id][GE]={QUIET_FEDS[0]}&filter[fed_id][LE]={QUIET_FEDS[-1]}")
    masked = {(m["run_number"], m["fed_id"], m["fed_channel"])
              for m in rows_of(api, f"/api/v1/masked_channels?filter[source]=automask&filter[fed_id][GE]={QUIET_FEDS[0]}"
                                    f"&filter[fed_id][LE]={QUIET_FEDS[-1]}")}  # fmt: skip
    assert {(r["run_number"], r["fed_id"], r["fed_channel"]) for r in errors} <= masked
    # Elsewhere the background hits channels the DAQ never masks: the check above can fail.
    others = rows_of(api, f"/api/v1/fed_errors?filter[run_number]={STORM_RUN}&filter[fed_id][LT]={QUIET_FEDS[0]}")
    masked_now = {(m["fed_id"], m["fed_channel"]) for m in rows_of(api, f"/api/v1/masked_channels?filter[run_number]={STORM_RUN}")}
    assert any((r["fed_id"], r["fed_channel"]) not in masked_now for r in others)
