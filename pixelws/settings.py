"""pixelws settings, driven by environment variables (see README, "Configuration").

Default: the embedded SQLite demo database under var/. Production: Oracle through
python-oracledb in thin mode (no Instant Client), PIXELWS_DB=oracle.
"""
import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name, default=None):
    return os.environ.get(f"PIXELWS_{name}", default)


def env_flag(name):
    return env(name, "").lower() in ("1", "true", "yes", "on")


DEBUG = env_flag("DEBUG")
ALLOWED_HOSTS = env("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")

DATABASE_ENGINE = env("DB", "sqlite")
VAR_DIR = BASE_DIR / "var"  # the embedded demo's files (git-ignored)


def secret_key():
    """PIXELWS_SECRET_KEY; never a fixed key anyone could read here. The embedded demo makes
    its own once (var/secret_key, readable by its owner only); production must give one."""
    key = env("SECRET_KEY")
    if key:
        return key
    if DATABASE_ENGINE != "sqlite":
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured("PIXELWS_SECRET_KEY is not set (a long random string, kept out of git).")
    path = VAR_DIR / "secret_key"
    if not path.exists():
        import secrets

        VAR_DIR.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as file:
            file.write(secrets.token_urlsafe(50))
    return path.read_text().strip()


SECRET_KEY = secret_key()

INSTALLED_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.staticfiles",
    "corsheaders",
    "rest_framework",
    "pixelws",
    # The demo's source tables and generator: only in the embedded database. On Oracle the
    # views read the production tables, which pixelws never creates.
    *(["apps.demo_source"] if DATABASE_ENGINE == "sqlite" else []),
    "apps.oms",
    "apps.workspace",
    "apps.reports",
    "apps.portal",
    "apps.pixel",
    "apps.dcs",
    "apps.daq",
    "apps.events",
    "apps.handovers",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "pixelws.middleware.RequestLogMiddleware",
    "pixelws.middleware.BodyLimitMiddleware",  # a body over DATA_UPLOAD_MAX_MEMORY_SIZE: 413, unread
    "pixelws.middleware.ContentSecurityPolicyMiddleware",
    "corsheaders.middleware.CorsMiddleware",  # before anything that may answer
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # CERN SSO (pixelws/auth.py), when it is on: everything below answers only to a person signed
    # in (a session) or to a bearer token. The session is read only then.
    "django.contrib.sessions.middleware.SessionMiddleware",
    "pixelws.auth.SignInRequired",
    # After WhiteNoise, which answers static files itself; compresses API answers for clients that
    # accept gzip (browsers, python requests), at zlib's level 1 (a fifth of level 6's CPU time):
    # a ROC map's figure 263 → 25 kB, 10 000 LS 11.8 → 0.86 MB.
    "pixelws.middleware.FastGZipMiddleware",
    # Inside GZip: the ETag is the uncompressed body's (GZip makes it weak); If-None-Match → 304.
    "django.middleware.http.ConditionalGetMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Every write (a handover, a page's PDF with its notes, logging out) comes from this server's
    # pages with their CSRF token, or with a bearer token (pixelws/writes.py); Django's middleware
    # after it keeps the CSRF cookie. A method a view does not take is a JSON:API 405 first.
    "pixelws.writes.WriteGuard",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

CSRF_FAILURE_VIEW = "pixelws.writes.csrf_failure"  # a JSON:API 403, not Django's HTML page

# CORS: the origins listed (the OMS GUI's) may read the API from a browser; no other origin gets
# CORS headers, and no origin may write.
CORS_ALLOWED_ORIGINS = [o for o in env("CORS_ORIGINS", "").split(",") if o]
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_EXPOSE_HEADERS = ["ETag", "Retry-After", "X-Request-Id"]

# Production sits behind CERN's TLS proxy (PIXELWS_HTTPS=1): it says https in X-Forwarded-Proto;
# http is redirected (not the load balancer's health checks), browsers are told HTTPS only (HSTS)
# and cookies go over HTTPS only. `manage.py check --deploy` is clean with these settings.
HTTPS = env_flag("HTTPS")
if HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
    SECURE_HSTS_SECONDS = int(env("HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE = True
# HSTS preloading is for a whole registrable domain (cern.ch): its owners' decision, not one service's.
SILENCED_SYSTEM_CHECKS = ["security.W021"]
X_FRAME_OPTIONS = "DENY"  # no page is meant to be framed (the CSP says frame-ancestors 'none' too)

ROOT_URLCONF = "pixelws.urls"
WSGI_APPLICATION = "pixelws.wsgi.application"
APPEND_SLASH = False  # OMS's client refuses redirects: both slash forms are routed directly

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {"context_processors": ["django.template.context_processors.request", "pixelws.auth.template_context"]},
    }
]

if DATABASE_ENGINE == "oracle":
    import oracledb

    # Thin mode. A connection attempt gives up after the connect timeout (a 503, not a hung
    # worker); queries after PIXELWS_QUERY_TIMEOUT (call_timeout, set in pixelws/database.py).
    # Each worker keeps a pool of sessions (Django 5.2's pooling): a request borrows one and
    # waits at most the connect timeout for it when all are busy.
    connect_timeout = float(env("ORACLE_CONNECT_TIMEOUT", "5"))
    pool_max = int(env("ORACLE_POOL_MAX", "4"))
    pool = {
        "min": int(env("ORACLE_POOL_MIN", "1")),
        "max": pool_max,
        "increment": 1,
        "getmode": oracledb.POOL_GETMODE_TIMEDWAIT,
        "wait_timeout": int(connect_timeout * 1000),  # ms
        "timeout": 300,  # s: idle sessions above min are closed
        "ping_interval": 60,  # s: a session idle longer is checked before it is lent
    }
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.oracle",
            "NAME": env("ORACLE_DSN"),  # e.g. host:1521/service
            "USER": env("ORACLE_USER"),
            "PASSWORD": env("ORACLE_PASSWORD"),
            "OPTIONS": {"tcp_connect_timeout": connect_timeout, "retry_count": 0, **({"pool": pool} if pool_max else {})},
        }
    }
elif DATABASE_ENGINE == "sqlite":
    # The demo database build_demo_db builds: the frozen week, which the tests read too.
    SQLITE_PATH = Path(env("SQLITE_PATH", VAR_DIR / "pixelws.sqlite3"))
    SQLITE_PATH.parent.mkdir(parents=True, exist_ok=True)
    # The live demo (docs/live.md; `make run`, unless LIVE=0): a copy of it, made when the server
    # starts, into which the replay writes a run happening now, LIVE_SPEED times faster than real.
    LIVE = env_flag("LIVE")
    LIVE_SQLITE_PATH = Path(env("LIVE_SQLITE_PATH", VAR_DIR / "live.sqlite3"))
    LIVE_SPEED = float(env("LIVE_SPEED", "1"))
    SERVED_SQLITE_PATH = LIVE_SQLITE_PATH if LIVE else SQLITE_PATH
    # Read-only: the server never writes, and a missing file is an error (503), never a new empty
    # database. build_demo_db writes a new file by itself and renames it into place.
    DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": f"file:{SERVED_SQLITE_PATH}?mode=ro"}}
else:
    raise RuntimeError(f"PIXELWS_DB must be 'sqlite' or 'oracle', not {DATABASE_ENGINE!r}")

# Shift handovers (apps/handovers): the one thing this server writes, in a database of its own,
# never the views' (read-only above). Embedded: its own SQLite file, which neither `make run` nor
# `make demo-db` rebuilds; Oracle: an account of its own (docs/oracle.md).
if DATABASE_ENGINE == "oracle":
    DATABASES["handovers"] = {
        **DATABASES["default"],
        "NAME": env("HANDOVERS_ORACLE_DSN", env("ORACLE_DSN")),
        "USER": env("HANDOVERS_ORACLE_USER"),
        "PASSWORD": env("HANDOVERS_ORACLE_PASSWORD"),
    }
else:
    HANDOVERS_SQLITE_PATH = Path(env("HANDOVERS_SQLITE_PATH", VAR_DIR / "handovers.sqlite3"))
    HANDOVERS_SQLITE_PATH.parent.mkdir(parents=True, exist_ok=True)
    DATABASES["handovers"] = {"ENGINE": "django.db.backends.sqlite3", "NAME": str(HANDOVERS_SQLITE_PATH)}
DATABASE_ROUTERS = ["apps.handovers.routers.HandoversRouter"]

# Schema that holds the resource views on Oracle (e.g. CMS_PXL_OMS); empty: the user's own.
VIEW_SCHEMA = env("ORACLE_VIEW_SCHEMA", "") if DATABASE_ENGINE == "oracle" else ""

USE_TZ = True
TIME_ZONE = "UTC"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

STATIC_URL = "/static/"
# The frontend's code and styles; not frontend/tests/, which no browser needs.
STATICFILES_DIRS = [("js", BASE_DIR / "frontend" / "js"), ("css", BASE_DIR / "frontend" / "css")]
# frontend/ and plotly.js (the cartesian bundle from node_modules/, the full one from the plotly
# package: apps/workspace/staticfiles.py) are served by whitenoise straight from where they are:
# no collectstatic step, no CDN.
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "apps.workspace.staticfiles.PlotlyFinder",
]
WHITENOISE_USE_FINDERS = True


def _static_headers(headers, path, url):  # whitenoise wants a callable; the app is not loaded yet
    from apps.workspace.staticfiles import add_cache_headers

    add_cache_headers(headers, path, url)


WHITENOISE_ADD_HEADERS_FUNCTION = _static_headers

REST_FRAMEWORK = {
    "EXCEPTION_HANDLER": "pixelws.dialect.errors.exception_handler",
    "DEFAULT_RENDERER_CLASSES": ["pixelws.dialect.renderers.JsonApiRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework_json_api.parsers.JSONParser"],
    "DEFAULT_AUTHENTICATION_CLASSES": ["pixelws.auth.Identified"],
    "DEFAULT_PERMISSION_CLASSES": ["pixelws.auth.SignedIn"],
    "UNAUTHENTICATED_USER": None,
    "URL_FORMAT_OVERRIDE": None,  # ?format= is a parameter like any other: unknown, a 400
}

# The largest request body taken (a page's notes, posted for its PDF: 10 000 characters per
# notes portlet); a larger one is a 413 before it is read (pixelws/middleware.py).
DATA_UPLOAD_MAX_MEMORY_SIZE = 2**20

# A page's PDF (apps/reports/pdf.py) fails with a clear 504 after this many seconds: less
# than gunicorn's worker timeout (60 s), so that the shifter gets the message, not a killed worker.
PDF_TIME_LIMIT = int(env("PDF_TIME_LIMIT", "20"))
# PDFs (a page's, a handover's) a worker process makes at once, and how many more may wait for
# their turn (pixelws/pdf_pool.py); beyond, a 503 with Retry-After. Their sum stays below
# the worker's threads (`serve --threads`, 4), so that API and page requests always find one free.
PDF_CONCURRENCY = int(env("PDF_CONCURRENCY", "1"))
PDF_QUEUE = int(env("PDF_QUEUE", "1"))
PDF_RETRY_AFTER = int(env("PDF_RETRY_AFTER", "15"))  # s

# CERN SSO (pixelws/auth.py, sso.py, tokens.py): off unless issuer and audience are set; then
# people sign in through the browser and API clients send bearer tokens. CERN's issuer is
# https://auth.cern.ch/auth/realms/cern (keys at <issuer>/protocol/openid-connect/certs). The
# browser's sign-in is the application's OIDC client (PIXELWS_OIDC_CLIENT_ID, the audience unless
# given; no secret: a public client, PKCE only).
OIDC_ISSUER = env("OIDC_ISSUER", "")
OIDC_AUDIENCE = env("OIDC_AUDIENCE", "")
OIDC_JWKS_URL = env("OIDC_JWKS_URL", f"{OIDC_ISSUER}/protocol/openid-connect/certs")
OIDC_CLIENT_ID = env("OIDC_CLIENT_ID", OIDC_AUDIENCE)
OIDC_CLIENT_SECRET = env("OIDC_CLIENT_SECRET", "")
OIDC_JWKS_LIFESPAN = 24 * 3600  # s: the keys are fetched again when this old (kept while the provider is down)
OIDC_JWKS_COOLDOWN = 30  # s: ... or for an unknown key id, at most this often
OIDC_JWKS_BACKOFF = int(env("OIDC_JWKS_BACKOFF", "30"))  # s without a fetch after a failed one (a 503's Retry-After)
OIDC_JWKS_TIMEOUT = 3  # s a fetch may take
OIDC_LEEWAY = 30  # s of clock difference with the issuer allowed for exp, nbf and iat
# With SSO on, handing a shift over needs this CERN role (the token's `cern_roles`, set in the
# Application Portal) or e-group (its `groups`); reading needs none.
HANDOVER_ROLE = env("HANDOVER_ROLE", "pixel-shifter")
# The browser's session: a signed cookie (the server writes nothing), for a shift and more.
SESSION_ENGINE = "django.contrib.sessions.backends.signed_cookies"
SESSION_COOKIE_NAME = "pixelws_session"
SESSION_COOKIE_AGE = int(env("SESSION_HOURS", "12")) * 3600
SESSION_COOKIE_SAMESITE = "Lax"  # no cross-site POST carries it (the PDF's POST included)

# What the workspace loads: its own scripts and styles (plotly.js sets inline styles), data: and
# blob: images (plotly's PNG export), nothing from elsewhere; no framing by other sites.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
    "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'"
)

# Database faults (pixelws/database.py): no query runs longer than this many seconds (a 504), and
# a client told the database is unreachable (a 503) is asked to retry after this many.
PIXELWS_QUERY_TIMEOUT = float(env("QUERY_TIMEOUT", "30"))
PIXELWS_RETRY_AFTER = int(env("RETRY_AFTER", "10"))
# The probes a page draws together share the rows of one query for this many seconds, per
# process (pixelws/shared_queries.py); 0: every request queries alone.
# At most 10 s (docs/live.md: the rows of an ongoing run are never older than that).
PIXELWS_SHARED_QUERY_SECONDS = min(10.0, float(env("SHARED_QUERY_SECONDS", "10")))
# A page's plots drawn as SVG for its first paint, kept when their data cannot change
# (apps/workspace/first_paint.py).
PIXELWS_FIRST_PAINT_DIR = Path(env("FIRST_PAINT_DIR", VAR_DIR / "first_paint"))

# The OMS dialect's paging: documented in docs/api.md.
OMS_PAGE_LIMIT_DEFAULT = 10
OMS_PAGE_LIMIT_MAX = 10000
# Bounded work per request: longer query strings are a 414, more filters a 400 (and gunicorn
# ends a request after pixelws/gunicorn_conf.py's timeout).
OMS_QUERY_STRING_MAX = 8000
OMS_FILTERS_MAX = 100
OMS_CACHE_SECONDS = int(env("CACHE_SECONDS", "300"))  # how long answers about ended runs may be kept
# Growing data (docs/live.md): an answer that may still change (a collection, which may gain rows)
# is kept at most this many seconds; one about an ongoing run or fill is kept by no cache unasked.
LIVE_CACHE_SECONDS = min(OMS_CACHE_SECONDS, 30, int(env("LIVE_CACHE_SECONDS", "30")))  # never above 30 s
# Live pages ask the live status (GET /api/workspace/live) this often, and say "no new data since …"
# when the newest data are older than LIVE_STALE_SECONDS (about three lumisections of 23.31 s).
LIVE_PERIOD_SECONDS = float(env("LIVE_PERIOD", "30"))
LIVE_STALE_SECONDS = float(env("LIVE_STALE", "90"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "WARNING")},
    "loggers": {"pixelws.requests": {"level": env("REQUEST_LOG_LEVEL", "INFO")}},  # a line per request
}
