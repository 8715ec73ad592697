"""The accommodations question: asked only when the series turns it on, accepted by
the form and the API with clear errors, seen and exported only by staff who handle
registrations, erased with the registration, and named in the consent text."""

import csv
import io

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command

from series.domain.privacy import person_erase, registrations_purge
from series.models import Registration

from ..factories import SoTalkSessionPageFactory

pytestmark = pytest.mark.django_db

LEGEND = {"nb": "Trenger du tilrettelegging?", "en": "Do you need any accommodations?"}
NOTE_NB = "Bare de som håndterer påmeldingene, ser svaret ditt om tilrettelegging."


@pytest.fixture
def not_asking(series_page):
    """The demo series asks; a series does not unless turned on."""
    series_page.ask_access_needs = False
    series_page.save(update_fields=["ask_access_needs"])
    return series_page


@pytest.fixture
def asking(series_page):
    series_page.ask_access_needs = True
    series_page.save(update_fields=["ask_access_needs"])
    return series_page


@pytest.fixture
def session(asking):
    return SoTalkSessionPageFactory(parent=asking, capacity=5)


def staff(client, group: str, username: str):
    call_command("setup_roles", verbosity=0)
    user = get_user_model().objects.create_user(username, f"{username}@x.no", "pw")
    user.groups.add(Group.objects.get(name=group))
    client.force_login(user)
    return client


def form_data(**overrides):
    data = {
        "name": "Kari Nordmann",
        "email": "kari@example.no",
        "consent": "on",
        "website": "",
    }
    data.update(overrides)
    return data


def post(client, session, data):
    return client.post(f"/nb/registrations/sessions/{session.pk}/", data)


def test_the_question_is_off_unless_the_series_turns_it_on(client, not_asking):
    session = SoTalkSessionPageFactory(parent=not_asking, capacity=5)
    html = client.get(session.url).content.decode()
    assert LEGEND["nb"] not in html
    assert NOTE_NB not in html


def test_the_form_asks_with_four_choices_and_free_text(client, session):
    html = client.get(session.url).content.decode()
    assert f"{LEGEND['nb']} <span" in html
    for label in ("Tegnspråktolk", "Direkteteksting", "Trinnfri adkomst", "Annet"):
        assert f">{label}</label>" in html
    assert "Beskriv hva du trenger" in html
    assert NOTE_NB in html  # the consent text says who sees it


def test_answers_are_stored_on_the_registration(client, session):
    response = post(
        client,
        session,
        form_data(
            access_needs=["sign_language", "other"],
            access_needs_other="Plass til rullestol foran",
        ),
    )
    assert response.status_code == 302
    registration = Registration.objects.get(email="kari@example.no")
    assert registration.access_needs == ["sign_language", "other"]
    assert registration.access_needs_other == "Plass til rullestol foran"


def test_the_consent_version_follows_the_text_shown(client, session, series_page):
    post(client, session, form_data())
    with_note = Registration.objects.get(email="kari@example.no").consent_version
    series_page.ask_access_needs = False
    series_page.save(update_fields=["ask_access_needs"])
    post(client, session, form_data(email="ola@example.no"))
    without = Registration.objects.get(email="ola@example.no").consent_version
    assert with_note != without


@pytest.mark.parametrize(
    "data, message",
    [
        (
            {"access_needs": ["other"], "access_needs_other": "  "},
            "Beskriv tilretteleggingen du trenger, eller fjern haken ved «Annet».",
        ),
        ({"access_needs": ["teleport"]}, "Velg blant tilretteleggingene i listen."),
        (
            {"access_needs_other": "x" * 1001},
            "Skriv høyst 1000 tegn (du skrev 1001).",
        ),
    ],
)
def test_bad_answers_get_a_clear_error_at_the_field(client, session, data, message):
    response = post(client, session, form_data(**data))
    assert response.status_code == 422
    assert message in response.content.decode()
    assert not Registration.objects.filter(email="kari@example.no").exists()


def test_text_without_other_ticked_counts_as_other(client, session):
    post(client, session, form_data(access_needs_other="Teleslynge"))
    registration = Registration.objects.get(email="kari@example.no")
    assert registration.access_needs == ["other"]


def api_register(client, session, **fields):
    body = {"name": "Kari", "email": "kari@example.no", "consent": True, **fields}
    return client.post(
        f"/api/v3/series/sessions/{session.pk}/registrations/",
        body,
        content_type="application/json",
    )


def test_the_api_accepts_answers(client, session):
    response = api_register(
        client, session, access_needs=["captions", "step_free"], language="en"
    )
    assert response.status_code == 201
    registration = Registration.objects.get(email="kari@example.no")
    assert registration.access_needs == ["captions", "step_free"]


def test_the_api_says_whether_a_session_asks(client, session, series_page):
    other = SoTalkSessionPageFactory(parent=series_page)
    body = client.get(f"/api/v3/series/sessions/{session.pk}/").json()
    assert body["registration"]["asks_access_needs"] is True
    series_page.ask_access_needs = False
    series_page.save(update_fields=["ask_access_needs"])
    body = client.get(f"/api/v3/series/sessions/{other.pk}/?locale=nb").json()
    assert body["registration"]["asks_access_needs"] is False


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"access_needs": ["teleport"]}, "Choose among the accommodations listed."),
        ({"access_needs": [7]}, "Choose among the accommodations listed."),
        (
            {"access_needs": ["other"]},
            "Describe the accommodation you need, or untick “Other”.",
        ),
        ({"access_needs_other": "x" * 1001}, "Write at most 1000 characters"),
    ],
)
def test_bad_api_answers_are_a_422_at_the_field(client, session, fields, message):
    response = api_register(client, session, language="en", **fields)
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert any(message in error["msg"] for error in errors)
    assert errors[0]["loc"][:2] == ["body", "access_needs"] or errors[0]["loc"] == [
        "body",
        "access_needs_other",
    ]


def test_the_api_refuses_answers_where_the_series_does_not_ask(client, not_asking):
    session = SoTalkSessionPageFactory(parent=not_asking)
    response = api_register(client, session, language="en", access_needs=["captions"])
    assert response.status_code == 422
    error = response.json()["errors"][0]
    assert error["loc"] == ["body", "access_needs"]
    assert error["msg"] == "This session does not ask about accommodations."


@pytest.fixture
def answered(session, register):
    return register(
        session,
        "kari@example.no",
        access_needs=("sign_language", "other"),
        access_needs_other="Teleslynge",
    )


def test_staff_who_handle_registrations_see_the_answers(client, answered):
    comms = staff(client, "Communications", "comms")
    html = comms.get(f"/admin/registrations/inspect/{answered.pk}/").content.decode()
    assert "Tegnspråktolk; Annet" in html
    assert "Teleslynge" in html


def test_translators_do_not_see_them(client, answered):
    translator = staff(client, "Translators (English)", "translator")
    for url in (
        f"/admin/registrations/inspect/{answered.pk}/",
        "/admin/registrations/?export=csv",
    ):
        response = translator.get(url)
        assert response.status_code in (302, 403)
        assert "Teleslynge" not in response.content.decode()


def exported_rows(client, session) -> list[dict]:
    response = client.get(f"/admin/registrations/?session={session.pk}&export=csv")
    content = b"".join(response.streaming_content).decode("utf-8").lstrip("\ufeff")
    rows = list(csv.reader(io.StringIO(content), delimiter=";"))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def test_the_export_has_a_column_per_accommodation(client, answered, session):
    comms = staff(client, "Communications", "comms")
    [row] = exported_rows(comms, session)
    assert row["Tilrettelegging: Tegnspråktolk"] == "Ja"
    assert row["Tilrettelegging: Direkteteksting"] == ""
    assert row["Tilrettelegging: Annet"] == "Ja"
    assert row["Tilrettelegging, med egne ord"] == "Teleslynge"


def test_the_export_has_no_such_columns_where_nobody_was_asked(
    client, not_asking, register
):
    session = SoTalkSessionPageFactory(parent=not_asking, capacity=5)
    register(session, "ola@example.no")
    comms = staff(client, "Communications", "comms")
    [row] = exported_rows(comms, session)
    assert not any(heading.startswith("Tilrettelegging") for heading in row)


def test_erasing_a_person_erases_the_answers(answered, admin_user):
    person_erase(email="kari@example.no", staff_user=admin_user)
    answered.refresh_from_db()
    assert answered.access_needs == []
    assert answered.access_needs_other == ""


def test_the_retention_purge_erases_the_answers(answered, session):
    registrations_purge(before=session.ends_at + (session.ends_at - session.starts_at))
    answered.refresh_from_db()
    assert answered.access_needs == []
    assert answered.access_needs_other == ""
