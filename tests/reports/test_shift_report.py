"""The shift report's numbers against the API's own rows for the same window, computed here."""
import re
from collections import defaultdict

import pytest

from tests.jsonapi import follow, get

SHIFT = "2018-10-09/evening"
SINCE, UNTIL = "2018-10-09T13:00:00Z", "2018-10-09T21:00:00Z"
SOURCES = ("tts", "trigger_rules", "bunch_mask", "retri", "apve", "daq_backpressure", "calibration", "fw_pause", "sw_pause")


def table(api, probe):
    return get(api, f"/api/v1/plots/{probe}?shift={SHIFT}&fields[plots]=table")["data"]["attributes"]["table"]["rows"]


@pytest.fixture
def in_shift(api):
    """The API's lumisections starting inside the shift, by run; and each run's dead times of them."""
    rows = follow(api, f"/api/v1/lumisections?filter[start_time][GE]={SINCE}&filter[start_time][LT]={UNTIL}")
    by_run = defaultdict(list)
    for row in rows:
        by_run[row["attributes"]["run_number"]].append(row["attributes"])
    deadtimes = {}
    for run, lumisections in by_run.items():
        numbers = {ls["lumisection_number"] for ls in lumisections}
        deadtimes[run] = [d["attributes"] for d in follow(api, f"/api/v1/deadtimes?filter[run_number]={run}")
                          if d["attributes"]["first_lumisection_number"] in numbers]  # fmt: skip
    return by_run, deadtimes


def test_runs_of_the_shift_count_only_their_lumisections_inside_it(api, in_shift):
    by_run, deadtimes = in_shift
    rows = table(api, "shift_runs")
    assert [r["run_number"] for r in rows] == [324243, 324245] == sorted(by_run)
    for row in rows:
        lumisections = by_run[row["run_number"]]
        run = get(api, f"/api/v1/runs/{row['run_number']}")["data"]["attributes"]
        assert row["lumisections"] == len(lumisections)
        assert (row["first_ls"], row["last_ls"]) == (min(ls["lumisection_number"] for ls in lumisections),
                                                     max(ls["lumisection_number"] for ls in lumisections))  # fmt: skip
        assert row["delivered"] == pytest.approx(sum(ls["delivered_lumi"] for ls in lumisections) / 1e6)
        assert row["recorded"] == pytest.approx(sum(ls["recorded_lumi"] for ls in lumisections) / 1e6)
        assert row["bpix_ready"] == pytest.approx(100 * sum(ls["bpix_ready"] for ls in lumisections) / len(lumisections))
        assert row["fpix_ready"] == pytest.approx(100 * sum(ls["fpix_ready"] for ls in lumisections) / len(lumisections))
        percents = [d["beamactive_total_deadtime"]["percent"] for d in deadtimes[row["run_number"]]]
        assert row["deadtime"] == pytest.approx(sum(percents) / len(percents))
        assert row["start_time"] == run["start_time"] and row["end_time"] == run["end_time"]
    # Run 324243 started before the shift: it counts only its lumisections from 15:00 local on.
    assert rows[0]["first_ls"] > 1
    run = get(api, "/api/v1/runs/324243")["data"]["attributes"]
    assert run["delivered_lumi"] > rows[0]["delivered"] * 1.5


def test_totals_of_the_shift(api, in_shift):
    by_run, deadtimes = in_shift
    lumisections = [ls for rows in by_run.values() for ls in rows]
    all_deadtimes = [d for rows in deadtimes.values() for d in rows]
    (totals,) = table(api, "shift_totals")
    delivered = sum(ls["delivered_lumi"] for ls in lumisections) / 1e6
    recorded = sum(ls["recorded_lumi"] for ls in lumisections) / 1e6
    assert (totals["runs"], totals["lumisections"]) == (2, len(lumisections))
    assert totals["delivered"] == pytest.approx(delivered)
    assert totals["recorded"] == pytest.approx(recorded)
    assert totals["efficiency"] == pytest.approx(100 * recorded / delivered)
    mean = lambda name: sum(d[name]["percent"] for d in all_deadtimes) / len(all_deadtimes)  # noqa: E731
    assert totals["deadtime"] == pytest.approx(mean("beamactive_total_deadtime"))
    assert totals["bpix_ready"] == pytest.approx(100 * sum(ls["bpix_ready"] for ls in lumisections) / len(lumisections))
    assert totals["fpix_ready"] == pytest.approx(100 * sum(ls["fpix_ready"] for ls in lumisections) / len(lumisections))
    by_source = get(api, f"/api/v1/plots/shift_totals?shift={SHIFT}&fields[plots]=series")["data"]["attributes"]["series"][0]
    assert len(by_source["x"]) == len(SOURCES)
    for source, label, value in zip(SOURCES, by_source["x"], by_source["y"]):
        assert value == pytest.approx(mean(f"beamactive_{source}")), label
    assert by_source["text"][0] == f"{mean('beamactive_tts'):.3f} %"


def masked_at(api, run, ls):
    """The ROCs the API's masked_rocs rows of the run say were masked at that lumisection."""
    rows = follow(api, f"/api/v1/masked_rocs?filter[run_number]={run}")
    return {r["attributes"]["roc_name"]: r["attributes"] for r in rows
            if r["attributes"]["first_lumisection_number"] <= ls <= r["attributes"]["last_lumisection_number"]}  # fmt: skip


def part(roc):
    if roc["subdetector"] == "BPix":
        return f"BPix L{roc['layer']}"
    return f"FPix D{'-' if roc['roc_name'].startswith('FPix_Bm') else '+'}{roc['disk']} R{roc['ring']}"


def test_masking_at_the_shifts_start_and_end(api, in_shift):
    by_run, _ = in_shift
    first_run, last_run = min(by_run), max(by_run)
    start = masked_at(api, first_run, min(ls["lumisection_number"] for ls in by_run[first_run]))
    end = masked_at(api, last_run, max(ls["lumisection_number"] for ls in by_run[last_run]))
    summary = {r["part"]: r for r in table(api, "shift_masked_summary")}
    for name in ("BPix L1", "BPix L4", "FPix D-3 R1", "FPix D+2 R2"):
        assert summary[name]["at_start"] == sum(part(r) == name for r in start.values())
        assert summary[name]["at_end"] == sum(part(r) == name for r in end.values())
    assert (summary["Pixel"]["at_start"], summary["Pixel"]["at_end"]) == (len(start), len(end))
    assert summary["Pixel"]["total"] == 29696
    changes = table(api, "shift_masking_changes")
    assert {r["roc_name"] for r in changes if r["change"] == "newly masked"} == set(end) - set(start)
    assert {r["roc_name"] for r in changes if r["change"] == "recovered"} == set(start) - set(end)
    assert len(changes) > 0


def test_masking_changes_grouped_by_module_with_roc_ranges(api):
    """Each module's changed ROCs (from the per-ROC list) as ranges, one row per module and change."""
    expected = defaultdict(set)
    for row in table(api, "shift_masking_changes"):
        module, index = re.fullmatch(r"(.+)_ROC(\d+)", row["roc_name"]).groups()
        expected[module, row["change"]].add(int(index))
    rows = table(api, "shift_masking_by_module")
    assert len(rows) == len(expected) < len(table(api, "shift_masking_changes"))
    for row in rows:
        indices = sorted(expected[row["module"], row["change"]])
        assert row["count"] == len(indices) and row["roc_name"] == f"{row['module']}_ROC{indices[0]}"
        spans = [(int(a), int(b or a)) for a, b in re.findall(r"(\d+)(?:–(\d+))?", row["rocs"].removeprefix("ROC "))]
        assert [i for a, b in spans for i in range(a, b + 1)] == indices
        assert all(b2 > b1 + 1 for (_, b1), (b2, _) in zip(spans, spans[1:]))  # ranges, not neighbours apart
    whole = next(r for r in rows if r["count"] == 16)
    assert whole["rocs"] == "ROC 0–15"


def test_a_shift_without_lumisections_is_empty_not_an_error(api):
    for probe in ("shift_runs", "shift_totals", "shift_masked_summary", "shift_masking_changes", "shift_masking_by_module"):
        plot = get(api, f"/api/v1/plots/{probe}?shift=2018-09-01/night")["data"]["attributes"]
        assert plot["empty"] is True
        assert plot["table"]["rows"] == []
    attributes = get(api, "/api/workspace/selection?page=shift_report&shift=2018-09-01/night")["data"]["attributes"]
    assert "no lumisections in this shift" in attributes["summary"]
    assert "shift_end_run" not in attributes["variables"]


def test_a_probe_both_drawn_and_tabulated_is_queried_once(db, monkeypatch):
    """A probe makes its figure and its table together: the report asks it once for a plot portlet
    and a table portlet with the same parameters (runs, totals, dew point, FED errors), and each
    portlet still gets its own part."""
    from django.test import RequestFactory

    from apps.workspace import pages
    from apps.workspace.portlets import base
    from apps.reports.digest import digest
    from apps.reports.pdf import ROW_LIMIT, PagePdf
    from apps.workspace.portlets import Context
    from apps.workspace.selection import resolve

    page = pages.pages()["shift_report"]
    request = RequestFactory().get(f"/pages/shift_report.pdf?shift={SHIFT}")
    asked = []
    answer = base.answer
    monkeypatch.setattr(base, "answer", lambda path, params, absolute: asked.append(path) or answer(path, params, absolute))
    pdf = PagePdf(request, page, resolve(page.selectors, request.GET), {})
    portlets = Context(pdf.selection, request.build_absolute_uri, notes=pdf.notes, row_limit=ROW_LIMIT)
    digest(portlets, pdf.digest_notes())  # page 1 asks its parts first, as PagePdf.context does
    items = {item["title"]: item for item in pdf.items(portlets)}
    for probe, table, plot in [("shift_runs", "Runs of the shift", "Luminosity per run"),
                               ("shift_totals", "Totals of the shift", "Dead time in the shift"),
                               ("dew_point_margin", "Smallest dew-point margin", "Dew-point margin"),
                               ("fed_errors_by_type", "FED errors per type during the shift", "FED errors per type")]:  # fmt: skip
        assert asked.count(f"/api/v1/plots/{probe}") == 1, probe
        assert items[table]["table"]["rows"] and "figure" not in items[table], table
        assert items[plot]["figure"]["data"] and "table" not in items[plot], plot
    # One request per probe and parameters, whatever the number of portlets showing it; the
    # notes ask for nothing.
    wanted = {(c.get("probe") or c["resource"], repr(c.get("params") or c.get("filters")))
              for c in (p["configuration"] for p in page.portlets if p["type"] != "notes")}  # fmt: skip
    assert asked.count("/api/v1/plots/roc_map") == len({w for w in wanted if w[0] == "roc_map"}) == 6
    # Page 1's digest asks one query of its own, the alarms alone (its other parts are the page's).
    assert asked.count("/api/v1/plots/events_timeline") == 2
    assert len(asked) == len(wanted) + 1 < len(page.portlets)
