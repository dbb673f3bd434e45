"""An identity-provider outage: when the issuer's keys cannot be fetched, a request with a token
is a 503 with Retry-After at once (not a worker held for the fetch's timeout, nor a 401); a failed
fetch starts a back-off in which no request fetches again; the last good keys serve past their
lifespan while the provider is down. And a token from a clock a little ahead is accepted."""
import time
import uuid

import pytest

from tests.security.oidc import bearer, new_key

pytestmark = pytest.mark.django_db

URL = "/api/v1/fills/5576"
UNAVAILABLE = "The token issuer's keys cannot be fetched just now; try again later."


def unavailable(response, retry_after):
    assert response.status_code == 503, response.content
    assert response["Retry-After"] == str(retry_after)
    assert [e["detail"] for e in response.document["errors"]] == [UNAVAILABLE]


@pytest.mark.parametrize("outage", ["http 500", "html", "slow"])
def test_with_the_provider_down_a_token_is_a_503_and_the_next_ones_do_not_fetch(api, issuer, clock, settings, outage):
    issuer.outage = outage
    settings.OIDC_JWKS_TIMEOUT = 0.3  # "slow" answers after 1 s
    unavailable(api.get(URL, **bearer(issuer.token("k1"))), retry_after=30)
    assert issuer.fetches == 1
    clock.now += 10
    for _ in range(5):  # any JWT-shaped string, each naming a key id of its own
        unavailable(api.get(URL, **bearer(issuer.token(uuid.uuid4().hex, signed_by="k1"))), retry_after=20)
    assert issuer.fetches == 1  # the back-off: nobody waited for the provider again

    issuer.outage = None
    clock.now += 20  # the back-off is over: the next token fetches, and is served
    assert api.get(URL, **bearer(issuer.token("k1"))).status_code == 200
    assert issuer.fetches == 2


def test_an_unreachable_provider_is_a_503_with_retry_after(api, issuer, clock):
    issuer.stop()  # connection refused
    unavailable(api.get(URL, **bearer(issuer.token("k1"))), retry_after=30)
    clock.now += 29.5
    unavailable(api.get(URL, **bearer(issuer.token("k1"))), retry_after=1)


def test_the_last_good_keys_serve_past_their_lifespan_while_the_provider_is_down(api, issuer, clock, settings):
    assert api.get(URL, **bearer(issuer.token("k1"))).status_code == 200
    issuer.outage = "http 500"
    clock.now += settings.OIDC_JWKS_LIFESPAN + 1  # the keys are due for a fetch, which fails
    assert api.get(URL, **bearer(issuer.token("k1"))).status_code == 200
    assert issuer.fetches == 2
    clock.now += 10
    assert api.get(URL, **bearer(issuer.token("k1"))).status_code == 200
    assert issuer.fetches == 2  # in the back-off
    # A key the last good set lacks may be a rotation the provider cannot tell about: a 503.
    issuer.keys["k2"] = new_key("k2")
    unavailable(api.get(URL, **bearer(issuer.token("k2"))), retry_after=20)

    issuer.outage = None
    clock.now += 20
    assert api.get(URL, **bearer(issuer.token("k2"))).status_code == 200  # fetched again: k2 is known now
    assert issuer.fetches == 3


def test_a_token_the_keys_do_not_match_is_still_a_401_during_an_outage(api, issuer, clock):
    assert api.get(URL, **bearer(issuer.token("k1"))).status_code == 200
    issuer.outage = "http 500"
    forger, _ = new_key("k1")
    issuer.keys["k1"] = (forger, issuer.keys["k1"][1])  # signs with another key under the same id
    response = api.get(URL, **bearer(issuer.token("k1")))
    assert response.status_code == 401
    assert response.document["errors"][0]["detail"] == "The bearer token is not valid: Signature verification failed."


@pytest.mark.parametrize("claim", ["iat", "nbf"])
def test_a_token_from_a_clock_up_to_30_s_ahead_is_accepted(api, issuer, claim):
    assert api.get(URL, **bearer(issuer.token("k1", **{claim: int(time.time()) + 20}))).status_code == 200
    response = api.get(URL, **bearer(issuer.token("k1", **{claim: int(time.time()) + 90})))
    assert response.status_code == 401
    assert response.document["errors"][0]["detail"] == f"The bearer token is not valid: The token is not yet valid ({claim})."


def test_a_token_expired_within_the_leeway_is_accepted_and_one_beyond_it_is_not(api, issuer):
    assert api.get(URL, **bearer(issuer.token("k1", exp=int(time.time()) - 10))).status_code == 200
    response = api.get(URL, **bearer(issuer.token("k1", exp=int(time.time()) - 60)))
    assert response.status_code == 401
    assert response.document["errors"][0]["detail"] == "The bearer token is not valid: Signature has expired."
