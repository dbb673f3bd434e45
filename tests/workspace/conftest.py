"""Fixtures of the workspace's tests."""
import pytest

from apps.workspace import first_screen


@pytest.fixture
def nothing_kept(db, settings, tmp_path, monkeypatch):
    """No drawing or content kept by an earlier test (the first paint's folder, its remembered
    names and contents, a new one); time enough for the first screen on a busy machine (its bound
    itself: tests/workspace/test_first_screen.py). The folder."""
    settings.PIXELWS_FIRST_PAINT_DIR = tmp_path
    monkeypatch.setattr(first_screen, "BUDGET_S", 120)
    return tmp_path
