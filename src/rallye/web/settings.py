"""Django settings, read from the environment (nothing is written at import time).

- ``DATABASE_URL``: the database (default: a SQLite file ``var/rallye.sqlite3`` under
  ``RALLYE_DATA_DIR``, nothing to install); PostgreSQL works the same
  (``postgres://user@host:5432/name``).
- ``RALLYE_SECRET_KEY``: required by ``rallye serve`` when ``RALLYE_DEBUG`` is off.
- ``RALLYE_DEBUG``: ``1`` for development only (Django's debug pages); off everywhere else,
  the demo included.
- ``RALLYE_BASE_URL``: the public address, e.g. ``https://rallye.example.org``. An ``https``
  address declares that Rallye runs behind an HTTPS reverse proxy and sets what follows from
  it (:func:`https_settings`); absolute links (e-mails, QR codes, private links) are built on it.
- ``RALLYE_ALLOWED_HOSTS``: comma-separated host names (default: the host of
  ``RALLYE_BASE_URL``, plus localhost and 127.0.0.1 for the health check on the machine).
- ``RALLYE_TILES_URL``: the map tiles (default: OpenStreetMap's); empty for no background map.
- ``RALLYE_GEOCODER_URL``: the address search service (BAN / Géoplateforme protocol; default:
  the public Géoplateforme service); empty to turn geocoding off (coordinates typed by hand).
- ``RALLYE_PSEUDONYM_KEY``: the secret of the pseudonyms given to evaluators (keyed hashes).
  When unset, a random key is created on first use in ``RALLYE_DATA_DIR/pseudonym.key``.
  Never give it to evaluators: with it, a pseudonym can be matched to a database record.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from rallye.geocoding import geocoder_url
from rallye.web.database import database_settings
from rallye.web.mail import email_settings

LOCAL_HOSTS = ["localhost", "127.0.0.1"]
HSTS_SECONDS = 365 * 24 * 3600


def https_settings(base_url: str) -> dict[str, Any]:
    """What follows from running behind an HTTPS reverse proxy at ``base_url``: trust the proxy's
    ``X-Forwarded-Proto`` (``rallye serve`` only lets the proxy's own headers through), accept
    forms posted from that origin, send cookies over HTTPS only, redirect plain HTTP (except the
    health check, probed on the machine itself) and ask browsers to keep to HTTPS (HSTS).
    Nothing changes for a plain ``http`` address (a test on one's own computer)."""
    parts = urlsplit(base_url)
    if parts.scheme != "https" or not parts.hostname:
        return {}
    origin = f"https://{parts.netloc}"
    return {
        "SECURE_PROXY_SSL_HEADER": ("HTTP_X_FORWARDED_PROTO", "https"),
        "CSRF_TRUSTED_ORIGINS": [origin],
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SECURE_SSL_REDIRECT": True,
        "SECURE_REDIRECT_EXEMPT": [r"^sante/$"],
        "SECURE_HSTS_SECONDS": HSTS_SECONDS,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
    }


def allowed_hosts(configured: str, base_url: str) -> list[str]:
    """``RALLYE_ALLOWED_HOSTS`` when given; otherwise the public host and the machine itself."""
    if configured.strip():
        return [host.strip() for host in configured.split(",") if host.strip()]
    public = urlsplit(base_url).hostname
    return ([public] if public else []) + LOCAL_HOSTS


def image_sources(tiles_url: str) -> list[str]:
    """Where pages may load images from: themselves, inline QR codes (``data:``) and the map
    tiles' host."""
    sources = ["'self'", "data:"]
    parts = urlsplit(tiles_url)
    if parts.scheme in ("http", "https") and parts.netloc:
        sources.append(f"{parts.scheme}://{parts.netloc}")
    return sources


BASE_URL = os.environ.get("RALLYE_BASE_URL", "").strip().rstrip("/")
"""The public address; empty when Rallye is reached directly (the demo, a test)."""
DATA_DIR = Path(os.environ.get("RALLYE_DATA_DIR", "var")).resolve()
DEBUG = os.environ.get("RALLYE_DEBUG", "0") == "1"
DEVELOPMENT_SECRET_KEY = "rallye-development-only-key-not-for-production"
SECRET_KEY = os.environ.get("RALLYE_SECRET_KEY") or DEVELOPMENT_SECRET_KEY
"""``rallye serve`` refuses the development key unless ``RALLYE_DEBUG=1``."""
PSEUDONYM_KEY = os.environ.get("RALLYE_PSEUDONYM_KEY", "")
ALLOWED_HOSTS = allowed_hosts(os.environ.get("RALLYE_ALLOWED_HOSTS", ""), BASE_URL)
globals().update(https_settings(BASE_URL))

DATABASES = {"default": database_settings(os.environ.get("DATABASE_URL"), DATA_DIR)}
globals().update(email_settings(os.environ.get("RALLYE_EMAIL_URL", ""), os.environ.get("RALLYE_EMAIL_FROM", "")))
SMS_KEY = os.environ.get("RALLYE_SMS_KEY", "")
SMS_URL = os.environ.get("RALLYE_SMS_URL", "")
SMS_SENDER = os.environ.get("RALLYE_SMS_SENDER", "")
"""SMS (``rallye.messaging.sms``): without a key, SMS are written to the log, not sent."""
CACHE_DIR = DATA_DIR / "cache"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": str(CACHE_DIR)}}
"""Files in the data folder: shared by the server's processes (``rallye serve --processes``), so
that the private links' rate limits count every request; not in backups."""
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "rallye.organisations",
    "rallye.rallies",
    "rallye.companies",
    "rallye.plans",
    "rallye.evaluation",
    "rallye.links",
    "rallye.history",
    "rallye.messaging",
    "rallye.accounts",
    "rallye.preparation",
    "rallye.challenges",
    "rallye.field",
    "rallye.www",
]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "rallye.www.middleware.ScopeMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "rallye.www.middleware.PrivateNoStoreMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]
ROOT_URLCONF = "rallye.web.urls"
WSGI_APPLICATION = "rallye.web.wsgi.application"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "rallye.www.context_processors.network",
                "rallye.www.tiles.map_tiles",
            ]
        },
    }
]

AUTH_USER_MODEL = "organisations.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
AUTHENTICATION_BACKENDS = [
    "rallye.web.login_throttle.LoginThrottleBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_RESET_TIMEOUT = 2 * 3600
"""A password-reset link works two hours."""
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "fr-fr"
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = os.environ.get("RALLYE_STATIC_ROOT") or None
"""Only for ``rallye manage collectstatic`` in production; otherwise files are served from the apps."""
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SILENCED_SYSTEM_CHECKS = ["security.W021"]
"""HSTS preloading (security.W021) is the domain owner's decision, made by submitting the domain
to the browsers' list; Rallye does not ask for it."""

# Repeated failed logins (django-axes): after 5 failures for the same e-mail from the same
# address, that pair is refused for 15 minutes. Behind the proxy, the client's address is the
# one the proxy reports (``rallye serve`` trusts it only when RALLYE_BASE_URL is https).
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"
AXES_RESET_ON_SUCCESS = True
AXES_DISABLE_ACCESS_LOG = True
"""Failed attempts are kept until they expire; successful logins are not recorded."""
AXES_LOCKOUT_CALLABLE = "rallye.web.login_throttle.locked_out"

RALLYE_TILES_URL = os.environ.get("RALLYE_TILES_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png").strip()
"""The map's background tiles; empty for none (no request leaves for a tile server)."""

# Content-Security-Policy: scripts and styles come from Rallye's own static files only (no
# inline script, event handler or style attribute), images also from the map tiles' host.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": image_sources(RALLYE_TILES_URL),
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# Everything is logged to stderr (the service manager keeps it): a server error with its
# traceback, refused logins, the server's own messages.
LOGGING: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "{asctime} {levelname} {name}: {message}", "style": "{"}},
    "handlers": {"stderr": {"class": "logging.StreamHandler", "stream": "ext://sys.stderr", "formatter": "plain"}},
    "root": {"handlers": ["stderr"], "level": "INFO"},
    "loggers": {
        "django": {"handlers": [], "level": "INFO", "propagate": True},
        "axes": {"level": "WARNING"},
        # The PDF library's progress and font subsetting: details nobody reads.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

RALLYE_GEOCODER_URL = geocoder_url()
"""The address search of forms and imports (``rallye.geocoding``); empty: off."""

RALLYE_PLAN_SECONDS = float(os.environ.get("RALLYE_PLAN_SECONDS", "30"))
"""Time given to a solve launched from the workspace."""
RALLYE_REPLAN_SECONDS = float(os.environ.get("RALLYE_REPLAN_SECONDS", "10"))
"""Time given to a re-planning on the day."""
RALLYE_SOLVER_WORKERS = int(os.environ.get("RALLYE_SOLVER_WORKERS", "2"))
"""The solver's search workers (one per core). With ``1`` a solve is deterministic: its time limit
counts the solver's own work units, so the same rally always gets the same plan (the tests)."""
RALLYE_SOLVER_SEED = int(os.environ.get("RALLYE_SOLVER_SEED", "0"))
