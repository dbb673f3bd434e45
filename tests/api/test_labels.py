"""One label per attribute: its model field's verbose_name, first letter upper-case, wherever an
attribute is named to people: /meta's title, a series plot's axis, a table's header, a summary
(pixelws.dialect.resources.Attribute.label). Checked with a verbose_name that differs from the
attribute's name, as a student's model may give one."""
import pytest

from apps.oms.models import Fill
from pixelws.dialect import registry
from tests.jsonapi import get

pytestmark = pytest.mark.django_db
NAMED = "peak luminosity"  # the attribute stays peak_lumi


@pytest.fixture
def peak_lumi_named(monkeypatch):
    """fills.peak_lumi with verbose_name="peak luminosity" (its resource's attributes read afresh)."""
    monkeypatch.setattr(Fill._meta.get_field("peak_lumi"), "verbose_name", NAMED)
    registry["fills"].__dict__.pop("attributes", None)
    yield
    registry["fills"].__dict__.pop("attributes", None)


def test_the_label_is_the_verbose_name_in_a_sentence(peak_lumi_named):
    assert registry["fills"].label("peak_lumi") == ("Peak luminosity", "10^{30}cm^{-2}s^{-1}")
    assert registry["deadtimes"].label("beamactive_total_deadtime.percent")[0] == "Beamactive total deadtime (percent)"


def test_meta_plot_and_table_name_it_alike(api, peak_lumi_named):
    assert get(api, "/api/v1/fills/meta")["meta"]["fields"]["peak_lumi"]["title"] == "Peak luminosity"
    plot = get(api, "/api/v1/plots/series?resource=fills&x=start_time&y=peak_lumi&filter[era]=Run2018D")["data"]["attributes"]
    assert plot["y"] == {"title": "Peak luminosity", "units": "10^{30}cm^{-2}s^{-1}", "type": "linear"}
    assert plot["title"] == "Peak luminosity vs start time (fills)"
    table = get(api, "/api/workspace/pages/fills_runs/portlets/0")["data"]["attributes"]["table"]
    assert [h["label"] for h in table["header"]][:5] == ["Fill number", "Start time", "End time", "Bunches colliding", "Peak luminosity"]


def test_without_a_verbose_name_the_label_is_the_name_spaced(api):
    assert get(api, "/api/v1/fills/meta")["meta"]["fields"]["peak_lumi"]["title"] == "Peak lumi"
    table = get(api, "/api/workspace/pages/fills_runs/portlets/0")["data"]["attributes"]["table"]
    assert table["header"][4]["label"] == "Peak lumi"
