"""A portlet's content (apps/workspace/portlets/), as GET /api/workspace/pages/<page>/portlets/<n>
serves it to the browser and the PDF lays it out: rows and totals checked against the API's own
answer to the same query, cells against the formatting rules written out here, bad input as
JSON:API errors naming the parameter."""
import pytest

from apps.workspace.portlets.formatting import ColumnStyle, format_value
from tests.jsonapi import error_of, get

FILLS = "/api/workspace/pages/fills_runs/portlets/0"  # fills of Run2018D, 10 a page, newest first, select: fill
FILLS_API = "/api/v1/fills?filter[era]=Run2018D&sort=-fill_number&page[limit]=10000"


def attributes(api, url):
    return get(api, url)["data"]["attributes"]


def fill_numbers(content):
    return [int(row["cells"][0]["text"]) for row in content["table"]["rows"]]


@pytest.mark.parametrize("value, decimals, fixed, text", [
    (3.0, 3, False, "3"),  # a whole float as the browser has always shown it (the PDF said 3.000)
    (3, 3, False, "3"), (3.25, 3, False, "3.250"), (3.0, 3, True, "3.000"), (0.5, 2, False, "0.50"),
    (None, 3, False, "–"), (True, 3, False, "yes"), (["a", "b"], 3, False, "a, b"), (2.0, 2, False, "2"),
])  # fmt: skip
def test_values_read_as_the_browser_showed_them(value, decimals, fixed, text):
    assert format_value(value, decimals, fixed) == text


def test_a_column_of_times_on_one_day_names_it_once_and_shows_seconds_where_needed():
    style = ColumnStyle(["2018-10-16T00:09:39Z", "2018-10-16T00:09:50Z", "2018-10-16 12:26:20"])
    assert style.label("Start") == "Start, 2018-10-16"
    assert [style.cell(v) for v in ("2018-10-16T00:09:39Z", "2018-10-16 12:26:20")] == ["00:09:39", "12:26:20"]
    days = ColumnStyle(["2018-10-16T00:09:39Z", "2018-10-17T01:00:00Z"])
    assert days.label("Start") == "Start" and days.cell("2018-10-17T01:00:00Z") == "2018-10-17\u00a001:00"
    assert ColumnStyle([1, 2.5, None]).cell(1) == "1.000"  # a column with a fraction: all with its decimals


def test_a_table_page_is_the_apis_page_formatted(api):
    fills = [o["attributes"] for o in get(api, FILLS_API)["data"]]
    content = attributes(api, f"{FILLS}?fill={fills[13]['fill_number']}")
    # The page holding the chosen fill (the 14th newest: the second page), its row current.
    assert content["table"]["paging"] == {"offset": 10, "limit": 10, "total": len(fills), "text": f"rows 11–{min(20, len(fills))} of {len(fills)}"}
    assert fill_numbers(content) == [f["fill_number"] for f in fills[10:20]]
    assert [row["current"] for row in content["table"]["rows"]] == [i == 3 for i in range(len(fills[10:20]))]
    assert content["table"]["rows"][3]["select"] == {"fill": fills[13]["fill_number"]}
    header = content["table"]["header"]
    assert [h["label"] for h in header] == ["Fill number", "Start time", "End time", "Bunches colliding", "Peak lumi",
                                            "Delivered", "Recorded", "Efficiency"]  # fmt: skip
    # OMS's /meta gives these three no units: the page file does.
    assert [h["units_html"] for h in header[5:]] == ["pb<sup>-1</sup>", "pb<sup>-1</sup>", "%"]
    assert header[0]["sorted"] == "descending" and header[4]["units_html"] == "10<sup>30</sup>cm<sup>-2</sup>s<sup>-1</sup>"
    first = content["table"]["rows"][0]["cells"]
    start = fills[10]["start_time"]  # 2018-10-16T00:09:39Z: fills of several days, each cell with its date
    assert first[1] == {"text": f"{start[:10]}\u00a0{start[11:16]}", "class": "text time", "title": start.replace("T", " ")[:19]}
    assert first[4]["text"] == f"{fills[10]['peak_lumi']:.3f}" and first[0]["class"] == ""
    assert content["csv"]["rows"][0][0] == fills[10]["fill_number"]
    assert content["sources"][0]["href"].startswith("http://testserver/api/v1/fills?filter[era]=Run2018D&")


def test_paging_and_sorting_are_the_apis(api):
    ascending = [o["attributes"]["fill_number"] for o in get(api, FILLS_API.replace("-fill_number", "fill_number"))["data"]]
    assert len(ascending) > 10  # two pages
    content = attributes(api, f"{FILLS}?fill={ascending[0]}&sort=fill_number&page[offset]=10")
    assert fill_numbers(content) == ascending[10:20] and content["table"]["sort"] == "fill_number"
    assert content["table"]["header"][0]["sorted"] == "ascending"


def test_a_missing_value_asks_for_it_in_one_message_for_browser_and_pdf(api):
    roc = attributes(api, "/api/workspace/pages/roc_history/portlets/0?run=324245")
    assert (roc["state"], roc["message"]) == ("waiting", "Choose a ROC above.")  # the PDF said "Choose a roc."
    run = attributes(api, "/api/workspace/pages/lumi_deadtime/portlets/0?fill=7269")
    assert (run["state"], run["message"]) == ("waiting", "Choose a run above.")


def test_a_summary_and_a_plot(api):
    runs = get(api, "/api/v1/runs?filter[run_number]=324245&include=meta")
    summary = attributes(api, "/api/workspace/pages/lumi_deadtime/portlets/0?run=324245")["summary"]
    assert summary == {"value": f"{runs['data'][0]['attributes']['delivered_lumi']:.2f}", "units_html": "pb<sup>-1</sup>",
                       "label": "Delivered luminosity of the run"}  # fmt: skip
    plot = attributes(api, "/api/workspace/pages/pileup/portlets/0?run=324245")
    expected = get(api, "/api/v1/plots/series?resource=lumisections&x=lumisection_number&y=pileup&filter[run_number]=324245")
    assert plot["figure"] == expected["data"]["attributes"]["figure"] and plot["state"] == "ready"


@pytest.mark.parametrize("url, status, parameter", [
    (f"{FILLS}?page[offset]=-10", 400, "page[offset]"),
    (f"{FILLS}?page[offset]=5", 400, "page[offset]"),  # not where a page starts
    (f"{FILLS}?page[offset]=ten", 400, "page[offset]"),
    (f"{FILLS}?sort=colour", 400, "sort"),
    (f"{FILLS}?colour=red", 400, "colour"),
    (f"{FILLS}?fill=seven", 400, "fill"),
    ("/api/workspace/pages/pileup/portlets/0?sort=x", 400, "sort"),  # a plot has no sort
    ("/api/workspace/pages/pileup/portlets/9", 404, None),
    ("/api/workspace/pages/nope/portlets/0", 404, None),
])  # fmt: skip
def test_bad_input_is_a_json_api_error_naming_the_parameter(api, url, status, parameter):
    error = error_of(api, url, status)
    assert (error.get("source") or {}).get("parameter") == parameter, error


def test_a_column_is_text_when_any_value_is_text_and_fractions_fix_every_numbers_decimals():
    rows = [[324245, "BPix_BmI_SEC1_LYR1_LDR1F_MOD1_ROC0", None, "2018-10-09T16:45:49Z"], [324246, None, 1.5, None]]
    assert [ColumnStyle([r[i] for r in rows]).text for i in range(4)] == [False, True, False, True]
    assert [(s.text, s.fixed, s.time) for s in (ColumnStyle([0, 51]), ColumnStyle([3.32, 0]))] == [(False, False, False), (False, True, False)]
    assert ColumnStyle([3.32, 0]).cell(0) == "0.000" and ColumnStyle([0, 51]).cell(0) == "0"
    assert ColumnStyle([]).time is False and ColumnStyle(["2018-10-16T03:37:13Z", "n/a"]).time is False
    one_day = ColumnStyle(["2018-10-16T03:37:13Z", "2018-10-16T09:36:35Z"])
    assert (one_day.date, one_day.seconds, one_day.cell("2018-10-16T03:37:13Z")) == ("2018-10-16", False, "03:37")


def test_explores_plot_and_rows_share_the_querys_filters(api):
    query = "resource=lumisections&x=lumisection_number&y=delivered_lumi,recorded_lumi&buckets=3000&filter[run_number][EQ]=324245&filter[lumisection_number][LE]=100"
    plot = attributes(api, f"/api/workspace/explore/portlets/0?{query}")
    expected = get(api, f"/api/v1/plots/series?{query}")["data"]["attributes"]
    assert plot["figure"] == expected["figure"]
    rows = attributes(api, f"/api/workspace/explore/portlets/1?{query}&sort=-lumisection_number")
    assert [h["name"] for h in rows["table"]["header"]] == ["lumisection_number", "delivered_lumi", "recorded_lumi"]
    assert rows["table"]["paging"] == {"offset": 0, "limit": 20, "total": 100, "text": "rows 1–20 of 100"}
    assert [int(r["cells"][0]["text"]) for r in rows["table"]["rows"]] == list(range(100, 80, -1))
    assert error_of(api, "/api/workspace/explore/portlets/1?resource=lumisections&x=lumisection_numbr")["source"]["parameter"] == "x"
    assert error_of(api, f"/api/workspace/explore/portlets/0?{query}&page[offset]=20")["source"]["parameter"] == "page[offset]"


@pytest.mark.parametrize("seconds, computed", [(10, 1), (0, 2)])
def test_a_plot_and_the_table_beside_it_compute_their_probe_once(api, settings, monkeypatch, seconds, computed):
    """Their contents are asked apart; the probe's answer is shared in the process for
    PIXELWS_SHARED_QUERY_SECONDS (0: each computes its own)."""
    from apps.workspace.pages import pages
    from pixelws.probes import registry as probes

    settings.PIXELWS_SHARED_QUERY_SECONDS = seconds
    probe = probes["shift_runs"]
    plot, calls = probe.plot, []
    monkeypatch.setattr(probe, "plot", lambda **values: calls.append(values) or plot(**values))
    index = {p["title"]: i for i, p in enumerate(pages()["shift_report"].portlets)}
    table = attributes(api, f"/api/workspace/pages/shift_report/portlets/{index['Runs of the shift']}?shift=2018-10-09/evening")
    figure = attributes(api, f"/api/workspace/pages/shift_report/portlets/{index['Luminosity per run']}?shift=2018-10-09/evening")
    assert table["table"]["rows"] and figure["figure"]["data"] and len(calls) == computed
