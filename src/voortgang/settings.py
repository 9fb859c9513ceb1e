"""Django settings for Voortgang.

Everything that differs between machines comes from the environment:

- ``DATABASE_URL``: ``sqlite:///path/to/file.sqlite3`` or ``postgres://user@host:port/name``.
  Without it, a SQLite file ``voortgang.sqlite3`` in the current directory (the embedded
  default).
- ``VOORTGANG_SECRET_KEY``: the secret key. Without it, a random key is generated once and kept
  in ``.voortgang-secret`` beside the default database.
- ``VOORTGANG_DEBUG``: ``1`` for Django's debug mode (never in production).
- ``VOORTGANG_ALLOWED_HOSTS``: comma-separated host names (default: localhost names).
- ``VOORTGANG_EMAIL_HOST`` (with ``VOORTGANG_EMAIL_PORT``, ``VOORTGANG_EMAIL_USER``,
  ``VOORTGANG_EMAIL_PASSWORD``, ``VOORTGANG_EMAIL_TLS=1``): send mail (the round's reminders)
  over SMTP; without it, mail is printed to the console. ``VOORTGANG_EMAIL_FROM``: the sender;
  ``VOORTGANG_SITE_URL``: the site's address, for links in mails.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parent

DEFAULT_SQLITE = Path.cwd() / "voortgang.sqlite3"


def _database_config() -> dict[str, object]:
    url = os.environ.get("DATABASE_URL", "").strip()
    if not url:
        url = f"sqlite:///{DEFAULT_SQLITE}"
    config: dict[str, object] = dict(dj_database_url.parse(url, conn_max_age=60))
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config["CONN_MAX_AGE"] = 0
        # WAL lets readers (the site) work while a writer (an ingest) holds the lock.
        config["OPTIONS"] = {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
        config["TEST"] = {"NAME": None}
    return config


def _secret_key() -> str:
    key = os.environ.get("VOORTGANG_SECRET_KEY", "").strip()
    if key:
        return key
    path = Path.cwd() / ".voortgang-secret"
    try:
        return path.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        key = secrets.token_urlsafe(50)
        try:
            path.write_text(key, encoding="utf-8")
            path.chmod(0o600)
        except OSError:
            pass  # read-only directory: the key lives for this process only
        return key


SECRET_KEY = _secret_key()
DEBUG = os.environ.get("VOORTGANG_DEBUG", "") == "1"
ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get("VOORTGANG_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]").split(",")
    if h.strip()
]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "voortgang.tracker",
    "voortgang.search",
    "voortgang.linking",
    "voortgang.web",
    "voortgang.reports",
    "voortgang.rounds",
    "ninja",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "voortgang.web.middleware.SiteLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "voortgang.urls"
WSGI_APPLICATION = "voortgang.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {"default": _database_config()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Nederlands")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
# Static files are served from the package directories by WhiteNoise, so `collectstatic`
# is optional: a fresh checkout serves its CSS and JS without a build step. Set
# VOORTGANG_STATIC_ROOT to collect them for a front-end server.
STATIC_ROOT = os.environ.get("VOORTGANG_STATIC_ROOT") or None
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 8 * 60 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# The reporting round's pages (voortgang.rounds): login, where to go after it, and back.
LOGIN_URL = "rounds:login"
LOGIN_REDIRECT_URL = "rounds:index"
LOGOUT_REDIRECT_URL = "web:home"
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Mail (the reporting round's reminders): SMTP when VOORTGANG_EMAIL_HOST is set, else console.
EMAIL_HOST = os.environ.get("VOORTGANG_EMAIL_HOST", "").strip()
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_PORT = int(os.environ.get("VOORTGANG_EMAIL_PORT", "") or 25)
EMAIL_HOST_USER = os.environ.get("VOORTGANG_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("VOORTGANG_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("VOORTGANG_EMAIL_TLS", "") == "1"
DEFAULT_FROM_EMAIL = os.environ.get("VOORTGANG_EMAIL_FROM", "voortgang@localhost")
VOORTGANG_SITE_URL = os.environ.get("VOORTGANG_SITE_URL", "")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("VOORTGANG_LOG_LEVEL", "WARNING")},
}
