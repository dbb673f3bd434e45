"""The security tests' fixtures: a token issuer (tests/security/oidc.py) and a clock."""
import pytest
from django.test import override_settings

from pixelws import tokens
from tests.security.oidc import AUDIENCE, ISSUER, Issuer, new_key


@pytest.fixture
def issuer():
    """SSO on, with this issuer's keys (k1), a fresh key cache, no cooldown."""
    issuer = Issuer()
    issuer.keys["k1"] = new_key("k1")
    tokens.issuer_keys.cache_clear()
    with override_settings(OIDC_ISSUER=ISSUER, OIDC_AUDIENCE=AUDIENCE, OIDC_JWKS_URL=issuer.url, OIDC_JWKS_COOLDOWN=0):
        yield issuer
    issuer.stop()


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
