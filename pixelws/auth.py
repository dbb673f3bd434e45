"""Who may ask: with CERN SSO on (PIXELWS_OIDC_ISSUER and PIXELWS_OIDC_AUDIENCE set), every
request but the health checks, the sign-in URLs (pixelws/sso.py) and the static code needs a
person signed in through the browser (a session) or an API client's bearer token
(pixelws/tokens.py). ``person(request)`` names who is signed in."""
from django.conf import settings
from django.http import HttpResponseRedirect
from django.utils.http import urlencode
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.permissions import BasePermission

from .dialect.errors import error_response, is_api
from .tokens import InvalidToken, IssuerUnavailable, verify

OPEN_PATHS = ("/healthz", "/readyz", "/auth/")
SESSION_KEY = "pixelws_identity"
NO_CREDENTIALS = "Authentication credentials were not provided."


def sso_on():
    return bool(settings.OIDC_ISSUER and settings.OIDC_AUDIENCE)


def cache_scope():
    """Who may keep an answer: with SSO on only the browser that signed in (answers name people
    and were asked for with credentials), else any cache."""
    return "private" if sso_on() else "public"


def person(request):
    """The name of whoever made this request, as CERN SSO gives it (``name``, else
    ``preferred_username``); None with SSO off, or for a token that names no one (a service
    account's may not). Takes a Django or a DRF request."""
    identity = getattr(request, "identity", None) or {}
    return identity.get("name") or identity.get("preferred_username") or None


def signed_in(request):
    """Who acts (the shell names them; a handover is stored under them): the person's name, else
    the subject of a token that names no one (a service account's); None with SSO off."""
    if not sso_on():
        return None
    return person(request) or (getattr(request, "identity", None) or {}).get("sub")


ROLE_CLAIMS = ("cern_roles", "groups")  # CERN SSO's roles of this application, and the person's e-groups


def roles(identity):
    """The roles and e-groups an identity (a token's claims, a session's) carries."""
    found = set()
    for claim in ROLE_CLAIMS:
        value = (identity or {}).get(claim)
        found.update(v for v in (value if isinstance(value, list) else [value]) if isinstance(v, str))
    return found


def sign_in(request, claims):
    """Called by the SSO callback: the session now stands for this person, and keeps of their roles
    and e-groups only the handover's (a person may be in hundreds; the cookie holds 4 kB)."""
    request.session.cycle_key()  # a new session id: one fixed before sign-in is worth nothing
    identity = {k: claims[k] for k in ("sub", "name", "preferred_username", "email") if claims.get(k)}
    kept = sorted(roles(claims) & {settings.HANDOVER_ROLE})
    request.session[SESSION_KEY] = {**identity, **({"cern_roles": kept} if kept else {})}


def may_hand_over(request):
    """None if this request may store a handover, else why not: with SSO on, the person or
    program needs HANDOVER_ROLE among its roles or e-groups. Reading needs no role."""
    if not sso_on() or settings.HANDOVER_ROLE in roles(getattr(request, "identity", None)):
        return None
    return (f"Handing a shift over needs the CERN role or e-group '{settings.HANDOVER_ROLE}'; "
            f"{signed_in(request)} has neither. Ask the Pixel run coordinator for it.")  # fmt: skip


class SignInRequired:
    """Sets ``request.identity`` (the session's person or the bearer token's claims) or answers:
    a page asked for without credentials is sent to sign in; anything else is a JSON:API 401,
    and a 503 with Retry-After while the issuer's keys cannot be fetched."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not sso_on() or request.path.startswith(OPEN_PATHS):
            return self.get_response(request)
        header = get_authorization_header(request).split()
        if header:
            if header[0].lower() != b"bearer" or len(header) != 2:
                return self.refuse(request, "The Authorization header must be 'Bearer <token>'.")
            try:
                request.identity = verify(header[1].decode("latin-1"))
                request.bearer = True  # a program's: no CSRF token asked of its writes (pixelws/writes.py)
            except InvalidToken as error:
                return self.refuse(request, str(error))
            except IssuerUnavailable as error:
                return error_response(request, 503, str(error), retry_after=error.retry_after)
        else:
            request.identity = request.session.get(SESSION_KEY)
            if not request.identity:
                if request.method in ("GET", "HEAD") and not is_api(request):
                    return HttpResponseRedirect(f"/auth/login?{urlencode({'next': request.get_full_path()})}")
                return self.refuse(request, NO_CREDENTIALS)
        return self.get_response(request)

    def refuse(self, request, detail):
        response = error_response(request, 401, detail)
        response["WWW-Authenticate"] = 'Bearer realm="pixelws"'
        return response


class Identified(BaseAuthentication):
    """DRF's view of SignInRequired's work (so that ``request.auth`` holds the identity)."""

    def authenticate(self, request):
        identity = getattr(request._request, "identity", None)
        return (None, identity) if identity else None

    def authenticate_header(self, request):
        return 'Bearer realm="pixelws"'  # DRF answers 401 with WWW-Authenticate, not 403


class SignedIn(BasePermission):
    def has_permission(self, request, view):
        return not sso_on() or request.auth is not None


def template_context(request):
    """Templates' ``person`` (the shell shows it, with a link to log out; the Shift report hands
    over under it)."""
    return {"person": signed_in(request)}
