"""With CERN SSO on, every surface answers only to a person signed in (the browser's session) or
to a bearer token: pages and the shell send a browser to sign in, everything else is a JSON:API 401.
Only the health checks, the static code and the sign-in URLs stay open. (The sign-in itself, in
Chromium against a real provider: tests/browser/test_login.py.)"""
import re
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.test import RequestFactory, override_settings

from pixelws.auth import SESSION_KEY, person
from tests.security.oidc import bearer

pytestmark = pytest.mark.django_db

PAGES = ["/", "/pages/masked_bpix?run=324245", "/explore?resource=fills&x=fill_number&y=delivered_lumi",
         "/pages/fills_runs.pdf?fill=7282"]  # fmt: skip
API = ["/api/v1/fills/5576", "/api/v1/", "/api/v1/openapi.json", "/api/v1/plots", "/api/portal/pages/masked_bpix",
       "/api/portal/workspaces/pixel", "/api/workspace/selection?page=fills_runs"]  # fmt: skip
NO_CREDENTIALS = "Authentication credentials were not provided."


def signed_in(client, **identity):
    """The session the SSO callback leaves (pixelws/auth.py sign_in), in the client's cookie."""
    session = client.session
    session[SESSION_KEY] = identity
    session.save()
    client.cookies[settings.SESSION_COOKIE_NAME] = session.session_key


@pytest.mark.parametrize("url", PAGES)
def test_a_page_sends_the_browser_to_sign_in_and_back(api, issuer, url):
    response = api.get(url)
    assert response.status_code == 302
    assert response["Location"] == "/auth/login?" + urlencode({"next": url})


@pytest.mark.parametrize("url", API)
def test_the_api_the_portal_and_openapi_answer_401(api, issuer, url):
    response = api.get(url)
    assert response.status_code == 401 and response["WWW-Authenticate"] == 'Bearer realm="pixelws"'
    assert [e["detail"] for e in response.document["errors"]] == [NO_CREDENTIALS]


def test_a_pdf_posted_without_credentials_is_a_401(api, issuer):
    response = api.post("/pages/shift_report.pdf?shift=2018-10-09/evening", {"notes.13": "hello"})
    assert response.status_code == 401 and response.document["errors"][0]["detail"] == NO_CREDENTIALS


def test_health_checks_and_static_code_stay_open(api, issuer):
    assert api.get("/healthz").status_code == 200
    assert api.get("/static/css/workspace.css").status_code == 200


def test_a_signed_in_person_is_served_everywhere_and_named_in_the_shell(api, issuer):
    signed_in(api, sub="f0a1", name="Jane Doe", preferred_username="jdoe")
    for url in [*API, *PAGES[:3]]:
        assert api.get(url).status_code == 200, url
    shell = api.get("/pages/masked_bpix?run=324245").content.decode()
    assert re.search('<div id="person">Signed in as <strong>Jane Doe</strong> · <form method="post" action="/auth/logout">'
                     '<input type="hidden" name="csrfmiddlewaretoken" value="[^"]+"><button type="submit">Log out</button></form></div>', shell)
    assert api.get("/api/v1/fills/5576")["Cache-Control"] == "private, max-age=300"


def test_a_bearer_token_is_served_on_pages_too(api, issuer):
    token = issuer.token("k1", name="Jane Doe")
    assert api.get("/pages/masked_bpix?run=324245", **bearer(token)).status_code == 200
    assert api.get("/api/v1/openapi.json", **bearer(token)).status_code == 200
    response = api.get("/api/v1/fills/5576", HTTP_AUTHORIZATION="Basic amRvZTpzZWNyZXQ=")
    assert response.status_code == 401
    assert response.document["errors"][0]["detail"] == "The Authorization header must be 'Bearer <token>'."


@pytest.mark.parametrize("identity, name", [
    ({"sub": "f0a1", "name": "Jane Doe", "preferred_username": "jdoe"}, "Jane Doe"),
    ({"sub": "f0a1", "preferred_username": "jdoe"}, "jdoe"),
    ({"sub": "service-account-pixel"}, None),
    (None, None),
])  # fmt: skip
def test_person_names_who_is_signed_in(identity, name):
    request = RequestFactory().get("/")
    if identity is not None:
        request.identity = identity
    assert person(request) == name


def test_with_sso_off_nothing_asks_and_the_sign_in_urls_do_not_exist(api):
    assert api.get("/pages/masked_bpix?run=324245").status_code == 200
    assert 'id="person"' not in api.get("/").content.decode()
    for url in ["/auth/login", "/auth/callback", "/auth/logged-out"]:
        assert api.get(url).status_code == 404, url
    assert api.post("/auth/logout").status_code == 404


def test_sign_in_with_the_provider_unreachable_is_a_503(api, issuer):
    with override_settings(OIDC_ISSUER="http://127.0.0.1:9"):  # the discard port: nothing listens
        response = api.get("/auth/login?next=/pages/power")
    assert response.status_code == 503 and response["Retry-After"] == "30"
    assert "CERN SSO cannot be reached" in response.content.decode()
