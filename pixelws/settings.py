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
SECRET_KEY = env("SECRET_KEY", "pixelws-insecure-dev-key")  # read-only API: no sessions, no forms
ALLOWED_HOSTS = env("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")

DATABASE_ENGINE = env("DB", "sqlite")

INSTALLED_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.staticfiles",
    "rest_framework",
    "pixelws",
    # The demo's source tables and generator: only in the embedded database. On Oracle the
    # views read the production tables, which pixelws never creates.
    *(["apps.demo_source"] if DATABASE_ENGINE == "sqlite" else []),
    "apps.oms",
    "apps.workspace",
    "apps.pixel",
    "apps.dcs",
    "apps.daq",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # After WhiteNoise, which answers static files itself; compresses API answers for clients that
    # accept gzip (browsers, python requests): a ROC map's figure 650 → 46 kB, 10 000 LS 11.5 → 0.7 MB.
    "django.middleware.gzip.GZipMiddleware",
    "django.middleware.common.CommonMiddleware",
]

ROOT_URLCONF = "pixelws.urls"
WSGI_APPLICATION = "pixelws.wsgi.application"
APPEND_SLASH = False  # OMS's client refuses redirects: both slash forms are routed directly

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {"context_processors": ["django.template.context_processors.request"]},
    }
]

if DATABASE_ENGINE == "oracle":
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.oracle",
            "NAME": env("ORACLE_DSN"),  # e.g. host:1521/service
            "USER": env("ORACLE_USER"),
            "PASSWORD": env("ORACLE_PASSWORD"),
        }
    }
elif DATABASE_ENGINE == "sqlite":
    SQLITE_PATH = Path(env("SQLITE_PATH", BASE_DIR / "var" / "pixelws.sqlite3"))
    SQLITE_PATH.parent.mkdir(parents=True, exist_ok=True)
    DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": str(SQLITE_PATH)}}
else:
    raise RuntimeError(f"PIXELWS_DB must be 'sqlite' or 'oracle', not {DATABASE_ENGINE!r}")

# Schema that holds the resource views on Oracle (e.g. CMS_PXL_OMS); empty: the user's own.
VIEW_SCHEMA = env("ORACLE_VIEW_SCHEMA", "") if DATABASE_ENGINE == "oracle" else ""

USE_TZ = True
TIME_ZONE = "UTC"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "frontend"]
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
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": [],
    "UNAUTHENTICATED_USER": None,
}

# A page's PDF (apps/workspace/pdf.py) fails with a clear 504 after this many seconds: less
# than gunicorn's worker timeout (30 s), so that the shifter gets the message, not a killed worker.
PDF_TIME_LIMIT = int(env("PDF_TIME_LIMIT", "20"))

# The OMS dialect's paging: documented in docs/api.md.
OMS_PAGE_LIMIT_DEFAULT = 10
OMS_PAGE_LIMIT_MAX = 10000

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "WARNING")},
}
