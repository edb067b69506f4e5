"""Django settings, read from the environment (nothing is written at import time).

- ``DATABASE_URL``: the database (default: a SQLite file ``var/rallye.sqlite3`` under
  ``RALLYE_DATA_DIR``, nothing to install); PostgreSQL works the same
  (``postgres://user@host:5432/name``).
- ``RALLYE_SECRET_KEY``: required by ``rallye serve`` when ``RALLYE_DEBUG`` is off.
- ``RALLYE_DEBUG``: ``1`` for development (the default for ``rallye demo``).
- ``RALLYE_ALLOWED_HOSTS``: comma-separated host names (default: localhost).
- ``RALLYE_PSEUDONYM_KEY``: the secret of the pseudonyms given to evaluators (keyed hashes).
  When unset, a random key is created on first use in ``RALLYE_DATA_DIR/pseudonym.key``.
  Never give it to evaluators: with it, a pseudonym can be matched to a database record.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url

DATA_DIR = Path(os.environ.get("RALLYE_DATA_DIR", "var")).resolve()
DEBUG = os.environ.get("RALLYE_DEBUG", "0") == "1"
DEVELOPMENT_SECRET_KEY = "rallye-development-only-key-not-for-production"
SECRET_KEY = os.environ.get("RALLYE_SECRET_KEY") or DEVELOPMENT_SECRET_KEY
"""``rallye serve`` refuses the development key unless ``RALLYE_DEBUG=1``."""
PSEUDONYM_KEY = os.environ.get("RALLYE_PSEUDONYM_KEY", "")
ALLOWED_HOSTS = os.environ.get("RALLYE_ALLOWED_HOSTS", "localhost,127.0.0.1").split(",")

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{DATA_DIR / 'rallye.sqlite3'}"), conn_max_age=60
    )
}
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
    "rallye.organisations",
    "rallye.rallies",
    "rallye.plans",
    "rallye.evaluation",
    "rallye.links",
    "rallye.www",
]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
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
            ]
        },
    }
]

AUTH_USER_MODEL = "organisations.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
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

RALLYE_PLAN_SECONDS = float(os.environ.get("RALLYE_PLAN_SECONDS", "30"))
"""Time given to a solve launched from the workspace."""
RALLYE_REPLAN_SECONDS = float(os.environ.get("RALLYE_REPLAN_SECONDS", "10"))
"""Time given to a re-planning on the day."""
RALLYE_SOLVER_WORKERS = int(os.environ.get("RALLYE_SOLVER_WORKERS", "2"))
"""The solver's search workers (one per core). With ``1`` a solve is deterministic: its time limit
counts the solver's own work units, so the same rally always gets the same plan (the tests)."""
RALLYE_SOLVER_SEED = int(os.environ.get("RALLYE_SOLVER_SEED", "0"))
