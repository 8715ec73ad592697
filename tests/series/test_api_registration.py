import json
from datetime import timedelta

import pytest
from django.utils import timezone
from wagtail.models import Locale

from series.models import Registration, RegistrationQuestion

from ..factories import SoTalkSessionPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def session(series_page):
    session = SoTalkSessionPageFactory(parent=series_page, capacity=1)
    RegistrationQuestion.objects.create(
        page=session,
        key="sector",
        label="Sektor",
        field_type="choice",
        choices="Kommune\nNæringsliv",
        required=True,
    )
    return session


def post(client, page_id, **body):
    payload = {
        "name": "Kari Nordmann",
        "email": "kari@example.no",
        "consent": True,
        "answers": {"sector": "Kommune"},
    }
    payload.update(body)
    return client.post(
        f"/api/v3/series/sessions/{page_id}/registrations/",
        json.dumps(payload),
        content_type="application/json",
    )


def test_created_confirmed_then_waitlisted(client, session):
    first = post(client, session.pk)
    assert first.status_code == 201
    assert first.json()["status"] == "confirmed"
    assert first.json()["session"] == session.pk
    second = post(client, session.pk, email="ola@example.no", answers={"sector": 1})
    assert (second.status_code, second.json()["status"]) == (201, "waitlisted")
    assert Registration.objects.get(email="ola@example.no").answers == {
        "sector": "Næringsliv"
    }
    assert "meet.example.org" not in first.content.decode()


def test_any_translation_id_registers_on_the_source(client, upcoming_session):
    english = upcoming_session.get_translation(Locale.objects.get(language_code="en"))
    response = post(client, english.pk, answers={})
    assert response.status_code == 201
    assert response.json() == {
        "status": "confirmed",
        "session": upcoming_session.pk,
        "language": "en",
        "message": "You're registered. A confirmation is on its way to your e-mail.",
    }


def test_validation_errors_per_field_in_the_language(client, session):
    response = post(client, session.pk, email="nope", consent=False, answers={})
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["type"] == "validation-error"
    locations = {tuple(error["loc"]): error["msg"] for error in problem["errors"]}
    assert (
        locations[("body", "email")]
        == "Skriv inn en e-postadresse som navn@example.no."
    )
    assert ("body", "consent") in locations
    assert ("body", "answers", "sector") in locations
    assert not Registration.objects.exists()


def test_wrong_types_are_a_422_not_a_500(client, session):
    response = client.post(
        f"/api/v3/series/sessions/{session.pk}/registrations/",
        json.dumps({"name": ["x"], "email": 5, "consent": "maybe"}),
        content_type="application/json",
    )
    assert response.status_code == 422


@pytest.mark.parametrize(
    ("setup", "status", "problem_type"),
    [
        ("duplicate", 409, "already-registered"),
        ("full", 409, "session-full"),
        ("not_open", 409, "registration-not-open"),
        ("closed", 410, "registration-closed"),
    ],
)
def test_refusals_have_stable_types(client, session, setup, status, problem_type):
    if setup == "duplicate":
        post(client, session.pk)
    elif setup == "full":
        session.waitlist_enabled = False
        session.save()
        post(client, session.pk, email="other@example.no")
    elif setup == "not_open":
        session.registration_opens_at = timezone.now() + timedelta(days=1)
        session.save()
    elif setup == "closed":
        session.registration_closes_at = timezone.now() - timedelta(minutes=1)
        session.save()
    response = post(client, session.pk, email="KARI@example.no")
    assert response.status_code == status
    assert response.json()["type"] == problem_type
    if setup == "not_open":
        assert response.json()["opens_at"].startswith(
            session.registration_opens_at.date().isoformat()
        )


def test_unknown_or_unpublished_session_is_404(client, session):
    assert post(client, 999999).status_code == 404
    session.unpublish()
    response = post(client, session.pk)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"


def test_rate_limited(client, session, settings):
    settings.SERIES_REGISTRATION_RATE_LIMIT = "1/m"
    post(client, session.pk)
    response = post(client, session.pk, email="b@example.no")
    assert response.status_code == 429
    assert response.json()["type"] == "rate-limited"


def test_endpoint_is_in_the_openapi_schema(client):
    schema = client.get("/api/v3/openapi.json").json()
    operation = schema["paths"]["/api/v3/series/sessions/{id}/registrations/"]["post"]
    assert {"201", "404", "409", "410", "422", "429"} <= set(operation["responses"])
