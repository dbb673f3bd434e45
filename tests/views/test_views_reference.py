"""docs/views.md, the reference of every view, is written by a command and kept up to date."""
import pytest
from django.core.management import CommandError, call_command

from pixelws import viewdocs
from pixelws.sqlviews import view_models


def section(text, view):
    return text.split(f"## {view}\n", 1)[1].split("\n## ", 1)[0]


def test_the_committed_reference_is_up_to_date():
    assert viewdocs.REFERENCE_PATH.read_text() == viewdocs.reference(), "run: manage.py document_views"


def test_it_lists_every_view_with_its_resource_sources_columns_and_units():
    text = viewdocs.reference()
    assert text.count("\n## ") == len(view_models())
    leakage = section(text, "LEAKAGE_CURRENTS")
    assert "Served at `/api/v1/leakage_currents`. File: `apps/dcs/sql/oracle/leakage_currents.sql`." in leakage
    assert "Reads: `DCS_CHANNELS`, `DCS_HV_READINGS`, `DCS_TEMPERATURES`." in leakage
    assert "| `CORRECTED_PER_MODULE` | float | `{\\mu}A` | per module, at the reference temperature, 20 °C |" in leakage
    assert "Reads: `LUMISECTIONS` (view), `OMS_FILLS`, `OMS_LUMISECTIONS`, `OMS_RUNS`." in section(text, "RUNS")


def test_check_fails_on_a_stale_file_and_writing_fixes_it(tmp_path, monkeypatch):
    stale = tmp_path / "views.md"
    stale.write_text(viewdocs.reference().replace("| `FLOW` | float | `g/s` |", "| `FLOW` | float | `kg/s` |"))
    monkeypatch.setattr(viewdocs, "REFERENCE_PATH", stale)
    from pixelws.management.commands import document_views

    monkeypatch.setattr(document_views, "REFERENCE_PATH", stale)
    with pytest.raises(CommandError, match="views.md is out of date: run manage.py document_views"):
        call_command("document_views", check=True)
    call_command("document_views")
    call_command("document_views", check=True)
    assert stale.read_text() == viewdocs.reference()
