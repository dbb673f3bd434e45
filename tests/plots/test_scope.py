"""One scope for every probe (pixelws/scope.py): an unknown run or fill, a bad shift, a half or too
long time window answer with the same error object from every probe that takes it, and from a
page's selection; the probes are walked from the registry, so a new probe is covered too."""
import pytest

from pixelws.probes import registry
from tests.jsonapi import error_of, get

pytestmark = pytest.mark.django_db
EXAMPLES = {"value": "current"}  # required parameters without choices (dcs_series' value of lv_channels)
RUN_OF_DEMO = 324245
SHIFT_OF_DEMO = "2018-10-09/evening"


def taking(parameter):
    """The probes with this parameter, and the other required parameters each needs."""
    found = {}
    for name, probe in sorted(registry.items()):
        names = [p.name for p in probe.parameters]
        if parameter in names:
            found[name] = "".join(f"&{p.name}={p.choices[0] if p.choices else EXAMPLES[p.name]}"
                                  for p in probe.parameters if p.required and p.name not in ("run", "shift"))  # fmt: skip
    return found


def not_found(what, number):
    return {"status": "404", "title": "Not Found", "detail": f"There is no {what} {number} in the database.",
            "source": {"parameter": what}}  # fmt: skip


def test_the_walk_covers_the_probes_of_each_kind():
    # By hand from the probe modules: which probes take a run, a fill, a shift.
    assert len(taking("run")) == 22
    assert set(taking("fill")) == {"cumulative_lumi", "inst_lumi", "deadtime_by_source", "dcs_series",
                                   "dcs_out_of_limits", "leakage_vs_luminosity", "dew_point_margin", "power_group_states"}
    assert len(taking("shift")) == 16


@pytest.fixture
def absent(api):
    """Run 1 and fill 1 are not in the demo database (the API's own resources say so)."""
    error_of(api, "/api/v1/runs/1", 404)
    error_of(api, "/api/v1/fills/1", 404)


@pytest.mark.parametrize("probe, required", taking("run").items())
def test_an_unknown_run_is_one_404_naming_run(api, absent, probe, required):
    assert error_of(api, f"/api/v1/plots/{probe}?run=1{required}", 404) == not_found("run", 1)


@pytest.mark.parametrize("probe, required", taking("fill").items())
def test_an_unknown_fill_is_one_404_naming_fill(api, absent, probe, required):
    assert error_of(api, f"/api/v1/plots/{probe}?fill=1{required}", 404) == not_found("fill", 1)


@pytest.mark.parametrize("probe, required", taking("shift").items())
def test_a_bad_shift_is_one_400_naming_shift(api, probe, required):
    error = error_of(api, f"/api/v1/plots/{probe}?shift=2018-10-09/noon{required}")
    assert error == {"status": "400", "title": "Bad Request", "source": {"parameter": "shift"},
                     "detail": "'2018-10-09/noon' is not a shift: write date/shift in Europe/Zurich time, e.g. "
                               "2018-10-09/evening (shifts: morning 07–15, evening 15–23, night 23–07)."}  # fmt: skip


def test_the_reference_run_is_checked_alike(api, absent):
    error = error_of(api, f"/api/v1/plots/roc_map_comparison?run={RUN_OF_DEMO}&reference_run=1&map=BPix_L1", 404)
    assert error == {**not_found("run", 1), "source": {"parameter": "reference_run"}}


def test_a_page_selection_answers_as_the_probes(api, absent):
    assert error_of(api, "/api/workspace/selection?page=lumi_deadtime&run=1", 404) == not_found("run", 1)
    assert error_of(api, "/api/workspace/selection?page=lumi_deadtime&fill=1", 404) == not_found("fill", 1)


@pytest.mark.parametrize("probe, window, detail", [
    ("inst_lumi", "since=2018-10-09T00:00:00Z&until=2018-10-10T00:00:01Z", "A time window spans at most 24 hours here."),
    ("dcs_series", "since=2018-10-01T00:00:00Z&until=2018-10-11T00:00:01Z&resource=temperatures&value=temperature",
     "A time window spans at most 10 days here."),
])
def test_each_probe_keeps_its_longest_window(api, probe, window, detail):
    assert error_of(api, f"/api/v1/plots/{probe}?{window}") == {
        "status": "400", "title": "Bad Request", "detail": detail, "source": {"parameter": "until"}}


@pytest.mark.parametrize("probe, query, detail, parameter", [
    ("inst_lumi", "", "Give a run, a fill, a shift or a time window (since and until).", "run"),
    ("top_feds", "", "Give a run or a shift.", "run"),
    ("top_feds", f"run={RUN_OF_DEMO}&shift={SHIFT_OF_DEMO}", "Give shift or run, not both.", "run"),
    ("inst_lumi", f"run={RUN_OF_DEMO}&fill=7334", "Give run or fill, not both.", "fill"),
    ("power_group_states", f"run={RUN_OF_DEMO}&since=2018-10-09T00:00:00Z", "Give run or since, not both.", "since"),
    ("power_group_states", "since=2018-10-09T00:00:00Z", "A time window needs since and until; give until too.", "until"),
    ("inst_lumi", "until=2018-10-09T00:00:00Z", "A time window needs since and until; give since too.", "since"),
    ("dcs_out_of_limits", "since=2018-10-09T01:00:00Z&until=2018-10-09T00:00:00Z", "until must be after since.", "until"),
])
def test_one_message_per_fault(api, probe, query, detail, parameter):
    assert error_of(api, f"/api/v1/plots/{probe}?{query}") == {
        "status": "400", "title": "Bad Request", "detail": detail, "source": {"parameter": parameter}}


def test_a_run_narrowed_by_a_window_is_still_served(api):
    # The lumi probes take since / until inside a run (no 24 h limit then): a day and more is fine.
    attributes = get(api, f"/api/v1/plots/inst_lumi?run={RUN_OF_DEMO}&since=2018-10-01T00:00:00Z"
                          f"&until=2018-10-20T00:00:00Z")["data"]["attributes"]  # fmt: skip
    assert attributes["title"] == f"Instantaneous luminosity, run {RUN_OF_DEMO}"
