"""OIDC bearer tokens (CERN SSO): checked when PIXELWS_OIDC_ISSUER and PIXELWS_OIDC_AUDIENCE are
set (pixelws/auth.py asks for them): a JWT signed by a key of the issuer's JWKS, unexpired, for
this audience. The keys outlive an outage of the identity provider (IssuerKeys)."""
import math
import threading
from functools import cache
from time import monotonic

import jwt
from django.conf import settings

ALGORITHMS = ["RS256", "RS384", "RS512", "ES256", "ES384", "PS256"]


class InvalidToken(Exception):
    """A token to refuse with a 401."""


class IssuerUnavailable(Exception):
    """The issuer's keys cannot be fetched and none is known that could check this token: a 503,
    to be retried after ``retry_after`` seconds (when the back-off ends)."""

    def __init__(self, retry_after):
        super().__init__("The token issuer's keys cannot be fetched just now; try again later.")
        self.retry_after = retry_after


class IssuerKeys:
    """The issuer's signing keys by key id, per process. They are fetched again when older than
    ``lifespan``, or when a token names a key id they lack (the issuer rotated its keys), at most
    once per ``cooldown`` (random key ids must not make every request fetch). A failed fetch starts
    a ``backoff`` in which nothing is fetched (a request does not wait out the timeout again), and
    the last good keys stay in use past their lifespan while the provider is down."""

    def __init__(self, url, lifespan, cooldown, backoff, timeout):
        self.fetcher = jwt.PyJWKClient(url, cache_jwk_set=False, cache_keys=False, timeout=timeout)
        self.lifespan, self.cooldown, self.backoff = lifespan, cooldown, backoff
        self.keys = {}
        self.fetched = self.failed = -math.inf  # monotonic() of the last good / failed fetch
        self.lock = threading.Lock()

    def key_for(self, token):
        try:
            kid = jwt.get_unverified_header(token).get("kid")
        except jwt.InvalidTokenError as error:
            raise InvalidToken(f"The bearer token is not valid: {error}.") from None
        with self.lock:  # one fetch at a time; the others then see its keys
            now = monotonic()
            stale = now - self.fetched >= self.lifespan
            unknown = kid not in self.keys and now - self.fetched >= self.cooldown
            if stale or unknown:
                if now - self.failed < self.backoff:
                    self.give_up_unless_known(kid, now)
                else:
                    self.fetch(kid, now)
        if kid not in self.keys:
            raise InvalidToken(f"The bearer token is not valid: the issuer has no signing key '{kid}'.")
        return self.keys[kid]

    def fetch(self, kid, now):
        try:
            jwk_set = self.fetcher.get_jwk_set()
        except (jwt.PyJWKClientError, jwt.PyJWKSetError, ValueError):  # unreachable, an HTTP error, not a JWKS: down
            self.failed = monotonic()
            self.give_up_unless_known(kid, self.failed)
            return
        self.keys = {key.key_id: key for key in jwk_set.keys if key.public_key_use in ("sig", None)}
        self.fetched = now

    def give_up_unless_known(self, kid, now):
        if kid not in self.keys:
            raise IssuerUnavailable(retry_after=max(1, math.ceil(self.failed + self.backoff - now)))


@cache
def issuer_keys(url, lifespan, cooldown, backoff, timeout):
    return IssuerKeys(url, lifespan, cooldown, backoff, timeout)


def verify(token):
    """The claims of a valid bearer token; else InvalidToken, or IssuerUnavailable."""
    keys = issuer_keys(settings.OIDC_JWKS_URL, settings.OIDC_JWKS_LIFESPAN, settings.OIDC_JWKS_COOLDOWN,
                       settings.OIDC_JWKS_BACKOFF, settings.OIDC_JWKS_TIMEOUT)  # fmt: skip
    key = keys.key_for(token)
    try:
        return jwt.decode(token, key, algorithms=ALGORITHMS, audience=settings.OIDC_AUDIENCE, issuer=settings.OIDC_ISSUER,
                          leeway=settings.OIDC_LEEWAY, options={"require": ["exp", "iss", "aud"]})  # fmt: skip
    except jwt.InvalidTokenError as error:
        raise InvalidToken(f"The bearer token is not valid: {error}.") from None
