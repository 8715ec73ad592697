"""Privacy that holds: registrant data only for staff with the registration permission,
join links only in registrants' e-mails, and nothing personal left after the purge."""

import json
from datetime import timedelta
from io import StringIO
from urllib.parse import urlparse

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from wagtail.models import Locale, ModelLogEntry

from series.models import EmailDelivery, Registration, RegistrationQuestion

from ..factories import SoTalkSessionPageFactory

pytestmark = pytest.mark.django_db

EMAIL = "ingeborg.privatsen.7f3a@example.no"
NAME = "Ingeborg Privatsen"
ORGANISATION = "Privatsen Konsult 7f3a"
ANSWER = "Allergisk mot hasselnøtt 7f3a"
JOIN_URL = "https://meet.example.org/very-secret-room-7f3a"
PERSONAL = (EMAIL, NAME, ORGANISATION, ANSWER)


@pytest.fixture
def session(series_page):
    session = SoTalkSessionPageFactory(
        parent=series_page, capacity=5, join_url=JOIN_URL
    )
    RegistrationQuestion.objects.create(page=session, key="diet", label="Allergier")
    return session


@pytest.fixture
def registration(session, register):
    return register(
        session,
        EMAIL,
        name=NAME,
        organisation=ORGANISATION,
        answers={"diet": ANSWER},
    )


def admin_requests(session, registration) -> list[tuple[str, str, dict]]:
    pk, session_pk = registration.pk, session.pk
    gets = [
        "/admin/registrations/",
        "/admin/registrations/results/",
        f"/admin/registrations/?q={EMAIL}",
        "/admin/registrations/?export=csv",
        "/admin/registrations/?export=xlsx",
        f"/admin/registrations/?session={session_pk}&export=csv",
        "/admin/registrations/new/",
        f"/admin/registrations/edit/{pk}/",
        f"/admin/registrations/delete/{pk}/",
        f"/admin/registrations/inspect/{pk}/",
        f"/admin/registrations/history/{pk}/",
        f"/admin/registrations/history-results/{pk}/",
        f"/admin/registrations/usage/{pk}/",
        f"/admin/registrations/action/{pk}/cancel/",
        f"/admin/registrations/action/{pk}/waitlist/",
        f"/admin/registrations/check-in/{session_pk}/",
        f"/admin/registrations/message/{session_pk}/",
        "/admin/registrations/person/",
    ]
    posts = [
        ("/admin/registrations/person/", {"email": EMAIL, "action": "show"}),
        ("/admin/registrations/person/", {"email": EMAIL, "action": "export"}),
        ("/admin/registrations/person/", {"email": EMAIL, "action": "erase"}),
        (f"/admin/registrations/action/{pk}/cancel/", {}),
        (f"/admin/registrations/edit/{pk}/", {"name": "x", "email": "x@example.no"}),
        (f"/admin/registrations/delete/{pk}/", {}),
        (f"/admin/registrations/check-in/{session_pk}/", {"checked_in": [pk]}),
        (
            f"/admin/registrations/message/{session_pk}/",
            {
                "audience": "all",
                "subject_nb": "Hei",
                "body_nb": "Hei",
                "subject_en": "Hi",
                "body_en": "Hi",
            },
        ),
        (
            "/admin/registrations/new/",
            {"session": session_pk, "name": "x", "email": "y@example.no"},
        ),
    ]
    return [("GET", url, {}) for url in gets] + [
        ("POST", url, data) for url, data in posts
    ]


def body_of(response) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode("utf-8", "replace")
    return response.content.decode("utf-8", "replace")


def assert_refused(client, session, registration, who: str) -> None:
    for method, url, data in admin_requests(session, registration):
        response = client.get(url) if method == "GET" else client.post(url, data)
        where = f"{who} {method} {url}"
        assert response.status_code in (302, 403), where
        if response.status_code == 302:
            assert "registrations" not in urlparse(response.url).path, where
        body = body_of(response)
        for value in PERSONAL:
            assert value not in body, where
    registration.refresh_from_db()
    assert registration.email == EMAIL and registration.status == "confirmed"
    assert not EmailDelivery.objects.filter(kind="message").exists()
    assert Registration.objects.filter(session=session).count() == 1


@pytest.mark.parametrize("group", ["translator_en", "translator_nb"])
def test_translators_cannot_reach_registrant_data_in_the_admin(
    client, request, session, registration, group
):
    client.force_login(request.getfixturevalue(group))
    assert client.get("/admin/").status_code == 200  # they do use the admin
    assert_refused(client, session, registration, group)


def test_anonymous_visitors_cannot_reach_registrant_data_in_the_admin(
    client, session, registration
):
    assert_refused(client, session, registration, "anonymous")


@pytest.mark.parametrize("group", ["translator_en", "translator_nb"])
def test_translators_see_no_registrant_data_on_their_admin_pages(
    client, request, session, registration, group
):
    client.force_login(request.getfixturevalue(group))
    english = session.get_translation_or_none(Locale.objects.get(language_code="en"))
    urls = [
        "/admin/",
        f"/admin/pages/{session.pk}/edit/",
        f"/admin/pages/{session.get_parent().pk}/",
        f"/admin/pages/{session.pk}/history/",
        "/admin/reports/site-history/",
    ]
    if english:
        urls.append(f"/admin/pages/{english.pk}/edit/")
    for url in urls:
        body = body_of(client.get(url, follow=True))
        for value in PERSONAL:
            assert value not in body, f"{group} {url}"
    # Searching echoes the query; nothing else of the person may come back.
    for url, query in (("/admin/search/", EMAIL), ("/admin/pages/search/", NAME)):
        body = body_of(client.get(url, {"q": query}, follow=True))
        for value in PERSONAL:
            if value != query:
                assert value not in body, f"{group} {url}"


def test_public_pages_show_no_registrant_data_and_no_join_link(
    client, session, registration
):
    urls = [
        session.url,
        session.get_parent().url,
        session.url + "calendar.ics",
        session.get_parent().url + "calendar.ics",
        session.get_parent().url + "feed.xml",
        "/sitemap.xml",
        "/nb/registrations/find/",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        body = body_of(response)
        for value in (*PERSONAL, JOIN_URL):
            assert value not in body, url


def test_the_registrants_own_page_shows_their_name_but_never_the_join_link(
    client, registration
):
    body = client.get(f"/nb/registrations/{registration.token}/").content.decode()
    assert NAME in body
    assert JOIN_URL not in body and EMAIL not in body


def test_the_api_never_returns_join_links_or_registrant_data(
    client, session, registration
):
    english = session.get_translation_or_none(Locale.objects.get(language_code="en"))
    ids = [session.pk] + ([english.pk] if english else [])
    urls = [
        "/api/v3/series/?locale=nb",
        "/api/v3/series/sessions/?locale=nb",
        "/api/v3/series/sessions/?locale=en",
        "/api/v3/series/speakers/?locale=nb",
        "/api/v3/openapi.json",
        "/api/v3/pages/?type=series.SoTalkSessionPage&fields=*",
        "/api/v3/pages/?fields=*&limit=100",
    ]
    for page_id in ids:
        urls += [
            f"/api/v3/series/sessions/{page_id}/",
            f"/api/v3/pages/{page_id}/",
            f"/api/v3/pages/{page_id}/?fields=*",
        ]
    for url in urls:
        response = client.get(url)
        assert response.status_code in (200, 400, 401, 404), url
        body = body_of(response)
        for value in (*PERSONAL, JOIN_URL, "join_url"):
            assert value not in body, url
    created = client.post(
        f"/api/v3/series/sessions/{session.pk}/registrations/",
        json.dumps({"name": "Ola", "email": "ola@example.no", "consent": True}),
        content_type="application/json",
    )
    assert created.status_code == 201
    assert JOIN_URL not in created.content.decode()
    assert set(created.json()) == {"status", "session", "language", "message"}
    # A repeat says only "already registered", never whose data is stored.
    repeat = client.post(
        f"/api/v3/series/sessions/{session.pk}/registrations/",
        json.dumps({"name": "Someone", "email": EMAIL.upper(), "consent": True}),
        content_type="application/json",
    )
    assert repeat.status_code == 409
    for value in PERSONAL:
        assert value not in repeat.content.decode()


# After the purge


def database_text() -> str:
    """Every row of every table, as text (a raw scan that misses no column)."""
    chunks = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            for row in cursor.fetchall():
                chunks.append(
                    " ".join(
                        value.decode("utf-8", "replace")
                        if isinstance(value, (bytes, memoryview))
                        else str(value)
                        for value in (
                            bytes(v) if isinstance(v, memoryview) else v for v in row
                        )
                    )
                )
    return "\n".join(chunks)


def test_after_the_purge_no_personal_data_remains_anywhere(
    session, registration, run_worker, settings, monkeypatch
):
    from django.contrib.auth import get_user_model
    from django.core.mail import EmailMultiAlternatives

    from series.domain.staff import registrations_check_in

    staff = get_user_model().objects.create_superuser(
        "admin", "admin@example.no", "a long admin passphrase"
    )
    client = Client()
    client.force_login(staff)
    # Staff look the person up, edit, check in and write to everyone.
    client.post("/admin/registrations/person/", {"email": EMAIL, "action": "show"})
    client.post(
        f"/admin/registrations/edit/{registration.pk}/",
        {"name": NAME, "email": EMAIL, "organisation": ORGANISATION},
    )
    registrations_check_in(
        session=session, checked_in_ids={registration.pk}, staff_user=staff
    )
    client.post(
        f"/admin/registrations/message/{session.pk}/",
        {
            "audience": "all",
            "subject_nb": "Praktisk info",
            "body_nb": "Velkommen!",
            "subject_en": "Practical",
            "body_en": "Welcome!",
        },
    )
    # One send fails with an ESP error text that quotes the address: the task
    # result keeps the traceback.
    original_send = EmailMultiAlternatives.send
    calls = {"n": 0}

    def flaky_send(message, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 1:
            raise RuntimeError(f"ESP refused {message.to[0]}: mailbox {NAME} full")
        return original_send(message, *args, **kwargs)

    monkeypatch.setattr(EmailMultiAlternatives, "send", flaky_send)
    run_worker()
    assert any(
        EMAIL in (result.traceback or "") for result in DBTaskResult.objects.all()
    ), "the failure case this test guards against did not happen"
    before = database_text()
    assert EMAIL in before and NAME in before

    session.starts_at = timezone.now() - timedelta(days=40)
    session.ends_at = session.starts_at + timedelta(hours=1)
    session.save_revision().publish()
    call_command("purge_registrations", verbosity=0)

    dump = StringIO()
    call_command("dumpdata", stdout=dump, indent=0)
    raw = database_text()
    for value in PERSONAL:
        for where, text in (("dumpdata", dump.getvalue()), ("raw scan", raw)):
            assert value not in text, f"{value!r} left in the {where}"
            assert value.lower() not in text.lower(), f"{value!r} left ({where})"
    registration.refresh_from_db()
    assert registration.erased_at and registration.status  # the count stays
    assert ModelLogEntry.objects.filter(object_id=str(registration.pk)).exists()
