"""The registrant's API, by token: status, place in line, claim, join, cancel and
confirm, with problem+json refusals; the same facts as the registration page."""

from datetime import timedelta

import pytest

from series.domain.registration import registration_cancel
from series.models import RegistrationStatus

from ..factories import SoTalkSessionPageFactory

pytestmark = pytest.mark.django_db

BASE = "/api/v3/series/registrations"


@pytest.fixture
def session(series_page):
    series_page.waitlist_offer_hours = 24
    series_page.save()
    return SoTalkSessionPageFactory(parent=series_page, capacity=1)


@pytest.fixture
def people(session, register):
    return [register(session, f"{n}@example.no") for n in ("a", "b", "c")]


def test_status_and_queue_position(client, people):
    response = client.get(f"{BASE}/{people[2].token}/")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    body = response.json()
    assert body["status"] == "waitlisted" and body["queue_position"] == 2
    assert body["join_window"]["state"] == "not_open"
    assert body["links"]["page"].endswith(f"/nb/registrations/{people[2].token}/")
    assert body["links"]["join"] is None


def test_claim_through_the_api(client, people, clock):
    registration_cancel(registration=people[0])
    waiting = client.get(f"{BASE}/{people[1].token}/").json()
    assert waiting["status"] == "offered" and waiting["offer_expires_at"]
    assert waiting["links"]["claim"].endswith("/claim/")
    claimed = client.post(f"{BASE}/{people[1].token}/claim/")
    assert claimed.status_code == 200 and claimed.json()["status"] == "confirmed"
    again = client.post(f"{BASE}/{people[1].token}/claim/")
    assert again.status_code == 409
    assert again["Content-Type"] == "application/problem+json"
    assert again.json()["type"] == "not-offered"


def test_expired_offer_is_gone(client, people, clock):
    registration_cancel(registration=people[0])
    clock.move(hours=25)
    response = client.post(f"{BASE}/{people[1].token}/claim/")
    assert response.status_code == 410
    assert response.json()["type"] == "offer-expired"
    assert "neste person" in response.json()["detail"]  # in the registrant's language
    assert client.get(f"{BASE}/{people[2].token}/").json()["status"] == "offered"


def test_join_window(client, session, people, clock):
    token = people[0].token
    early = client.post(f"{BASE}/{token}/join/")
    assert early.status_code == 409
    assert early.json()["type"] == "join-not-open"
    assert early.json()["opens_at"]
    assert "meet.example.org" not in early.content.decode()
    clock.set(session.starts_at - timedelta(minutes=5))
    inside = client.post(f"{BASE}/{token}/join/")
    assert inside.status_code == 200
    assert inside.json()["url"] == session.join_url
    assert client.get(f"{BASE}/{token}/").json()["joined_at"]
    clock.set(session.ends_at)
    assert client.post(f"{BASE}/{token}/join/").json()["type"] == "join-closed"
    assert client.post(f"{BASE}/{people[1].token}/join/").json()["type"] == "no-seat"


def test_cancel_by_token_frees_the_seat(client, people):
    response = client.post(f"{BASE}/{people[0].token}/cancel/")
    assert response.status_code == 200 and response.json()["status"] == "cancelled"
    people[1].refresh_from_db()
    assert people[1].status == RegistrationStatus.OFFERED


def test_unknown_token_is_a_problem_404(client):
    response = client.get(f"{BASE}/not-a-token/")
    assert response.status_code == 404
    assert response.json()["type"] == "not-found"


def test_documented_in_the_schema(client):
    schema = client.get("/api/v3/openapi.json").json()
    paths = schema["paths"]
    assert f"{BASE}/{{token}}/claim/" in paths
    claim = paths[f"{BASE}/{{token}}/claim/"]["post"]["responses"]
    assert {"200", "409", "410"} <= set(claim)
    text = str(schema["components"]["schemas"])
    for problem_type in ("offer-expired", "not-offered", "join-not-open"):
        assert problem_type in text
    assert "queue_position" in text
