"""Settings shared by every environment; values that differ come from the environment."""

import json
import os
from pathlib import Path

import dj_database_url

from site_project.logging import logging_config

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent


def env_list(name: str, default: str = "") -> list[str]:
    return [
        item.strip()
        for item in os.environ.get(name, default).split(",")
        if item.strip()
    ]


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


SECRET_KEY = os.environ.get("SECRET_KEY", "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")

INSTALLED_APPS = [
    # home comes first so that its templates override the series app's (series/base.html).
    "home",
    "series",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.frontend_cache",
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
    "django_filters",
    "django_tasks",
    "django_tasks_db",
    "anymail",
    # The API docs' Swagger UI from django-ninja's own static files, not a CDN.
    "ninja",
    "corsheaders",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sitemaps",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    # Outermost: a request id for every log line, and one line per request.
    "site_project.logging.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Permissions-Policy on every response.
    "series.http.security.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    # Outside everything that renders, so a hit skips it; inside what adds headers.
    "series.http.page_cache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Django's, but API 404s stay 404s (not redirected into a language prefix).
    "series.http.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # The admin in each user's own language, refusals included.
    "home.admin_language.AdminLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Failed admin sign-ins per address; CSP per area (keep it after any page cache,
    # so that a cached page keeps the header that matches its body).
    "series.http.security.AdminLoginRateLimitMiddleware",
    "series.http.security.ContentSecurityPolicyMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Wagtail's site and its home page, kept until the next publish.
    "home.sites.KeptSiteMiddleware",
]

# Content-Security-Policy of public pages (django-csp); the admin's is looser (see
# series/security.py). No inline script: the JSON-LD block is allowed by its hash.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        # oEmbed players and responsive embeds set style attributes (no code runs).
        "style-src-attr": ["'unsafe-inline'"],
        "img-src": ["'self'", "data:", "https:"],
        "media-src": ["'self'", "https:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-src": ["https:"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

ROOT_URLCONF = "site_project.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PROJECT_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "site_project.wsgi.application"

# SQLite is the embedded default; DATABASE_URL switches to PostgreSQL.
# IMMEDIATE transactions serialise writers on SQLite (select_for_update is a no-op there).
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}", conn_max_age=60
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=20000;"
        ),
    }
else:
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Languages: Norwegian Bokmål is the default and the source locale; both are prefixed.
LANGUAGE_CODE = "nb"
LANGUAGES = [("nb", "Norsk (bokmål)"), ("en", "English")]
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
# ASCII slugs, æ/ø/å written ae/o/a (the editor and series pages do it): a slug
# survives translation and reads in every address bar.
WAGTAIL_ALLOW_UNICODE_SLUGS = False
# Translator groups made by setup_roles (English ones get "Translators (English)").
SERIES_TRANSLATOR_GROUPS = {"nb": "Translators (Norwegian)"}
SERIES_BRAND_NAME = "SoTalk"
SERIES_ORGANIZER_NAME = "SoCentral"
WAGTAIL_I18N_ENABLED = True
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Oslo"
USE_I18N = True
USE_TZ = True

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
# Static files live in the apps (home/static, series/static).
STATIC_ROOT = BASE_DIR / "static"
STATIC_URL = "/static/"
MEDIA_ROOT = BASE_DIR / "media"
MEDIA_URL = "/media/"

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
# Form and JSON bodies (not files) up to 2.5 MB; larger uploads stream to a temporary
# file and are capped by type (WAGTAILIMAGES_MAX_UPLOAD_SIZE and the proxy's limit).
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_PERMISSIONS = 0o644

# Rate-limit counters, the page cache and rendition lookups; Redis when scaled out.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "renditions": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "renditions",
        "TIMEOUT": 600,
    },
}
# Redis failing must not take pages or registrations down: the backend answers misses
# (and counts rate limits per process) while it is away, logs it, and retries after
# RETRY_AFTER seconds. Short timeouts keep a lost Redis from stalling requests.
if os.environ.get("REDIS_URL"):
    for alias in CACHES:
        CACHES[alias] = {
            "BACKEND": "site_project.cache.FailOpenRedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": alias,
            "OPTIONS": {
                "socket_connect_timeout": float(
                    os.environ.get("REDIS_CONNECT_TIMEOUT", "0.5")
                ),
                "socket_timeout": float(os.environ.get("REDIS_TIMEOUT", "1.0")),
                "RETRY_AFTER": float(os.environ.get("REDIS_RETRY_AFTER", "1.0")),
            },
        }

# Background work: the database queue, run by `manage.py db_worker`.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# E-mail: the backend is chosen by settings; every ANYMAIL_<NAME> variable sets ANYMAIL[NAME].
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
if os.environ.get("EMAIL_FILE_PATH"):
    EMAIL_FILE_PATH = os.environ["EMAIL_FILE_PATH"]
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "SoTalk <sotalk@localhost>")
ANYMAIL = {
    name.removeprefix("ANYMAIL_"): value
    for name, value in os.environ.items()
    if name.startswith("ANYMAIL_")
}

# A CDN or reverse proxy in front is purged on publish (wagtail.contrib.frontend_cache).
if os.environ.get("FRONTEND_CACHE_PURGE_URL"):
    WAGTAILFRONTENDCACHE = {
        "default": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": os.environ["FRONTEND_CACHE_PURGE_URL"],
        }
    }
if os.environ.get("CLOUDFLARE_API_TOKEN"):
    WAGTAILFRONTENDCACHE = {
        "default": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
            "BEARER_TOKEN": os.environ["CLOUDFLARE_API_TOKEN"],
            "ZONEID": os.environ.get("CLOUDFLARE_ZONE_ID", ""),
        }
    }

CORS_ALLOWED_ORIGINS = env_list("CORS_ALLOWED_ORIGINS")
CORS_URLS_REGEX = r"^/api/.*$"

# Wagtail
WAGTAIL_SITE_NAME = "SoTalk"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
# Full text in each page's language on PostgreSQL; the database backend elsewhere.
WAGTAILSEARCH_BACKENDS = {
    "default": {
        "BACKEND": "series.search_backend",
        "SEARCH_CONFIGS": {"nb": "norwegian", "en": "english"},
    }
}
WAGTAILAPI_RICH_TEXT_FORMAT = "html"
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "txt", "xlsx"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000  # decompression bombs
WAGTAILIMAGES_EXTENSIONS = ["avif", "gif", "jpg", "jpeg", "png", "webp"]
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
WAGTAIL_ENABLE_UPDATE_CHECK = False
# No Gravatar: staff addresses' hashes stay here, and the admin's CSP loads no
# third-party images.
WAGTAIL_GRAVATAR_PROVIDER_URL = None

# Machine translation: DeepL when a key is given, otherwise off.
if os.environ.get("DEEPL_API_KEY"):
    WAGTAILLOCALIZE_MACHINE_TRANSLATOR = {
        "CLASS": "wagtail_localize.machine_translators.deepl.DeepLTranslator",
        "OPTIONS": {"AUTH_KEY": os.environ["DEEPL_API_KEY"], "TIMEOUT": 30},
    }


# The series app: every SERIES_<NAME> it documents (docs/plugin.md) may come from the
# environment; unset, the app's own default applies (series/conf.py).
def env_json(value: str):
    return json.loads(value)


def env_url_or_json(value: str):
    """A URL, or a JSON object of URLs by site hostname."""
    return json.loads(value) if value.lstrip().startswith("{") else value


SERIES_FROM_ENVIRONMENT = {
    "ADMIN_LOGIN_RATE_LIMIT": str,
    "API_CACHE_SECONDS": int,
    "API_LIMIT_MAX": int,
    "API_PATH_PREFIX": str,
    "API_REGISTER": lambda value: value.strip().lower() in {"1", "true", "yes", "on"},
    "BASE_URL": str,
    "BRAND_NAME": str,
    "CALENDAR_ALARM_MINUTES": int,
    "DEFAULT_TIME_ZONE": str,
    "DELIVERY_LANGUAGES": lambda value: tuple(
        code.strip() for code in value.split(",") if code.strip()
    ),
    "EMAIL_MAX_ATTEMPTS": int,
    "EMAIL_REQUEUE_GRACE_SECONDS": int,
    "EMAIL_RETRY_BASE_SECONDS": int,
    "EMAIL_STALE_CLAIM_SECONDS": int,
    "FEED_CACHE_SECONDS": int,
    "FEED_ITEMS": int,
    "FOLLOW_RATE_LIMIT": str,
    "FROM_EMAIL": str,
    "HEADLESS_PREVIEW_URL": env_url_or_json,
    "JOIN_OPENS_MINUTES": int,
    "LOOKUP_RATE_LIMIT": str,
    "ORGANIZER_NAME": str,
    "ORGANIZER_URL": str,
    "PAGE_CACHE_SECONDS": int,
    "PAST_SESSIONS_PER_PAGE": int,
    "PENDING_HOURS": int,
    "PREVIEW_TOKEN_SECONDS": int,
    "PRICE_CURRENCY": str,
    "REGISTRATION_FORM": str,
    "REGISTRATION_RATE_LIMIT": str,
    "REMINDER_HOURS_BEFORE": int,
    "RETENTION_DAYS": int,
    "TOKEN_DAYS_AFTER_SESSION": int,
    "TRANSLATOR_GROUPS": env_json,  # {"nb": "Oversettere"}
    "TRUSTED_PROXY_COUNT": int,
}
for _name, _parse in SERIES_FROM_ENVIRONMENT.items():
    if f"SERIES_{_name}" in os.environ:
        globals()[f"SERIES_{_name}"] = _parse(os.environ[f"SERIES_{_name}"])

# Plain lines in development; production.py switches to one JSON object per line.
# Addresses and registration tokens are blanked in every line (site_project/logging.py).
LOGGING = logging_config(
    json_lines=os.environ.get("LOG_FORMAT", "plain") == "json",
    requests=env_bool("LOG_REQUESTS", False),
)

# Sign-in fields a password manager fills (WCAG 2.2, 3.3.8 accessible authentication).
WAGTAILADMIN_USER_LOGIN_FORM = "home.forms.AdminLoginForm"
