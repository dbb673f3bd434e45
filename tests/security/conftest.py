"""The security tests' clock (their token issuer, ``issuer``, is tests/conftest.py's)."""
import pytest

from pixelws import tokens
from tests.clock import Clock


@pytest.fixture
def clock(monkeypatch):
    clock = Clock()
    monkeypatch.setattr(tokens, "monotonic", clock)
    return clock
