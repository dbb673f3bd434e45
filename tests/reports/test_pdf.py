"""The PDF of a page: parsed back (pypdf), it holds the page's numbers, vector plots, the notes
as literal text, page numbers, on A4, its widest table inside the margins (pdftotext -bbox); its
URL fetcher refuses all but own static files. The checks of the Shift report's PDF read one PDF
(``shift_pdf``), its notes as long as a form takes."""
import io
import re
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from types import SimpleNamespace

import pytest
from pypdf import PdfReader
from weasyprint.urls import URLFetchingError

from apps.reports import pdf
from apps.workspace.pages import load_all
from apps.reports.fetcher import OwnFilesFetcher
from tests.clock import Clock
from tests.jsonapi import error_of, get

from .pdftext import placed_words
from .test_pdf_columns import A4_WIDTH, MARGIN, RUNS_HEADER, RUNS_ROWS

SHIFT_PDF = "/pages/shift_report.pdf?shift=2018-10-09/evening"
A4 = (595.28, 841.89)  # points
SHIFT_PORTLETS = load_all()[0]["shift_report"].portlets
[NOTES] = [f"notes.{i}" for i, p in enumerate(SHIFT_PORTLETS) if p["type"] == "notes"]  # a form field per notes portlet
MAP_PROBES = ("roc_map", "power_group_states")  # the probes whose plot is a heatmap (checked below)


def pdf_text(response):
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    return reader, "\f".join(page.extract_text() for page in reader.pages)  # a form feed between pages


def squeezed(text):
    """The text without white space, nor the footers a page break puts inside a paragraph."""
    return re.sub(r"\s+", "", re.sub(r"CMS Pixel · pixelws\s+page \d+ of \d+", "", text))


HOSTILE = 'Beam lost at 16:40 <script>alert("x")</script> <img src="file:///etc/passwd"> & more'
# Then numbered words, every one different, up to the 10 000 characters a form's notes may have.
LONG_NOTES = (HOSTILE + " " + "".join(f"{i:04d} " for i in range(2000)))[:10000].rstrip() + "."


@pytest.fixture(scope="module")
def shift_pdf(django_db_blocker):
    from django.test import Client

    assert len(LONG_NOTES) == 10000
    with django_db_blocker.unblock():
        response = Client().post(SHIFT_PDF, {NOTES: LONG_NOTES})
    return response, *pdf_text(response), HOSTILE


def test_the_report_pdf_holds_the_shifts_runs_and_totals(api, shift_pdf):
    response, reader, text, _ = shift_pdf
    assert response["Content-Disposition"] == 'attachment; filename="pixel-shift_report-2018-10-09-evening.pdf"'
    runs = get(api, "/api/v1/plots/shift_runs?shift=2018-10-09/evening&fields[plots]=table")["data"]["attributes"]["table"]["rows"]
    totals = get(api, "/api/v1/plots/shift_totals?shift=2018-10-09/evening&fields[plots]=table")["data"]["attributes"]["table"]["rows"]
    for run in runs:
        line = next(line for line in text.splitlines() if line.startswith(str(run["run_number"])))
        assert f"{run['delivered']:.3f}" in line and f"{run['recorded']:.3f}" in line and f"{run['deadtime']:.3f}" in line
    (row,) = totals
    assert f"2 {row['lumisections']} {row['delivered']:.3f} {row['recorded']:.3f} {row['efficiency']:.3f} {row['deadtime']:.3f}" in text
    assert "Evening shift 2018-10-09, 15:00–23:00 CEST (13:00–21:00 UTC)" in text
    assert "shift = 2018-10-09/evening" in text and "pixelws 0.1.0" in text and "Europe/Zurich" in text


def test_a_portlet_waiting_for_a_value_says_what_to_choose_as_the_browser_does(client, db):
    """The PDF and the browser show one content (apps/workspace/portlets/): a fill's page has no
    run for the run's portlets, which say so in the browser's words (the PDF said "Choose a run.")."""
    _, text = pdf_text(client.get("/pages/lumi_deadtime.pdf?fill=7269"))
    waiting = [p["title"] for p in load_all()[0]["lumi_deadtime"].portlets if "$run" in str(p["configuration"])]
    assert waiting and squeezed(text).count("Choosearunabove.") == len(waiting)


def test_each_source_of_a_plot_is_linked_by_its_label(shift_pdf):
    """The timeline's four queries of one resource, each by its label (a plot of one: its resource)."""
    _, _, text, _ = shift_pdf
    assert "Data:eventsstarting·DCS,powerlasting·DCS,powerongoing·run'seventslasting" in squeezed(text).replace("’", "'")
    assert "Data:lumisections" in squeezed(text)


def test_pages_are_a4_and_numbered(shift_pdf):
    _, reader, text, _ = shift_pdf
    count = len(reader.pages)
    assert count >= 3 and len(text.split("\f")) == count
    for number, (page, page_text) in enumerate(zip(reader.pages, text.split("\f")), 1):
        assert (round(float(page.mediabox.width), 2), round(float(page.mediabox.height), 2)) == A4
        assert f"page {number} of {count}" in page_text


def test_the_widest_table_breaks_no_header_word_and_no_number(shift_pdf, tmp_path):
    """The "Runs of the shift" table takes the column widths apps/reports/columns.py measures
    (test_pdf_columns.py): read back with pdftotext -bbox, every header word and every number
    of its rows is one word, and every word of the PDF lies inside the page's margins."""
    response, _, _, _ = shift_pdf
    words = placed_words(response.content, tmp_path)
    texts = {word for _, _, word in words}
    assert {w for label, _ in RUNS_HEADER for w in label.split()} | {"[%]"} <= texts
    assert {text for row in RUNS_ROWS for text, _ in row for text in text.split("\u00a0")} <= texts
    # inside the margins: WeasyPrint's automatic layout let this table run 18 pt into the right one
    outside = [(x0, x1, word) for x0, x1, word in words if x0 < MARGIN - 0.5 or x1 > A4_WIDTH - MARGIN + 0.5]
    assert outside == []


def test_plots_are_vector(shift_pdf, django_db_blocker):
    from django.test import Client

    _, reader, text, _ = shift_pdf
    # Axis and plot titles are text, not pixels.
    # A long title's scope (after its last comma) is its second line.
    for title in ("Dead time by source (beam active)", "evening shift 2018-10-09", "Dead time [%]",
                  "Luminosity per run in the evening shift 2018-10-09", "Signed module (− = −z)"):  # fmt: skip
        assert squeezed(title) in squeezed(text), title
    # The maps embed only their cells (a page of lines and bars embeds no image: test_pdf_fits.py).
    maps = [p for p in SHIFT_PORTLETS if p["type"] == "plot" and p["configuration"]["probe"] in MAP_PROBES]
    # WeasyPrint lists the document's images in every page's resources: counted once by name.
    assert len({image.name for page in reader.pages for image in page.images}) == len(maps) == 7  # one per heatmap
    for query in ("roc_map?run=324245&map=BPix_L1", "power_group_states?shift=2018-10-09/evening"):
        with django_db_blocker.unblock():
            series = Client().get(f"/api/v1/plots/{query}").json()["data"]["attributes"]["series"]
        assert [s["kind"] for s in series] == ["heatmap"], query


def test_notes_come_out_as_literal_text(shift_pdf):
    _, _, text, hostile = shift_pdf
    assert squeezed(hostile) in squeezed(text)


def test_ten_thousand_characters_of_notes(client, db, shift_pdf):
    _, _, text, _ = shift_pdf
    numbered = LONG_NOTES[len(HOSTILE):].rstrip(".").split()
    assert len(numbered) > 1800 and set(numbered) <= set(re.findall(r"\d+", text))
    too_long = client.post(SHIFT_PDF, {NOTES: LONG_NOTES + "y"})
    assert too_long.status_code == 413
    assert too_long.json()["errors"][0]["source"]["parameter"] == NOTES


def test_bad_requests_are_json_api_errors(api):
    assert error_of(api, "/pages/shift_report.pdf?shift=2018-10-09/lunch")["source"]["parameter"] == "shift"
    assert error_of(api, "/pages/shift_report.pdf?color=red")["source"]["parameter"] == "color"
    assert error_of(api, "/pages/nope.pdf", 404)["detail"].startswith("No page 'nope'")
    assert error_of(api, "/pages/lumi_deadtime.pdf?run=1", 404)["source"]["parameter"] == "run"
    response = api.post(SHIFT_PDF, {"notes.0": "not a notes portlet"})
    assert response.status_code == 400 and response.document["errors"][0]["source"]["parameter"] == "notes.0"


def test_time_and_size_limits_are_clear_errors(api, settings, monkeypatch):
    settings.PDF_TIME_LIMIT = 0
    error = error_of(api, SHIFT_PDF, 504)
    assert "took longer than 0 s" in error["detail"]
    settings.PDF_TIME_LIMIT = 20
    monkeypatch.setattr(pdf, "ROW_LIMIT", 10)
    assert "Narrow the selection" in error_of(api, SHIFT_PDF, 413)["detail"]


@pytest.fixture
def clock(monkeypatch):
    """The PDF's clock (time.monotonic() in apps/reports/pdf.py), standing still until the test moves it."""
    clock = Clock()
    monkeypatch.setattr(pdf, "time", SimpleNamespace(monotonic=clock))
    return clock


class NeverDrawn(Future):
    """A figure Chromium never draws: each wait for it takes the time asked (and a moment more)
    on the PDF's clock, then times out."""

    def __init__(self, clock):
        super().__init__()
        self.clock = clock

    def result(self, timeout=None):
        self.clock.now += timeout + 0.001
        raise FutureTimeout()


def test_a_slow_portlet_cuts_the_pdf_off_before_the_portlets_after_it(api, settings, monkeypatch, clock):
    """The time limit is looked at after page 1's digest and after each portlet: a slow probe (the
    shift's runs, the digest's last part) spends it, and the PDF answers 504 naming the queries without
    querying the portlets placed after it (a page of many slow portlets cannot outlive a worker)."""
    from apps.workspace.portlets import base
    from pixelws.probes import registry as probes

    asked = []
    answer = base.answer
    monkeypatch.setattr(base, "answer", lambda path, params, absolute: asked.append(path) or answer(path, params, absolute))
    slow = probes["shift_runs"]
    plot = slow.plot

    def one_and_a_half_seconds(**values):
        clock.now += 1.5
        return plot(**values)

    monkeypatch.setattr(slow, "plot", one_and_a_half_seconds)
    settings.PDF_TIME_LIMIT = 1
    error = error_of(api, SHIFT_PDF, 504)
    assert error["detail"].startswith("The PDF took longer than 1 s (queries).")
    # Page 1's digest (apps/reports/digest.py) asks first, the shift's runs last; no portlet after it.
    assert asked == ["/api/v1/plots/events_timeline", "/api/v1/plots/dcs_out_of_limits", "/api/v1/plots/events_timeline",
                     "/api/v1/plots/shift_totals", "/api/v1/plots/shift_runs"]  # fmt: skip


def test_a_figure_that_never_comes_is_cut_off_at_the_limit(api, settings, monkeypatch, clock):
    """A slow stage, not a zero limit: Chromium never draws, and the PDF answers 504 naming the
    stage, once the limit is spent, and cancels the figures it waited for."""
    never = []
    monkeypatch.setattr(pdf, "render_figure", lambda item: never.append(NeverDrawn(clock)) or never[-1])
    settings.PDF_TIME_LIMIT = 3
    error = error_of(api, "/pages/lumi_deadtime.pdf?run=324245", 504)
    assert error["detail"].startswith("The PDF took longer than 3 s (figures).")
    assert never and all(f.cancelled() for f in never)


@pytest.mark.parametrize("url", [
    "file:///etc/passwd", "http://example.org/report.css", "https://cern.ch/static/css/report.css",
    "http://testserver/api/v1/fills", "http://testserver/static/../pixelws/settings.py", "ftp://testserver/static/css/report.css",
    "http://testserver.evil.org/static/css/report.css",
])  # fmt: skip
def test_the_url_fetcher_refuses_all_but_own_static_files(url):
    with pytest.raises((URLFetchingError, ValueError)):
        OwnFilesFetcher("testserver").fetch(url)


def test_the_url_fetcher_serves_own_static_files_and_inline_data():
    fetcher = OwnFilesFetcher("testserver")
    assert b"@page" in fetcher.fetch("http://testserver/static/css/report.css").read()
    assert fetcher.fetch("data:text/plain;base64,aGk=").read() == b"hi"


def test_kaleido_renders_figures_with_local_scripts_only():
    """The figures' page loads the browser's own plotly.js bundle and nothing from the network
    (kaleido's default would fetch MathJax from a CDN before every figure)."""
    from apps.workspace.figures import kaleido_page

    scripts = re.findall(r'<script src="([^"]+)"', kaleido_page().generate_index())
    assert scripts and all(src.startswith("file:///") for src in scripts), scripts
    assert any(src.endswith("/plotly-cartesian.min.js") for src in scripts)
