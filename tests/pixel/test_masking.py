"""masked_rocs and masked_channels: intervals inside their runs, counts that agree with each other
and with the source tables, the masking patterns the demo promises, relationships."""
from collections import Counter, defaultdict

import pytest
from django.db.models import Count, Max, Q

from apps.demo_source.models import MASK_SOURCES, OmsLumisection, PxlFedChannel, PxlMaskedChannel, PxlMaskedRoc
from apps.pixel.models import MaskedChannel, MaskedRoc
from tests.jsonapi import get

pytestmark = pytest.mark.django_db
RUN = 324245


def run_ends():
    return dict(OmsLumisection.objects.values_list("run_number").annotate(Max("lumisection_number")))


def total(api, url):
    return get(api, f"{url}&page[limit]=1")["meta"]["totalResourceCount"]


def active(first="first_ls", last="last_ls", *, run, ls):
    return Q(run_number=run, **{f"{first}__lte": ls, f"{last}__gte": ls})


def rocs_on_channel():
    return {(f, c): last - first + 1 for f, c, first, last in
            PxlFedChannel.objects.values_list("fed_id", "fed_channel", "first_roc", "last_roc")}  # fmt: skip


def source_count(run, ls=None):
    """Masked ROCs (rows) straight from the source tables: single ROCs plus every ROC of each
    masked channel, as the cabling map puts them."""
    on_channel = rocs_on_channel()
    rocs = PxlMaskedRoc.objects.filter(run_number=run)
    channels = PxlMaskedChannel.objects.filter(run_number=run)
    if ls is not None:
        rocs, channels = rocs.filter(active(run=run, ls=ls)), channels.filter(active(run=run, ls=ls))
    return rocs.count() + sum(on_channel[key] for key in channels.values_list("fed_id", "fed_channel"))


def test_intervals_lie_within_their_runs():
    ends = run_ends()
    for model in (MaskedRoc, MaskedChannel):
        rows = model.objects.values_list("run_number", "first_lumisection_number", "last_lumisection_number",
                                         "lumisections", "source")  # fmt: skip
        assert rows.exists()
        for run, first, last, lumisections, source in rows:
            assert 1 <= first <= last <= ends[run]
            assert lumisections == last - first + 1
            assert source in MASK_SOURCES


def test_every_run_is_masked_and_rows_expand_the_source_tables():
    per_run = dict(MaskedRoc.objects.values_list("run_number").annotate(Count("roc_name")))
    assert set(per_run) == set(run_ends())
    for run, rows in per_run.items():
        assert rows == source_count(run)
    assert MaskedRoc.objects.filter(scope="roc").count() == PxlMaskedRoc.objects.count()
    assert set(MaskedRoc.objects.values_list("scope", flat=True).distinct()) == {"roc", "channel"}


def test_run_324245_has_a_few_hundred_masked_rocs(api):
    doc = get(api, f"/api/v1/masked_rocs?filter[run_number]={RUN}&fields=roc_name&page[limit]=5000")
    assert doc["meta"]["totalResourceCount"] == source_count(RUN)
    assert 200 <= len({o["attributes"]["roc_name"] for o in doc["data"]}) < 1000


def test_no_roc_is_masked_twice_at_once():
    intervals = defaultdict(list)
    for run, roc, first, last in MaskedRoc.objects.values_list(
        "run_number", "roc_name", "first_lumisection_number", "last_lumisection_number"
    ):
        intervals[run, roc].append((first, last))
    for spans in intervals.values():
        spans.sort()
        assert all(previous[1] < following[0] for previous, following in zip(spans, spans[1:]))


@pytest.mark.parametrize("ls", [1, 2, 700, 1400, 2100])
def test_masked_rocs_at_a_lumisection_agree_across_resources(api, ls):
    at = f"filter[run_number]={RUN}&filter[first_lumisection_number][LE]={ls}&filter[last_lumisection_number][GE]={ls}"
    masked_rocs = total(api, f"/api/v1/masked_rocs?{at}")
    alone = total(api, f"/api/v1/masked_rocs?{at}&filter[scope]=roc")
    channels = get(api, f"/api/v1/masked_channels?{at}&fields=rocs&page[limit]=5000")["data"]
    assert masked_rocs == alone + sum(o["attributes"]["rocs"] for o in channels)
    assert masked_rocs == source_count(RUN, ls)
    assert 100 < masked_rocs < 1000


def test_masking_patterns_in_run_324245():
    end = run_ends()[RUN]
    rows = MaskedRoc.objects.filter(run_number=RUN)
    assert rows.filter(first_lumisection_number=1, last_lumisection_number=end).exists()  # whole run
    assert rows.filter(first_lumisection_number__gt=1, last_lumisection_number=end).exists()  # masked later
    assert rows.filter(last_lumisection_number__lt=end, source="automask").exists()  # recovered
    assert {"automask", "manual", "disabled"} == set(rows.values_list("source", flat=True).distinct())


def test_automask_clusters_neighbouring_channels_of_a_fed():
    events = Counter(
        MaskedChannel.objects.filter(source="automask").values_list(
            "run_number", "fed_id", "first_lumisection_number", "last_lumisection_number"
        )
    )
    clustered = [event for event, channels in events.items() if channels >= 3]
    assert len({run for run, *_ in clustered}) >= 10


def test_bad_modules_are_masked_whole_in_every_run(api):
    ends = run_ends()
    whole = Counter(
        (module, run)
        for module, run, first, last in MaskedRoc.objects.values_list(
            "module_name", "run_number", "first_lumisection_number", "last_lumisection_number"
        )
        if first == 1 and last == ends[run]
    )
    runs_whole = Counter(module for (module, run), rocs in whole.items() if rocs == 16)
    bad = sorted(module for module, runs in runs_whole.items() if runs == len(ends))
    assert bad
    for module in bad:
        channels = PxlFedChannel.objects.filter(module_name=module).count()
        url = f"/api/v1/pixel_modules/{module}/masked_channels?filter[source]=disabled"
        assert total(api, url) == channels * len(ends)


def test_masked_roc_relationships(api):
    row = MaskedRoc.objects.filter(run_number=RUN, scope="channel").order_by("roc_name").first()
    object_id = f"{RUN}_{row.first_lumisection_number}_{row.roc_name}"
    doc = get(api, f"/api/v1/masked_rocs/{object_id}")
    links = doc["data"]["relationships"]
    assert set(links) == {"run", "roc", "module"}
    assert get(api, links["run"]["links"]["related"])["data"][0]["id"] == str(RUN)
    assert get(api, links["roc"]["links"]["related"])["data"][0]["id"] == row.roc_name
    assert get(api, links["roc"]["links"]["self"])["data"] == [{"type": "pixel_rocs", "id": row.roc_name}]
    assert get(api, links["module"]["links"]["related"])["data"][0]["id"] == row.module_name


def test_masked_channel_rocs_are_its_masked_rocs(api):
    row = MaskedChannel.objects.filter(run_number=RUN, source="automask").order_by("fed_id", "fed_channel").first()
    object_id = f"{RUN}_{row.first_lumisection_number}_{row.fed_id}_{row.fed_channel}"
    rocs = get(api, f"/api/v1/masked_channels/{object_id}/rocs?page[limit]=100")["data"]
    assert len(rocs) == row.rocs == row.last_roc - row.first_roc + 1
    masked = MaskedRoc.objects.filter(
        run_number=RUN, first_lumisection_number=row.first_lumisection_number, fed_id=row.fed_id,
        fed_channel=row.fed_channel, scope="channel",
    )  # fmt: skip
    assert sorted(o["id"] for o in rocs) == sorted(masked.values_list("roc_name", flat=True))
    assert get(api, f"/api/v1/masked_channels/{object_id}/module")["data"][0]["id"] == row.module_name


def test_roc_masking_history_across_runs(api):
    roc, runs = (
        MaskedRoc.objects.filter(source="manual").values_list("roc_name").annotate(runs=Count("run_number"))
        .order_by("-runs", "roc_name").first()
    )  # fmt: skip
    assert runs > 1
    doc = get(api, f"/api/v1/pixel_rocs/{roc}/masked_rocs?page[limit]=100&sort=run_number")
    assert [o["attributes"]["run_number"] for o in doc["data"]] == sorted(
        MaskedRoc.objects.filter(roc_name=roc).values_list("run_number", flat=True)
    )
