"""Page definitions: the shipped ones load; a malformed one is refused naming file and field."""
import textwrap

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from apps.workspace.pages import PageError, load_all, load_page

GOOD = """\
title: Test page
folder: Tests
controller:
  selectors: [run]
portlets:
  - title: Lumi
    type: plot
    pos_x: 0
    pos_y: 0
    size_x: 6
    size_y: 4
    configuration:
      probe: inst_lumi
  - title: Runs
    type: table
    pos_x: 6
    pos_y: 0
    size_x: 6
    size_y: 4
    configuration:
      resource: runs
      filters: {fill_number: $fill}
      columns: [run_number, delivered_lumi]
"""


def write(tmp_path, text, name="test_page.yaml"):
    path = tmp_path / name
    path.write_text(textwrap.dedent(text))
    return path


def test_shipped_pages_load_without_errors():
    pages, errors = load_all()
    assert errors == []
    assert "lumi_deadtime" in pages and pages["lumi_deadtime"].folder == "Luminosity"


def test_a_good_page(tmp_path):
    page = load_page(write(tmp_path, GOOD))
    assert (page.id, page.title, page.selectors) == ("test_page", "Test page", ["run", "live"])  # a page about a run offers live


@pytest.mark.parametrize(
    "old, new, field",
    [
        ("title: Test page", "title: ''", "title"),
        ("folder: Tests\n", "", "folder"),
        ("probe: inst_lumi", "probe: inst_lum", "portlets[0].configuration.probe"),
        ("type: plot", "type: chart", "portlets[0].type"),
        ("size_x: 6\n    size_y: 4\n    configuration:\n      probe", "size_x: 13\n    size_y: 4\n    configuration:\n      probe", "portlets[0].size_x"),
        ("pos_x: 6", "pos_x: 3", "portlets[1]"),  # overlaps portlets[0]
        ("selectors: [run]", "selectors: [run, lumi]", "controller.selectors[1]"),
        ("resource: runs", "resource: rnus", "portlets[1].configuration.resource"),
        ("columns: [run_number, delivered_lumi]", "columns: [run_number, lumi]", "portlets[1].configuration.columns[1]"),
        ("{fill_number: $fill}", "{fill_number: $fil}", "portlets[1].configuration.filters.fill_number"),
        ("{fill_number: $fill}", "{'fill_number[SOME]': 3}", "portlets[1].configuration.filters.fill_number[SOME]"),
        ("{fill_number: $fill}", "{fill_number: seven}", "portlets[1].configuration.filters.fill_number"),
        ("      probe: inst_lumi", "      probe: inst_lumi\n      params: {colour: red}", "portlets[0].configuration.params.colour"),
        ("    size_y: 4\n    configuration:\n      resource", "    size_y: 4\n    sise: 3\n    configuration:\n      resource", "portlets[1].sise"),
        # The configuration's form is its type's JSON schema (the portal's config_schema), checked once.
        ("columns: [run_number, delivered_lumi]", "columns: [run_number, delivered_lumi]\n      page_size: 0", "portlets[1].configuration.page_size"),
        ("columns: [run_number, delivered_lumi]", "columns: [run_number, delivered_lumi]\n      colour: red", "portlets[1].configuration.colour"),
        ("columns: [run_number, delivered_lumi]", "columns: []", "portlets[1].configuration.columns"),
        # Units where /meta gives none: of a column shown, as text.
        ("columns: [run_number, delivered_lumi]", "columns: [run_number, delivered_lumi]\n      units: {lumi: pb}", "portlets[1].configuration.units.lumi"),
        ("columns: [run_number, delivered_lumi]", "columns: [run_number, delivered_lumi]\n      units: {delivered_lumi: 3}", "portlets[1].configuration.units.delivered_lumi"),
        ("folder: Tests\n", "folder: Tests\ndigest: yes please\n", "digest"),
        ("    size_y: 4\n    configuration:\n      probe", "    size_y: 4\n    narrow_order: 0\n    configuration:\n      probe", "portlets[0].narrow_order"),
        ("    size_y: 4\n    configuration:\n      probe", "    size_y: 4\n    narrow_order: first\n    configuration:\n      probe", "portlets[0].narrow_order"),
    ],
)
def test_mistakes_name_file_and_field(tmp_path, old, new, field):
    assert old in GOOD
    path = write(tmp_path, GOOD.replace(old, new, 1))
    with pytest.raises(PageError) as caught:
        load_page(path)
    assert str(caught.value).startswith(f"{path}: {field}: "), str(caught.value)


def test_narrow_order_puts_portlets_first_on_a_phone_and_is_one_each(tmp_path):
    first = "    size_y: 4\n    narrow_order: 1\n    configuration:\n"
    text = GOOD.replace("    size_y: 4\n    configuration:\n      resource", first + "      resource")
    page = load_page(write(tmp_path, text))
    assert [p.get("narrow_order") for p in page.portlets] == [None, 1]
    both = text.replace("    size_y: 4\n    configuration:\n      probe", first + "      probe")
    with pytest.raises(PageError) as caught:
        load_page(write(tmp_path, both))
    assert str(caught.value).endswith("portlets[1].narrow_order: 1 is portlets[0]'s too")


DRILLDOWN = "      probe: inst_lumi\n      drilldown: {page: test_page, variable: roc}"
PROBE_TABLE = "      resource: runs\n      filters: {fill_number: $fill}\n      columns: [run_number, delivered_lumi]"


def test_a_drill_down_and_a_probe_table(tmp_path):
    text = GOOD.replace("      probe: inst_lumi", DRILLDOWN).replace(PROBE_TABLE, "      probe: masked_summary")
    page = load_page(write(tmp_path, text))
    assert page.portlets[0]["configuration"]["drilldown"] == {"page": "test_page", "variable": "roc"}
    assert page.portlets[1]["configuration"] == {"probe": "masked_summary"}


@pytest.mark.parametrize(
    "old, new, field",
    [
        ("page: test_page", "page: nonesuch", "portlets[0].configuration.drilldown.page"),
        ("variable: roc", "variable: rock", "portlets[0].configuration.drilldown.variable"),
        ("variable: roc}", "variable: roc, on: click}", "portlets[0].configuration.drilldown"),
        ("probe: masked_summary", "probe: masked_sumary", "portlets[1].configuration.probe"),
        ("probe: masked_summary", "probe: masked_summary\n      columns: [part]", "portlets[1].configuration.columns"),
    ],
)
def test_drill_down_and_probe_table_mistakes_name_the_field(tmp_path, old, new, field):
    text = GOOD.replace("      probe: inst_lumi", DRILLDOWN).replace(PROBE_TABLE, "      probe: masked_summary")
    assert old in text
    path = write(tmp_path, text.replace(old, new, 1))
    with pytest.raises(PageError) as caught:
        load_page(path)
    assert str(caught.value).startswith(f"{path}: {field}"), str(caught.value)


def test_yaml_syntax_error_names_the_file(tmp_path):
    path = write(tmp_path, "title: [unclosed\n")
    with pytest.raises(PageError, match="not valid YAML"):
        load_page(path)


def test_yaml_on_is_not_silently_true(tmp_path):
    path = write(tmp_path, GOOD.replace("      probe: inst_lumi", "      probe: inst_lumi\n      on: 1"))
    with pytest.raises(PageError, match="in quotes"):
        load_page(path)


def test_check_command_fails_on_a_malformed_page(tmp_path, settings):
    write(tmp_path, GOOD.replace("type: plot", "type: chart"), "broken.yaml")
    settings.WORKSPACE_PAGES_DIR = tmp_path
    with pytest.raises(SystemCheckError, match=r"broken\.yaml: portlets\[0\]\.type: unknown portlet type 'chart'"):
        call_command("check")


def test_check_command_validates_pages_against_their_components_config_schema(monkeypatch):
    """The system check (start-up, `manage.py check`) holds every page to its components'
    config_schema, and refuses a portlet type that has none."""
    from apps.workspace.portlets import PortletType, registry

    plot = registry["plot"]
    schema = plot.schema()
    monkeypatch.setattr(plot, "schema", lambda: {**schema, "required": ["probe", "drilldown"]})
    with pytest.raises(SystemCheckError, match=r"apps/workspace/pages/lumi_deadtime\.yaml: portlets\[4\]\.configuration: 'drilldown' is a required property"):
        call_command("check")
    monkeypatch.undo()

    class Gauge(PortletType):
        type, component = "gauge", "GaugePortlet"

    monkeypatch.setitem(registry, "gauge", Gauge())
    with pytest.raises(SystemCheckError, match=r"portlet type 'gauge' has no config_schema"):
        call_command("check")


@pytest.mark.parametrize("controller, message", [
    ("selectors: [run]\n  opens_on: readback", "unknown resource 'readback'"),
    ("selectors: [shift]\n  opens_on: readbacks", "works on pages that choose a run or a fill"),
    ("selectors: [fill]\n  opens_on: pixel_modules", "resource pixel_modules has no fill_number"),
])
def test_opens_on_names_a_resource_of_the_chosen_key(tmp_path, controller, message):
    path = write(tmp_path, GOOD.replace("selectors: [run]", controller, 1))
    with pytest.raises(PageError) as caught:
        load_page(path)
    assert str(caught.value).startswith(f"{path}: controller.opens_on: {message}"), str(caught.value)


@pytest.mark.django_db
def test_readback_opens_on_the_newest_run_with_readbacks(api):
    from apps.daq.models import Readback
    from apps.oms.models import Run
    from tests.jsonapi import get

    newest_with = Readback.objects.order_by("-run_number").values_list("run_number", flat=True).first()
    newest = Run.objects.order_by("-run_number").values_list("run_number", flat=True).first()
    assert newest_with != newest  # the demo's newest run has no readbacks: the case this is for
    attributes = get(api, "/api/workspace/selection?page=readback")["data"]["attributes"]
    assert attributes["defaults"] == ["run"] and attributes["state"]["run"] == newest_with


@pytest.mark.django_db
def test_a_page_of_a_time_window_only_opens_on_the_newest_shifts_window():
    from django.http import QueryDict

    from apps.oms.models import Lumisection
    from apps.workspace.selection import resolve
    from pixelws.shifts import Shift

    shift = Shift.at(Lumisection.objects.order_by("-start_time").values_list("start_time", flat=True).first())
    selection = resolve(["time_window"], QueryDict())
    assert selection.defaults == ["since", "until"]
    assert selection.state == {"since": shift.start.strftime("%Y-%m-%dT%H:%M:%SZ"), "until": shift.end.strftime("%Y-%m-%dT%H:%M:%SZ")}


@pytest.mark.django_db
def test_pages_of_one_fed_channel_or_roc_open_on_the_newest_data(api):
    from collections import Counter

    from apps.daq.models import FedError
    from apps.pixel.models import MaskedRoc
    from tests.jsonapi import get

    run = FedError.objects.order_by("-run_number").values_list("run_number", flat=True).first()
    totals = Counter()
    for fed, channel, errors in FedError.objects.filter(run_number=run).values_list("fed_id", "fed_channel", "errors"):
        totals[fed, channel] += errors
    worst = min(totals, key=lambda key: (-totals[key], key))
    state = get(api, "/api/workspace/selection?page=fed_channels")["data"]["attributes"]["state"]
    assert state == {"run": run, "fed_channel": f"{worst[0]}/{worst[1]}"}

    newest = max(MaskedRoc.objects.values_list("run_number", flat=True))
    roc = sorted(MaskedRoc.objects.filter(run_number=newest).values_list("roc_name", flat=True))[0]
    attributes = get(api, "/api/workspace/selection?page=roc_history")["data"]["attributes"]
    assert (attributes["state"], attributes["defaults"]) == ({"roc": roc}, ["roc"])
    chosen = get(api, f"/api/workspace/selection?page=roc_history&roc={roc}")["data"]["attributes"]
    assert chosen["defaults"] == []
