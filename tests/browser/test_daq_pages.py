"""The DAQ pages in a real browser, against the demo data: what each plot and table shows is
checked against the DAQ views through the ORM, never against the page itself."""
from collections import Counter

from django.db.models import Sum

from apps.daq.models import FedChannel, FedError, Readback
from apps.oms.models import Lumisection
from apps.pixel.models import MaskedChannel, PixelRoc
from pixelws.shifts import Shift
from tests.browser.helpers import open_settled, portlet, settled_in_place, table_rows, traces

RUN = 324245
SHIFT = "2018-10-09/evening"


def middle(values):
    """The median, from the sorted values (the test's own; the probe uses statistics.median)."""
    ordered, half = sorted(values), len(values) // 2
    return ordered[half] if len(values) % 2 else (ordered[half - 1] + ordered[half]) / 2


def outliers(values, cut=3):
    """The names whose value is more than ``cut`` normal σ from the median, σ estimated as
    1.4826 × the median absolute deviation (the readback page's stated rule)."""
    centre = middle([v for _, v in values])
    sigma = 1.4826 * middle([abs(v - centre) for _, v in values])
    return {name for name, v in values if abs(v - centre) > cut * sigma}


def cells(page, title, value=1):
    return set(portlet(page, title).locator(".plot").evaluate(
        """(g, value) => { const t = g.data[0], names = [];
           t.z.forEach((row, iy) => row.forEach((z, ix) => { if (z === value) names.push(t.customdata[iy][ix]); }));
           return names; }""", value))  # fmt: skip


def test_fed_errors_of_the_run_and_the_click_to_the_worst_channel(server, page):
    open_settled(page, f"{server}/pages/fed_errors?run={RUN}")
    types = FedError.objects.filter(run_number=RUN).values_list("error_type", "error_name").distinct()
    assert sorted(traces(page, "Errors per lumisection")) == sorted([f"{c} {n}", 2100] for c, n in types)
    per_fed = dict(FedError.objects.filter(run_number=RUN).values_list("fed_id").annotate(Sum("errors")))
    worst_fed = max(per_fed, key=per_fed.get)
    rows = table_rows(page, "FEDs with the most errors")
    assert rows[0][:2] == [str(worst_fed), str(per_fed[worst_fed])]
    per_channel = dict(FedError.objects.filter(run_number=RUN, fed_id=worst_fed).values_list("fed_channel")
                       .annotate(Sum("errors")))  # fmt: skip
    channel = max(sorted(per_channel), key=per_channel.get)
    assert rows[0][4] == f"{worst_fed}/{channel}"
    portlet(page, "FEDs with the most errors").locator("tbody tr").first.click()
    page.wait_for_url(f"**/pages/fed_channels?run={RUN}&fed_channel={worst_fed}/{channel}")  # page_link keeps the slash readable
    settled_in_place(page, "The channel's ROCs")
    rocs = set(PixelRoc.objects.filter(fed_id=worst_fed, fed_channel=channel).values_list("name", flat=True))
    assert rocs and cells(page, "The channel's ROCs") == rocs
    masked = MaskedChannel.objects.get(run_number=RUN, fed_id=worst_fed, fed_channel=channel)
    intervals = table_rows(page, "Masked and disabled intervals, and intervals with errors")
    assert [str(RUN), str(masked.first_lumisection_number), str(masked.last_lumisection_number), "masked"] in [
        r[:4] for r in intervals]
    # The errors came before the masking.
    last_error = FedError.objects.filter(run_number=RUN, fed_id=worst_fed, fed_channel=channel).order_by(
        "-lumisection_number").values_list("lumisection_number", flat=True)[0]  # fmt: skip
    assert last_error < masked.first_lumisection_number
    not_enabled = FedChannel.objects.filter(run_number=RUN).exclude(state="enabled").count()
    assert len(table_rows(page, "Channels not enabled in the run")) == min(not_enabled, 25) > 0


def test_readback_page_lists_the_outliers_of_layer_1(server, page):
    open_settled(page, f"{server}/pages/readback?run={RUN}")
    values = list(Readback.objects.filter(run_number=RUN, layer=1).values_list("roc_name", "vana"))
    expected = outliers(values)
    shown = table_rows(page, "Vana outliers")
    assert expected and {r[0] for r in shown if r[1] == "L1"} == expected
    assert sorted(traces(page, "Vana per layer and ring")) == sorted([p, 40] for p in ("L1", "L2", "L3", "L4", "R1", "R2"))
    runs = Readback.objects.values_list("run_number", flat=True).distinct().count()
    assert ["L1", runs] in traces(page, "Vd per layer and ring across runs")


def test_shift_report_daq_section(server, page):
    open_settled(page, f"{server}/pages/shift_report?shift={SHIFT}")
    shift = Shift.parse(SHIFT)
    spans = {}  # run: [first, last] lumisection that starts in the shift
    for run, ls in Lumisection.objects.filter(start_time__gte=shift.start, start_time__lt=shift.end).values_list(
            "run_number", "lumisection_number"):  # fmt: skip
        span = spans.setdefault(run, [ls, ls])
        span[:] = min(span[0], ls), max(span[1], ls)
    assert len(spans) > 1
    per_type, masked = Counter(), 0
    for run, (first, last) in spans.items():
        in_shift = dict(run_number=run, lumisection_number__gte=first, lumisection_number__lte=last)
        for code, n in FedError.objects.filter(**in_shift).values_list("error_type").annotate(Sum("errors")):
            per_type[code] += n
        masked += MaskedChannel.objects.filter(run_number=run, source="automask", first_lumisection_number__gte=first,
                                               first_lumisection_number__lte=last).count()  # fmt: skip
    rows = table_rows(page, "FED errors per type during the shift")
    assert {int(r[0]): int(r[2]) for r in rows} == dict(per_type)
    assert len(table_rows(page, "FED channels masked during the shift")) == masked > 0
