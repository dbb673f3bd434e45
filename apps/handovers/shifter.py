"""Who hands a shift over. With CERN SSO on (pixelws/auth.py), the signed-in person or the bearer
token's, never a typed name; without, the name typed in the page's Shifter box."""
from pixelws.auth import person, sso_on


def signed_in_person(request):
    """The signed-in person's name, or None with SSO off (then the typed name counts). A token
    that names no one (a service account's) is known by its subject."""
    if not sso_on():
        return None
    return person(request) or (getattr(request, "identity", None) or {}).get("sub")
