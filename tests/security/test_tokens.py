"""Bearer tokens: with an issuer and audience configured, every API request needs a JWT signed by
a key of the issuer's JWKS, unexpired, for this audience; else a 401 JSON:API error. The keys are
made here and their JWKS is served in-process on the loopback: nothing goes to the network."""
import time

import jwt
import pytest

from tests.jsonapi import error_of, get
from tests.security.oidc import AUDIENCE, ISSUER, bearer, new_key

pytestmark = pytest.mark.django_db


def test_without_a_token_the_api_answers_401(api, issuer):
    response = api.get("/api/v1/fills/5576")
    assert response.status_code == 401 and response["WWW-Authenticate"] == 'Bearer realm="pixelws"'
    assert response.document["errors"][0]["detail"] == "Authentication credentials were not provided."
    assert api.get("/api/portal/pages").status_code == 401
    assert api.get("/healthz").status_code == 200  # the load balancer's checks need none


def test_a_valid_token_is_served_and_the_keys_are_fetched_once(api, issuer):
    for _ in range(3):
        response = api.get("/api/v1/fills/5576", **bearer(issuer.token("k1")))
        assert response.status_code == 200 and response.document["data"]["id"] == "5576"
    assert issuer.fetches == 1


@pytest.mark.parametrize("claims, says", [
    ({"exp": int(time.time()) - 60}, "Signature has expired"),
    ({"aud": "another-service"}, "Audience doesn't match"),
    ({"iss": "https://elsewhere.example"}, "Invalid issuer"),
])  # fmt: skip
def test_expired_foreign_or_misissued_tokens_are_401(api, issuer, claims, says):
    response = api.get("/api/v1/runs", **bearer(issuer.token("k1", **claims)))
    assert response.status_code == 401
    assert says in response.document["errors"][0]["detail"]


def test_a_token_signed_by_another_key_is_401(api, issuer):
    forger, _ = new_key("k1")  # claims the issuer's key id
    token = jwt.encode({"iss": ISSUER, "aud": AUDIENCE, "exp": int(time.time()) + 300}, forger, algorithm="RS256",
                       headers={"kid": "k1"})  # fmt: skip
    response = api.get("/api/v1/runs", **bearer(token))
    assert response.status_code == 401 and "Signature verification failed" in response.document["errors"][0]["detail"]


def test_a_rotated_key_is_fetched_when_a_token_names_it(api, issuer):
    assert api.get("/api/v1/runs", **bearer(issuer.token("k1"))).status_code == 200
    issuer.keys["k2"] = new_key("k2")
    assert api.get("/api/v1/runs", **bearer(issuer.token("k2"))).status_code == 200
    assert issuer.fetches == 2
    error = error_of(api.__class__(HTTP_AUTHORIZATION="Bearer not.a.jwt"), "/api/v1/runs", 401)
    assert error["detail"].startswith("The bearer token is not valid:")


def test_tokens_are_off_by_default(api):
    assert get(api, "/api/v1/fills/5576")["data"]["id"] == "5576"
