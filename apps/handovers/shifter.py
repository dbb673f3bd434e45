"""Who hands a shift over. With OIDC bearer tokens on (pixelws/tokens.py), the token's person,
never a typed name; without, the name typed in the page's Shifter box. One function, so that a
session login can answer here too."""
from pixelws.tokens import tokens_required


def signed_in_person(request):
    """The signed-in person's name, or None when nobody is signed in (the typed name counts)."""
    if not tokens_required() or not isinstance(request.auth, dict):
        return None
    claims = request.auth
    return claims.get("name") or claims.get("preferred_username") or claims.get("sub")
