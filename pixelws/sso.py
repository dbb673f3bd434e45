"""Signing in through the browser with CERN SSO: OpenID Connect's authorization-code flow (with
PKCE), by Authlib, against PIXELWS_OIDC_ISSUER (its discovery document names the endpoints). The
person is kept in a signed-cookie session (pixelws/auth.py): nothing is written to the database."""
from functools import cache

import requests
from authlib.common.errors import AuthlibBaseError  # OAuthError, an ID token's claims
from authlib.integrations.django_client import OAuth
from django.conf import settings
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import path
from django.utils.http import url_has_allowed_host_and_scheme
from joserfc.errors import JoseError  # an ID token's signature

from .auth import sign_in, sso_on
from .dialect.errors import methods, read_only

NEXT_KEY = "pixelws_next"


@cache
def provider(issuer, client_id, client_secret):
    public = {} if client_secret else {"token_endpoint_auth_method": "none"}  # a public client: PKCE only
    return OAuth().register(
        "cern", client_id=client_id, client_secret=client_secret or None,
        server_metadata_url=f"{issuer.rstrip('/')}/.well-known/openid-configuration",
        client_kwargs={"scope": "openid profile email", "code_challenge_method": "S256", "default_timeout": 5, **public},
    )  # fmt: skip


def sso():
    if not sso_on():
        raise Http404("CERN SSO is off.")
    return provider(settings.OIDC_ISSUER, settings.OIDC_CLIENT_ID, settings.OIDC_CLIENT_SECRET)


def message(request, title, text, status=200, retry_after=None):
    response = render(request, "auth.html", {"title": title, "text": text}, status=status)
    if retry_after:
        response["Retry-After"] = str(retry_after)
    return response


def unreachable(request):
    return message(request, "CERN SSO cannot be reached", "The sign-in service does not answer just now; try again in a minute.",
                   status=503, retry_after=settings.OIDC_JWKS_BACKOFF)  # fmt: skip


@read_only
def login(request):
    """``/auth/login?next=<path>``: off to the provider, which sends the browser back to the callback."""
    client = sso()
    target = request.GET.get("next", "/")
    request.session[NEXT_KEY] = target if url_has_allowed_host_and_scheme(target, allowed_hosts=None) else "/"
    try:
        return client.authorize_redirect(request, request.build_absolute_uri("/auth/callback"))
    except requests.RequestException:
        return unreachable(request)


@read_only
def callback(request):
    client = sso()
    try:
        token = client.authorize_access_token(request)
        claims = token.get("userinfo") or {}
        if not (claims.get("name") or claims.get("preferred_username")):  # some providers name people in userinfo only
            info = client.userinfo(token=token)
            if info.get("sub") == claims.get("sub"):
                claims = {**info, **claims}
    except requests.RequestException:
        return unreachable(request)
    except (AuthlibBaseError, JoseError) as error:
        return message(request, "Sign-in failed", f"CERN SSO did not sign you in ({error}).", status=400)
    target = request.session.pop(NEXT_KEY, "/")
    sign_in(request, claims)
    return HttpResponseRedirect(target)


@methods("POST")  # with the page's CSRF token (pixelws/writes.py): another site cannot log a shifter out
def logout(request):
    """Ends this session, then the provider's (RP-initiated logout), which sends the browser back
    to /auth/logged-out."""
    client = sso()
    request.session.flush()
    done = request.build_absolute_uri("/auth/logged-out")
    try:
        url = client.create_logout_url(post_logout_redirect_uri=done, client_id=settings.OIDC_CLIENT_ID)["url"]
    except (requests.RequestException, RuntimeError):  # unreachable, or no end_session_endpoint
        url = done
    return HttpResponseRedirect(url)


@read_only
def logged_out(request):
    sso()
    return message(request, "Logged out", "You have logged out of the Pixel workspace.")


urlpatterns = [
    path("login", login),
    path("callback", callback),
    path("logout", logout),
    path("logged-out", logged_out),
]
