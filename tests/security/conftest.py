"""The security tests' clock (their token issuer, ``issuer``, is tests/conftest.py's)."""
import pytest

from pixelws import tokens


class Clock:
    def __init__(self, now=1000.0):
        self.now = now

    def __call__(self):
        return self.now


@pytest.fixture
def clock(monkeypatch):
    clock = Clock()
    monkeypatch.setattr(tokens, "monotonic", clock)
    return clock
