"""The site-level parts of scaling out, in-process (SQLite and PostgreSQL alike): the
health endpoints, the fail-open Redis cache and the logs without personal data."""

import json
import logging

import pytest

from site_project import health
from site_project.cache import FailOpenRedisCache
from site_project.logging import JsonFormatter, RequestIdFilter, redact

from .conftest import free_port


@pytest.fixture
def closed_port() -> int:
    return free_port()  # nothing listens there


@pytest.fixture
def site_logs(caplog):
    """Records of the site's own loggers (they do not propagate to the root)."""
    loggers = [logging.getLogger(name) for name in ("site_project", "series")]
    for logger in loggers:
        logger.addHandler(caplog.handler)
    caplog.set_level(logging.INFO, logger="site_project.requests")
    yield caplog
    for logger in loggers:
        logger.removeHandler(caplog.handler)


def test_healthz_answers_without_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-store" in response["Cache-Control"]
    assert response["X-Request-ID"]


@pytest.mark.django_db
def test_readyz_is_ready_when_database_migrations_and_cache_are(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json()["checks"] == {
        "database": "ok",
        "migrations": "ok",
        "cache": "ok",
    }
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_readyz_names_migrations_not_yet_applied(client, monkeypatch):
    leaves = health._leaf_migrations()
    monkeypatch.setattr(
        health,
        "_leaf_migrations",
        lambda: (*leaves, (("series", "9999_not_yet_applied"),)),
    )
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["down"] == ["migrations"]


@pytest.mark.django_db
def test_readyz_names_an_unreachable_cache(client, settings, closed_port):
    settings.CACHES = {
        "default": {
            "BACKEND": "site_project.cache.FailOpenRedisCache",
            "LOCATION": f"redis://127.0.0.1:{closed_port}/0",
            "OPTIONS": {"socket_connect_timeout": 0.5},
        }
    }
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["cache"] == "down"
    assert response.json()["down"] == ["cache"]


def test_a_redis_cache_that_is_away_answers_misses_and_counts_in_memory(
    closed_port, site_logs
):
    cache = FailOpenRedisCache(
        f"redis://127.0.0.1:{closed_port}/0",
        {"KEY_PREFIX": f"t{closed_port}", "OPTIONS": {"RETRY_AFTER": 60}},
    )
    assert cache.get("page", "missing") == "missing"
    cache.set("page", "<html>")  # dropped, no error
    assert cache.get("page") is None
    assert cache.add("hits", 1, 60) is True
    assert cache.add("hits", 1, 60) is False
    assert cache.incr("hits") == 2
    with pytest.raises(ValueError):
        cache.incr("never-added")
    assert cache.reachable() is False
    warnings = [r for r in site_logs.records if r.name == "site_project.cache"]
    assert len(warnings) == 1  # once per outage, not once per call
    assert "Cache unreachable" in warnings[0].getMessage()


def test_json_log_lines_blank_addresses_and_registration_links():
    record = logging.LogRecord(
        "series",
        logging.WARNING,
        __file__,
        1,
        "Could not send to %s via /nb/registrations/%s/cancel/",
        ("Kari.Nordmann+x@example.no", "abc:DEF-123_456"),
        None,
    )
    RequestIdFilter().filter(record)
    line = JsonFormatter().format(record)
    data = json.loads(line)
    assert "example.no" not in line and "abc:DEF" not in line
    assert data["message"] == (
        "Could not send to [email] via /nb/registrations/:token/cancel/"
    )
    assert redact("/nb/registrations/sessions/12/") == "/nb/registrations/sessions/12/"


@pytest.mark.django_db
def test_each_request_is_logged_once_with_its_id_and_probes_are_not(client, site_logs):
    response = client.get("/robots.txt", HTTP_X_REQUEST_ID="lb-request-00042")
    client.get("/healthz")
    lines = [r for r in site_logs.records if r.name == "site_project.requests"]
    assert response["X-Request-ID"] == "lb-request-00042"
    assert [(r.request_id, r.path, r.status) for r in lines] == [
        ("lb-request-00042", "/robots.txt", 200)
    ]
    assert lines[0].duration_ms >= 0
