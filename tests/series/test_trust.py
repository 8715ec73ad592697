"""The holes an adversarial review found stay closed (docs/security.md lists each)."""

import json
import re
from urllib.parse import quote

import pytest
from django.core import mail
from wagtail.models import PageViewRestriction

from series.domain.errors import AlreadyRegistered, SessionNotFound
from series.models import Registration

from ..factories import SoTalkSessionPageFactory

pytestmark = pytest.mark.django_db

API = "/api/v3/series"


def api_post(client, session, body, **extra):
    return client.post(
        f"{API}/sessions/{session.pk}/registrations/",
        json.dumps(body) if isinstance(body, dict) else body,
        content_type=extra.pop("content_type", "application/json"),
        **extra,
    )


def registration_body(email="kari@example.no") -> dict:
    return {"name": "Kari", "email": email, "consent": True}


# 1. Restricted sessions


def restrict(page, kind="password"):
    PageViewRestriction.objects.create(
        page=page,
        restriction_type=kind,
        password="hemmelig" if kind == "password" else "",
    )


@pytest.fixture(params=["password", "login"])
def restricted_session(request, series_page):
    """A session under a series behind a password, or for signed-in users only."""
    session = SoTalkSessionPageFactory(parent=series_page, title="Bare for inviterte")
    restrict(series_page, request.param)
    return session


def test_restricted_sessions_are_not_listed(client, restricted_session, series_page):
    PageViewRestriction.objects.all().delete()
    listed = ["/nb/", f"{API}/sessions/?locale=nb"]
    for url in listed:  # the same listings show it when nothing restricts it
        assert "Bare for inviterte" in client.get(url).content.decode(), url
    restrict(series_page)
    for url in listed:
        assert "Bare for inviterte" not in client.get(url).content.decode(), url
    assert client.get(f"{API}/sessions/{restricted_session.pk}/").status_code == 404


def test_restricted_sessions_take_no_registrations(
    client, restricted_session, register, run_worker
):
    form = client.post(
        f"/nb/registrations/sessions/{restricted_session.pk}/",
        {"name": "Kari", "email": "kari@example.no", "consent": "on"},
    )
    assert form.status_code == 404
    api = api_post(client, restricted_session, registration_body())
    assert api.status_code == 404
    with pytest.raises(SessionNotFound):
        register(restricted_session, "ola@example.no")
    run_worker()
    assert not Registration.objects.exists()
    assert not mail.outbox


# 3. Cross-site registration through the API


def test_api_takes_json_only(client, session):
    body = json.dumps(registration_body())
    for content_type in ["text/plain", "application/x-www-form-urlencoded"]:
        response = api_post(client, session, body, content_type=content_type)
        assert response.status_code == 415
        assert response.json()["type"] == "unsupported-media-type"
    assert not Registration.objects.exists()


def test_api_refuses_a_foreign_browser_origin(client, session, settings):
    settings.CORS_ALLOWED_ORIGINS = ["https://friend.example"]
    evil = api_post(
        client, session, registration_body(), HTTP_ORIGIN="https://evil.example"
    )
    assert evil.status_code == 403
    assert evil["Content-Type"] == "application/problem+json"
    assert evil.json()["type"] == "forbidden-origin"
    friend = api_post(
        client, session, registration_body(), HTTP_ORIGIN="https://friend.example"
    )
    assert friend.status_code == 201


@pytest.mark.parametrize("consent", ["yes", 1, "true", None])
def test_only_json_true_is_consent(client, session, consent):
    response = api_post(client, session, registration_body() | {"consent": consent})
    assert response.status_code == 422
    assert not Registration.objects.exists()


def test_too_large_a_body_is_a_413_problem(client, session, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    body = registration_body() | {"organisation": "x" * 2000}
    response = api_post(client, session, body)
    assert response.status_code == 413
    assert response.json()["type"] == "payload-too-large"


# 4. One mailbox, one registration


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Dup@X.no", "dup@ｘ.no"),
        ("d2@bølle.no", "d2@xn--blle-gra.no"),
        ("d3@bølle.no", "d3@BØLLE.no"),
        ("Kari@Example.NO", "kari@example.no"),
    ],
)
def test_one_mailbox_however_it_is_typed(session, register, first, second):
    register(session, first)
    with pytest.raises(AlreadyRegistered):
        register(session, second)
    registration = Registration.objects.get()
    assert registration.email == first  # shown as the person typed it


def test_person_export_finds_every_spelling(session, register, admin_client):
    register(session, "d3@bølle.no")
    for typed in ["D3@BØLLE.NO", "d3@xn--blle-gra.no"]:
        response = admin_client.post(
            "/admin/registrations/person/", {"email": typed, "action": "export"}
        )
        [found] = response.json()["registrations"]
        assert found["email"] == "d3@bølle.no"


@pytest.fixture
def session(series_page):
    return SoTalkSessionPageFactory(parent=series_page, capacity=5)


# 5. Registrant text in official e-mails, and one inbox flooded


@pytest.mark.parametrize("field", ["name", "organisation"])
def test_names_and_organisations_are_one_line(client, session, field):
    text = "Ola\n\nVIKTIG: logg inn på https://evil.example"
    form = client.post(
        f"/nb/registrations/sessions/{session.pk}/",
        {"name": "Ola", "email": "ola@example.no", "consent": "on", field: text},
    )
    assert form.status_code == 422
    assert "Skriv det på én linje." in form.content.decode()
    api = api_post(client, session, registration_body() | {field: text})
    assert api.status_code == 422
    assert [error["loc"][-1] for error in api.json()["errors"]] == [field]
    assert not Registration.objects.exists()


def test_lost_link_mails_one_inbox_at_most_three_times_an_hour(
    client, session, register
):
    from series.models import EmailDelivery, EmailKind

    register(session, "kari@example.no")
    answers = set()
    for n in range(6):
        response = client.post(
            "/nb/registrations/find/",
            {"email": "KARI@example.no"},
            REMOTE_ADDR=f"203.0.113.{n}",
        )
        answers.add((response.status_code, response["Location"]))
    assert answers == {(302, "/nb/registrations/find/?sent=1")}
    assert EmailDelivery.objects.filter(kind=EmailKind.RESEND).count() == 3


# 6. Exports for the people who open them


@pytest.fixture
def export_rows(admin_client, session, register):
    """A registration whose name and answers try formulas, exported as CSV."""
    register(session, "kari@example.no", name="Kari;=1+1", organisation="a, =2+2")

    def export(language: str) -> str:
        from wagtail.users.models import UserProfile

        profile = UserProfile.get_for_user(admin_client.user)
        profile.preferred_language = language
        profile.save()
        response = admin_client.get(
            f"/admin/registrations/?session={session.pk}&export=csv"
        )
        return b"".join(response.streaming_content).decode("utf-8-sig")

    return export


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    client.user = admin_user
    return client


def test_norwegian_export_uses_semicolons_and_local_minutes(export_rows, session):
    import csv
    import io

    from django.utils import timezone

    text = export_rows("nb")
    header, row = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert "E-post" in header or "e-post" in [h.lower() for h in header]
    created = row[header.index(next(h for h in header if h.lower() == "opprettet"))]
    local = timezone.localtime(Registration.objects.get().created_at, session.tz)
    assert created == local.strftime("%Y-%m-%d %H:%M")
    assert text.splitlines()[1].startswith('"')  # every field quoted


def test_english_export_uses_commas(export_rows):
    import csv
    import io

    header, _row = list(csv.reader(io.StringIO(export_rows("en")), delimiter=","))
    assert "Email" in header or "E-mail" in header


@pytest.mark.parametrize("language", ["nb", "en"])
@pytest.mark.parametrize("delimiter", [",", ";"])
def test_no_cell_is_a_formula_whatever_the_delimiter(export_rows, language, delimiter):
    import csv
    import io

    cells = [
        cell
        for row in csv.reader(io.StringIO(export_rows(language)), delimiter=delimiter)
        for cell in row
    ]
    assert not [cell for cell in cells if cell.lstrip()[:1] in ("=", "+", "-", "@")]


# 8. and 9. What a new user ran into


def test_links_in_emails_and_calendars_follow_the_served_address(
    session, register, run_worker, settings
):
    settings.WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8123"
    register(session, "kari@example.no")
    run_worker()
    [message] = mail.outbox
    assert "http://127.0.0.1:8123/nb/registrations/" in message.body
    [(_name, calendar, _type)] = message.attachments
    assert "http://127.0.0.1:8123/nb/" in calendar
    assert "http://localhost/" not in calendar


def test_api_docs_need_nothing_from_outside(client):
    response = client.get("/api/v3/docs")
    if response.status_code == 301:
        response = client.get(response["Location"])
    body = response.content.decode()
    assert response.status_code == 200
    assert "swagger-ui-bundle.js" in body
    assert not re.search(r'(src|href)="(https?:)?//', body)  # nothing from outside
    policy = response.get("Content-Security-Policy", "")
    assert "cdn." not in policy


def test_the_form_address_in_the_address_bar_leads_back_to_the_session(client, session):
    response = client.get(f"/nb/registrations/sessions/{session.pk}/")
    assert response.status_code == 302
    assert response["Location"] == session.get_url()


# 2. Translators never publish, convert, delete or unpublish


def test_translator_cannot_convert_a_live_translation_to_an_alias(
    client, translator_en, communications_user, nb_session
):
    from .test_roles import locale, refused

    english = nb_session.get_translation(locale("en"))
    url = f"/admin/localize/page/{english.pk}/convert_to_alias/"
    client.force_login(translator_en)
    assert (
        "localize-convert-to-alias"
        not in client.get(f"/admin/pages/{english.pk}/edit/").content.decode()
    )
    assert refused(client.post(url))
    english.refresh_from_db()
    assert english.alias_of_id is None and english.live
    client.force_login(communications_user)
    assert client.get(url).status_code == 200  # publishers are asked to confirm


def test_translator_cannot_delete_even_their_own_draft(client, translator_en):
    from ..factories import SeriesIndexPageFactory
    from .test_roles import en_home, refused

    draft = SeriesIndexPageFactory(parent=en_home(), title="Utkast", live=False)
    draft.owner = translator_en
    draft.save()
    client.force_login(translator_en)
    editor = client.get(f"/admin/pages/{draft.pk}/edit/").content.decode()
    assert 'name="action-publish"' not in editor
    assert f"/admin/pages/{draft.pk}/delete/" not in editor  # not offered either
    assert refused(client.post(f"/admin/pages/{draft.pk}/delete/"))
    assert type(draft).objects.filter(pk=draft.pk).exists()


def test_norwegian_letters_in_slugs_are_transliterated_and_survive_translation(
    series_page, django_capture_on_commit_callbacks
):
    from wagtail.models import Locale
    from wagtail_localize.operations import TranslationCreator

    page = SoTalkSessionPageFactory(
        parent=series_page, title="Grønne byer på Ås", slug=""
    )
    assert page.slug == "gronne-byer-pa-as"
    english = Locale.objects.get(language_code="en")
    with django_capture_on_commit_callbacks(execute=True):
        TranslationCreator(None, [english]).create_translations(page)
    assert page.get_translation(english).slug == "gronne-byer-pa-as"


# 8. A translator's override of a link is checked like the editor's own fields


@pytest.mark.parametrize(
    ("value", "saved"),
    [
        ("javascript:alert(document.cookie)", False),
        (" JavaScript:alert(1)", False),
        ("data:text/html,<script>alert(1)</script>", False),
        ("https://example.org/en/", True),
        ("/en/sotalk/", True),
    ],
)
def test_link_overrides_in_translations_must_be_web_links(
    client, translator_en, series_page, value, saved, django_capture_on_commit_callbacks
):
    from wagtail.models import Locale
    from wagtail_localize.models import (
        OverridableSegment,
        SegmentOverride,
        Translation,
    )
    from wagtail_localize.operations import TranslationCreator

    page = SoTalkSessionPageFactory(
        parent=series_page,
        body=[
            (
                "call_to_action",
                {
                    "text": "Les mer",
                    "link_label": "Mer",
                    "url": "https://socentral.no/",
                },
            )
        ],
    )
    english = Locale.objects.get(language_code="en")
    with django_capture_on_commit_callbacks(execute=True):
        TranslationCreator(None, [english]).create_translations(page)
    translation = Translation.objects.get(
        source__object_id=page.translation_key, target_locale=english
    )
    segment = OverridableSegment.objects.get(
        source=translation.source, data_json='"https://socentral.no/"'
    )
    client.force_login(translator_en)
    response = client.put(
        f"/admin/localize/translate/{translation.pk}/overrides/{segment.pk}/edit/",
        f"value={quote(value)}",
        content_type="application/x-www-form-urlencoded",
    )
    assert (response.status_code < 300) == saved, response.content
    assert SegmentOverride.objects.filter(context=segment.context).exists() == saved


def test_staff_never_put_an_address_in_a_url(admin_client, session, register):
    register(session, "kari@example.no", name="Kari Nordmann")
    by_address = admin_client.get("/admin/registrations/?q=kari@example.no")
    assert "Kari Nordmann" not in by_address.content.decode()
    by_name = admin_client.get("/admin/registrations/?q=Nordmann")
    assert "Kari Nordmann" in by_name.content.decode()
    person = admin_client.post(
        "/admin/registrations/person/", {"email": "kari@example.no", "action": "show"}
    )
    assert "Kari Nordmann" in person.content.decode()
