"""A bare Wagtail 8 site (the `wagtail start` defaults) with wagtail-localize, the
task queue and the series app, in three content languages, and nothing of any host:
the plug-in's own tests run here, from the source tree or an installed wheel.

`PLUGIN_DATABASE` names its SQLite file; `DATABASE_URL` (postgres://user:pass@host:
port/name) runs it on PostgreSQL.
"""

import os
import tempfile
from pathlib import Path
from urllib.parse import urlparse

SCRATCH = Path(os.environ.get("PLUGIN_SCRATCH", tempfile.gettempdir()))

SECRET_KEY = "plugin-test-only"  # noqa: S105
DEBUG = False
ALLOWED_HOSTS = ["*"]

INSTALLED_APPS = [
    "series",
    "django_tasks",
    "django_tasks_db",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail.api.v3",
    "wagtail",
    "modelcluster",
    "taggit",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Django's LocaleMiddleware, except that API 404s are not redirected.
    "series.http.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "series.tests.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]


def _database() -> dict:
    url = urlparse(os.environ.get("DATABASE_URL", ""))
    if url.scheme.startswith("postgres"):
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": url.path.lstrip("/"),
            "USER": url.username,
            "PASSWORD": url.password,
            "HOST": url.hostname,
            "PORT": url.port or 5432,
            "TEST": {"NAME": os.environ.get("PLUGIN_TEST_DATABASE", "test_plugin")},
        }
    name = os.environ.get("PLUGIN_DATABASE", str(SCRATCH / "plugin.sqlite3"))
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": name,
        # A file, so that the task worker's connection sees the test's data.
        "TEST": {"NAME": name.removesuffix(".sqlite3") + "-test.sqlite3"},
        "OPTIONS": {"transaction_mode": "IMMEDIATE", "timeout": 20},
    }


DATABASES = {"default": _database()}
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Set before the first migrate: Wagtail's first locale comes from it.
LANGUAGE_CODE = "nb"
LANGUAGES = [("nb", "Norsk bokmål"), ("nn", "Norsk nynorsk"), ("en", "English")]
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAIL_I18N_ENABLED = True
TIME_ZONE = "UTC"  # the series' own time zone (Europe/Oslo) must win
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
MEDIA_ROOT = SCRATCH / "media"
MEDIA_URL = "/media/"

WAGTAIL_SITE_NAME = "Plug-in test site"
WAGTAILADMIN_BASE_URL = "http://localhost"
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
EMAIL_BACKEND = "anymail.backends.test.EmailBackend"
SERIES_EMAIL_RETRY_BASE_SECONDS = 0
