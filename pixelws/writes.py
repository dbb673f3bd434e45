"""Who may write, and from where. A request that may change something (any method but GET, HEAD,
OPTIONS) must come from this server's own pages, its ``Origin`` (when a browser sends one) this
server's, and must carry the page's CSRF token; only a verified bearer token is exempt from the
token (a program, not a browser: it holds nobody's cookies). One middleware for every view, DRF's
included, which Django's own CSRF check skips; a method the view does not take is its 405 first."""
from django.conf import settings
from django.middleware.csrf import CsrfViewMiddleware

from .dialect.errors import error_response

SAFE_METHODS = ("GET", "HEAD", "OPTIONS", "TRACE")


def allowed_methods(view):
    """The methods a view takes, if it says: a class-based view's handlers (DRF's included), or a
    function view's ``allowed_methods`` (pixelws.dialect.errors.methods); else None."""
    cls = getattr(view, "cls", None) or getattr(view, "view_class", None)
    if cls is not None:
        return {m.upper() for m in cls.http_method_names if hasattr(cls, m)}
    return getattr(view, "allowed_methods", None)


def foreign_origin(request):
    """Why a browser's write comes from another site, or None. A client that sends neither Origin
    nor Sec-Fetch-Site is no browser: it has no one's cookies to abuse."""
    origin = request.headers.get("Origin")
    if origin is not None and origin != f"{request.scheme}://{request.get_host()}" and origin not in settings.CSRF_TRUSTED_ORIGINS:
        return f"Writes come from this server's own pages, not from {origin}."
    if request.headers.get("Sec-Fetch-Site") == "cross-site":
        return "Writes come from this server's own pages, not from another site."
    return None


class WriteGuard:
    """Before Django's CsrfViewMiddleware (whose cookie handling it relies on): decides every
    write, then marks the request done so that Django's check does not decide again."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.csrf = CsrfViewMiddleware(get_response)

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view, args, kwargs):
        if request.method in SAFE_METHODS:
            return None
        allowed = allowed_methods(view)
        if allowed is not None and request.method not in allowed:
            request.csrf_processing_done = True  # nothing to guard: the view answers its 405, with Allow
            return None
        refusal = foreign_origin(request)
        if refusal:
            return error_response(request, 403, refusal)
        if getattr(request, "bearer", False):  # set by pixelws.auth.SignInRequired for a verified token
            request.csrf_processing_done = True
            return None
        # Django's token check on any view, the csrf_exempt DRF views included; a refusal is csrf_failure below.
        return self.csrf.process_view(request, lambda request: None, (), {})


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: a JSON:API 403 that says what to do, not Django's HTML page."""
    return error_response(request, 403, f"The page's CSRF token is missing or wrong ({reason}): reload the page and try again.")
