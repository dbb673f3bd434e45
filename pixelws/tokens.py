"""Optional OIDC bearer tokens (CERN SSO): off unless PIXELWS_OIDC_ISSUER and
PIXELWS_OIDC_AUDIENCE are set; then every API request needs ``Authorization: Bearer <JWT>``
signed by a key of the issuer's JWKS, unexpired, for this audience. Else a 401."""
from functools import cache

import jwt
from django.conf import settings
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.permissions import BasePermission

ALGORITHMS = ["RS256", "RS384", "RS512", "ES256", "ES384", "PS256"]


def tokens_required():
    return bool(settings.OIDC_ISSUER and settings.OIDC_AUDIENCE)


@cache
def jwks_client(url, cooldown):
    """The issuer's keys, fetched once per process and kept; PyJWKClient fetches them again
    when a token names a key id it does not hold (the issuer rotated its keys), at most once
    per ``cooldown`` seconds (random key ids must not make it fetch on every request)."""
    return jwt.PyJWKClient(url, cache_jwk_set=True, lifespan=24 * 3600, timeout=5, cooldown_duration=cooldown)


class BearerToken(BaseAuthentication):
    def authenticate(self, request):
        if not tokens_required():
            return None
        words = get_authorization_header(request).split()
        if not words or words[0].lower() != b"bearer":
            return None  # TokenRequired answers 401
        if len(words) != 2:
            raise exceptions.AuthenticationFailed("The Authorization header must be 'Bearer <token>'.")
        token = words[1].decode("latin-1")
        try:
            key = jwks_client(settings.OIDC_JWKS_URL, settings.OIDC_JWKS_COOLDOWN).get_signing_key_from_jwt(token)
            claims = jwt.decode(token, key, algorithms=ALGORITHMS, audience=settings.OIDC_AUDIENCE,
                                issuer=settings.OIDC_ISSUER, options={"require": ["exp", "iss", "aud"]})  # fmt: skip
        except jwt.PyJWKClientConnectionError:
            raise exceptions.AuthenticationFailed("The token issuer's keys cannot be fetched just now.") from None
        except (jwt.PyJWKClientError, jwt.InvalidTokenError) as error:
            raise exceptions.AuthenticationFailed(f"The bearer token is not valid: {error}.") from None
        return (None, claims)

    def authenticate_header(self, request):
        return 'Bearer realm="pixelws"'  # makes DRF answer 401 with WWW-Authenticate, not 403


class TokenRequired(BasePermission):
    def has_permission(self, request, view):
        return not tokens_required() or request.auth is not None
