"""The API on a bare site: reads and registration in every content language."""

import json

import pytest

pytestmark = pytest.mark.django_db


def post(client, session, body: dict):
    return client.post(
        f"/api/v3/series/sessions/{session.pk}/registrations/",
        json.dumps(body),
        content_type="application/json",
    )


def test_register_through_any_translation(client, make_session, translate):
    session = make_session(capacity=1)
    nynorsk = translate(session, "nn")
    body = {"name": "Kari", "email": "kari@example.no", "consent": True}
    created = post(client, nynorsk, body)
    assert created.status_code == 201
    assert created.json() | {"message": ""} == {
        "status": "confirmed",
        "session": session.pk,
        "language": "nn",
        "message": "",
    }
    again = post(client, session, body)
    assert again.status_code == 409
    assert again.json()["type"] == "already-registered"
    waiting = post(client, session, body | {"email": "ola@example.no"})
    assert waiting.json()["status"] == "waitlisted"


def test_detail_states_the_same_as_the_page(client, make_session, register):
    session = make_session(capacity=10)
    for n in range(9):
        register(session, f"p{n}@example.no")
    data = client.get(f"/api/v3/series/sessions/{session.pk}/").json()
    assert data["registration"]["state"] == "few_left"
    assert data["registration"]["seats_left"] == 1
    page = client.get(f"/nb/serie/{session.slug}/").content.decode()
    assert "1 ledig plass" in page


def test_refusals_are_problem_json_with_field_errors(client, make_session):
    session = make_session()
    response = post(client, session, {"name": "", "email": "nope", "consent": True})
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    fields = {error["loc"][-1] for error in response.json()["errors"]}
    assert fields == {"name", "email"}
