"""The app's settings: each `SERIES_<NAME>` has a default, so host sites may omit it."""

from typing import Any

from django.conf import settings

DEFAULTS: dict[str, Any] = {
    "DEFAULT_TIME_ZONE": "Europe/Oslo",
    # Translator group names by language code (setup_roles); others get a default.
    "TRANSLATOR_GROUPS": {},
    # Languages a session can be held in, beside the content languages.
    "DELIVERY_LANGUAGES": ("nb", "nn", "en", "sv", "da"),
    "EMAIL_RETRY_BASE_SECONDS": 30,
    "EMAIL_MAX_ATTEMPTS": 6,
    # send_reminders requeues an outbox row claimed this long ago and never finished
    # (its worker died), and re-enqueues queued rows this old whose task may be lost.
    "EMAIL_STALE_CLAIM_SECONDS": 15 * 60,
    "EMAIL_REQUEUE_GRACE_SECONDS": 5 * 60,
    "RETENTION_DAYS": 30,
    # Registrants' links stop working this many days after their session ended.
    "TOKEN_DAYS_AFTER_SESSION": 7,
    "REGISTRATION_RATE_LIMIT": "20/m",
    # "Lost the link?" e-mails to one mailbox, whoever asks.
    "LOOKUP_RATE_LIMIT": "3/h",
    # "Follow the series" confirmations to one mailbox, whoever asks.
    "FOLLOW_RATE_LIMIT": "3/h",
    # Failed admin sign-ins per client address (series.security); "off" disables it.
    "ADMIN_LOGIN_RATE_LIMIT": "10/5m",
    "TRUSTED_PROXY_COUNT": 0,
    "PAST_SESSIONS_PER_PAGE": 10,
    "REMINDER_HOURS_BEFORE": 24,
    # Personal join links lead to the webinar from this many minutes before the start.
    "JOIN_OPENS_MINUTES": 30,
    # Double opt-in: unconfirmed registrations are deleted after this many hours.
    "PENDING_HOURS": 24,
    # Who organises the sessions (feeds, calendars, schema.org); the brand if empty.
    "ORGANIZER_NAME": "",
    # The name in e-mails; the default Site's name if empty.
    "BRAND_NAME": "",
    # The e-mails' sender; DEFAULT_FROM_EMAIL named by the brand if empty.
    "FROM_EMAIL": "",
    # Anonymous page views are cached this long (0 turns the page cache off).
    "PAGE_CACHE_SECONDS": 10,
    "ORGANIZER_URL": "",
    # Where the host mounts Wagtail's API v3: errors there are problem+json.
    "API_PATH_PREFIX": "/api/",
    # Mount the read API on Wagtail's API v3 from AppConfig.ready().
    "API_REGISTER": True,
    "API_LIMIT_MAX": 50,
    "API_CACHE_SECONDS": 60,
    # A headless front end's draft preview: its URL (or URLs by site hostname), and
    # how long the signed token it gets stays valid.
    "HEADLESS_PREVIEW_URL": "",
    "PREVIEW_TOKEN_SECONDS": 600,
    "FEED_CACHE_SECONDS": 600,
    "FEED_ITEMS": 50,
    "CALENDAR_ALARM_MINUTES": 30,
    # schema.org offers of the (free) sessions
    "PRICE_CURRENCY": "NOK",
    # Absolute links in e-mails; defaults to WAGTAILADMIN_BASE_URL.
    "BASE_URL": "",
    # A subclass of series.domain.forms.RegistrationForm, for the page and the API.
    "REGISTRATION_FORM": "series.domain.forms.RegistrationForm",
}


def get(name: str) -> Any:
    return getattr(settings, f"SERIES_{name}", DEFAULTS[name])
