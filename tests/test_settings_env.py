"""Every SERIES_* setting the documentation names can be set from the environment, in
the production and development settings alike."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCUMENTED = sorted(
    set(
        re.findall(
            r"SERIES_[A-Z_]+[A-Z]",
            "".join(
                path.read_text()
                for path in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
            ),
        )
    )
)
# A value unlike each default, as the environment gives it, and as the app reads it.
VALUES = {
    "SERIES_ADMIN_LOGIN_RATE_LIMIT": ("3/m", "3/m"),
    "SERIES_API_CACHE_SECONDS": ("7", 7),
    "SERIES_API_LIMIT_MAX": ("33", 33),
    "SERIES_API_PATH_PREFIX": ("/headless/", "/headless/"),
    "SERIES_API_REGISTER": ("false", False),
    "SERIES_BASE_URL": ("https://talks.example.org", "https://talks.example.org"),
    "SERIES_BRAND_NAME": ("Brand", "Brand"),
    "SERIES_CALENDAR_ALARM_MINUTES": ("45", 45),
    "SERIES_DEFAULT_TIME_ZONE": ("Europe/Stockholm", "Europe/Stockholm"),
    "SERIES_DELIVERY_LANGUAGES": ("en, sv", ["en", "sv"]),
    "SERIES_EMAIL_MAX_ATTEMPTS": ("4", 4),
    "SERIES_EMAIL_REQUEUE_GRACE_SECONDS": ("120", 120),
    "SERIES_EMAIL_RETRY_BASE_SECONDS": ("5", 5),
    "SERIES_EMAIL_STALE_CLAIM_SECONDS": ("60", 60),
    "SERIES_FEED_CACHE_SECONDS": ("30", 30),
    "SERIES_FEED_ITEMS": ("12", 12),
    "SERIES_FOLLOW_RATE_LIMIT": ("5/d", "5/d"),
    "SERIES_FROM_EMAIL": ("Talks <talks@example.org>", "Talks <talks@example.org>"),
    "SERIES_HEADLESS_PREVIEW_URL": (
        '{"talks.example.org": "https://front.example.org/preview"}',
        {"talks.example.org": "https://front.example.org/preview"},
    ),
    "SERIES_JOIN_OPENS_MINUTES": ("15", 15),
    "SERIES_LOOKUP_RATE_LIMIT": ("5/h", "5/h"),
    "SERIES_ORGANIZER_NAME": ("Org", "Org"),
    "SERIES_ORGANIZER_URL": ("https://org.example", "https://org.example"),
    "SERIES_PAGE_CACHE_SECONDS": ("0", 0),
    "SERIES_PAST_SESSIONS_PER_PAGE": ("4", 4),
    "SERIES_PENDING_HOURS": ("12", 12),
    "SERIES_PREVIEW_TOKEN_SECONDS": ("90", 90),
    "SERIES_PRICE_CURRENCY": ("EUR", "EUR"),
    "SERIES_REGISTRATION_FORM": ("my.forms.Form", "my.forms.Form"),
    "SERIES_REGISTRATION_RATE_LIMIT": ("off", "off"),
    "SERIES_REMINDER_HOURS_BEFORE": ("2", 2),
    "SERIES_RETENTION_DAYS": ("9", 9),
    "SERIES_TOKEN_DAYS_AFTER_SESSION": ("3", 3),
    "SERIES_TRANSLATOR_GROUPS": ('{"nb": "Oversettere"}', {"nb": "Oversettere"}),
    "SERIES_TRUSTED_PROXY_COUNT": ("2", 2),
}
PROBE = """
import importlib, json, sys
settings = importlib.import_module(sys.argv[1])
names = json.loads(sys.argv[2])
print(json.dumps({name: getattr(settings, name, None) for name in names}))
"""


def read_settings(module: str) -> dict:
    env = {
        key: value for key, value in os.environ.items() if not key.startswith("SERIES_")
    }
    env.update({name: raw for name, (raw, _) in VALUES.items()})
    env.update(SECRET_KEY="settings-test", DATABASE_URL="sqlite:////tmp/unused.db")
    output = subprocess.run(  # noqa: S603
        [sys.executable, "-c", PROBE, module, json.dumps(list(VALUES))],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def production() -> dict:
    return read_settings("site_project.settings.production")


@pytest.fixture(scope="module")
def dev() -> dict:
    return read_settings("site_project.settings.dev")


def test_every_documented_setting_has_a_value_here():
    assert DOCUMENTED
    assert set(DOCUMENTED) <= set(VALUES)


@pytest.mark.parametrize("name", sorted(VALUES))
def test_the_environment_sets_it_in_production(production, name):
    assert production[name] == VALUES[name][1]


@pytest.mark.parametrize("name", ["SERIES_PAGE_CACHE_SECONDS", "SERIES_BASE_URL"])
def test_the_environment_sets_it_in_development(dev, name):
    assert dev[name] == VALUES[name][1]
