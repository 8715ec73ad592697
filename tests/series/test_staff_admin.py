import csv
import io
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from wagtail.models import ModelLogEntry

from series.models import EmailDelivery, EmailKind, Registration, RegistrationQuestion

from ..factories import SoTalkSessionPageFactory

pytestmark = pytest.mark.django_db


def user_in(group_name: str, username: str):
    call_command("setup_roles", verbosity=0)
    user = get_user_model().objects.create_user(
        username, f"{username}@example.no", "pw"
    )
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def communications(client):
    client.force_login(user_in("Communications", "comms"))
    return client


@pytest.fixture
def session(series_page):
    session = SoTalkSessionPageFactory(parent=series_page, capacity=2)
    RegistrationQuestion.objects.create(page=session, key="diet", label="Allergier")
    return session


ADMIN_URLS = [
    "/admin/registrations/",
    "/admin/registrations/new/",
    "/admin/registrations/person/",
    "/admin/registrations/?export=csv",
]


@pytest.mark.parametrize("url", ADMIN_URLS)
def test_communications_sees_registrations(communications, url):
    assert communications.get(url).status_code == 200


@pytest.mark.parametrize("url", ADMIN_URLS)
def test_translators_are_refused(client, url):
    client.force_login(user_in("Translators (English)", "translator"))
    response = client.get(url)
    assert response.status_code in (302, 403)
    assert b"kari@example.no" not in response.content
    if response.status_code == 302:
        assert "/admin/" in response.url and "registrations" not in response.url


@pytest.mark.parametrize("url", ADMIN_URLS)
def test_anonymous_users_go_to_login(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith("/admin/login/")


def test_export_has_the_filtered_rows_answer_columns_bom_and_no_formulas(
    communications, session, register, upcoming_session
):
    register(
        session,
        "kari@example.no",
        name='=HYPERLINK("http://evil")',
        answers={"diet": "@SUM(1)"},
    )
    register(upcoming_session, "other@example.no")
    response = communications.get(
        f"/admin/registrations/?session={session.pk}&export=csv"
    )
    content = b"".join(response.streaming_content).decode("utf-8")
    assert content.startswith("\ufeff")
    # The Norwegian admin exports with semicolons, as Norwegian Excel reads them.
    rows = list(csv.reader(io.StringIO(content.lstrip("\ufeff")), delimiter=";"))
    assert "Allergier" in rows[0]
    assert len(rows) == 2  # the header and the filtered session's one registration
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["Navn"].startswith("'=")
    assert row["Allergier"] == "'@SUM(1)"
    xlsx = communications.get(f"/admin/registrations/?session={session.pk}&export=xlsx")
    assert xlsx.status_code == 200


@pytest.mark.usefixtures("immediate_promotion")
def test_cancel_from_the_admin_promotes_and_tells_each_once(
    communications, session, register, run_worker
):
    seat = register(session, "a@example.no")
    register(session, "b@example.no")
    waiting = register(session, "c@example.no")
    run_worker()
    mail.outbox.clear()
    url = f"/admin/registrations/action/{seat.pk}/cancel/"
    assert communications.get(url).status_code == 200
    assert communications.post(url).status_code == 302
    run_worker()
    waiting.refresh_from_db()
    assert waiting.status == "confirmed"
    assert sorted(m.to[0] for m in mail.outbox) == ["a@example.no", "c@example.no"]
    assert (
        ModelLogEntry.objects.filter(
            action="series.registration.cancel", object_id=str(seat.pk)
        )
        .exclude(user=None)
        .exists()
    )


@pytest.mark.usefixtures("immediate_promotion")
def test_move_to_waiting_list_puts_the_person_last(communications, session, register):
    first = register(session, "a@example.no")
    register(session, "b@example.no")
    register(session, "c@example.no")
    communications.post(f"/admin/registrations/action/{first.pk}/waitlist/")
    first.refresh_from_db()
    waiting = list(
        Registration.objects.filter(session=session, status="waitlisted").order_by(
            "waitlisted_at", "pk"
        )
    )
    assert first.status == "waitlisted"
    assert waiting == [first]  # c took the freed seat; a waits last in line
    assert Registration.objects.get(email="c@example.no").status == "confirmed"


def test_staff_add_over_capacity_only_with_overbook(communications, session, register):
    register(session, "a@example.no")
    register(session, "b@example.no")
    data = {
        "session": session.pk,
        "name": "Per",
        "email": "per@example.no",
        "organisation": "",
        "language": "nb",
    }
    communications.post("/admin/registrations/new/", data)
    assert Registration.objects.get(email="per@example.no").status == "waitlisted"
    data["email"] = "paal@example.no"
    data["overbook"] = "on"
    communications.post("/admin/registrations/new/", data)
    overbooked = Registration.objects.get(email="paal@example.no")
    assert overbooked.status == "confirmed" and overbooked.overbooked
    assert ModelLogEntry.objects.filter(action="series.registration.overbook").exists()


def test_bulk_check_in(communications, session, register):
    a = register(session, "a@example.no")
    b = register(session, "b@example.no")
    url = f"/admin/registrations/check-in/{session.pk}/"
    assert communications.get(url).status_code == 200
    communications.post(url, {"checked_in": [a.pk, b.pk]})
    assert Registration.objects.filter(checked_in_at__isnull=False).count() == 2
    communications.post(url, {"checked_in": [a.pk]})
    b.refresh_from_db()
    assert b.checked_in_at is None


def test_message_to_100_registrants_in_their_languages(
    communications, series_page, register
):
    session = SoTalkSessionPageFactory(parent=series_page, capacity=None)
    for n in range(100):
        register(session, f"p{n}@example.no", language="en" if n % 4 == 0 else "nb")
    DBTaskResult.objects.all().delete()
    communications.post(
        f"/admin/registrations/message/{session.pk}/",
        {
            "audience": "all",
            "subject_nb": "Husk lader",
            "body_nb": "Ta med lader.",
            "subject_en": "Bring a charger",
            "body_en": "Bring a charger.",
        },
    )
    deliveries = EmailDelivery.objects.filter(kind=EmailKind.MESSAGE)
    assert deliveries.count() == 100
    assert DBTaskResult.objects.count() == 100
    from series.outbox.messages import build_message

    english = deliveries.get(registration__email="p0@example.no")
    norwegian = deliveries.get(registration__email="p1@example.no")
    assert build_message(english).subject == "Bring a charger"
    assert build_message(norwegian).subject == "Husk lader"


def test_dashboard_panel_numbers_and_fixed_queries(
    communications, session, register, django_assert_max_num_queries
):
    register(session, "a@example.no")
    register(session, "b@example.no")
    register(session, "c@example.no")
    Registration.objects.filter(email="a@example.no").update(
        created_at=timezone.now() - timedelta(days=10)
    )
    html = communications.get("/admin/").content.decode()
    assert f'?session={session.pk}">{session.title}</a>' in html
    row = html[html.index(f'?session={session.pk}">') :]
    cells = [c.split("</td>")[0] for c in row.split("<td>")[1:5]]
    assert cells[1:] == ["2 / 2", "1", "2"]
    from django.test import RequestFactory

    from series.admin.dashboard import UpcomingSessionsPanel

    request = RequestFactory().get("/admin/")
    request.user = get_user_model().objects.get(username="comms")
    for _ in range(5):
        SoTalkSessionPageFactory(parent=session.get_parent(), capacity=5)
    with django_assert_max_num_queries(4):
        UpcomingSessionsPanel(request).render_html()


def test_person_data_export_and_erase_leave_no_address_in_the_log(
    communications, session, register
):
    registration = register(session, "kari@example.no")
    found = communications.post(
        "/admin/registrations/person/", {"email": "KARI@example.no", "action": "show"}
    )
    assert session.title in found.content.decode()
    export = communications.post(
        "/admin/registrations/person/", {"email": "kari@example.no", "action": "export"}
    )
    assert export.json()["registrations"][0]["email"] == "kari@example.no"
    communications.post(
        "/admin/registrations/person/", {"email": "kari@example.no", "action": "erase"}
    )
    registration.refresh_from_db()
    assert registration.email is None and registration.erased_at
    assert registration.status == "cancelled"
    for entry in ModelLogEntry.objects.all():
        assert "kari@example.no" not in f"{entry.label} {entry.data}"


def test_purge_erases_old_registrations(session, register, run_worker):
    registration = register(session, "kari@example.no")
    run_worker()
    session.starts_at = timezone.now() - timedelta(days=40)
    session.ends_at = session.starts_at + timedelta(hours=1)
    session.save()
    call_command("purge_registrations", verbosity=0)
    registration.refresh_from_db()
    assert (registration.email, registration.name, registration.answers) == (
        None,
        "",
        {},
    )
    assert Registration.objects.filter(session=session).count() == 1  # the count stays


def test_page_listing_shows_registration_badges(communications, series_page, register):
    open_session = SoTalkSessionPageFactory(
        parent=series_page, capacity=1, title="Åpen"
    )
    full_session = SoTalkSessionPageFactory(
        parent=series_page, capacity=1, title="Full"
    )
    register(full_session, "a@example.no")
    html = communications.get(f"/admin/pages/{series_page.pk}/").content.decode()
    assert html.count('data-series-badge="past"') >= 1  # the 2021 demo session
    # The page's own rule: full, with the waiting list open (the factory's default).
    assert 'data-series-badge="waitlist"' in html
    row = html[html.index(f"/admin/pages/{open_session.pk}/edit/") :]
    assert row.index('data-series-badge="open"') < row.index("</tr>")


def test_speaker_list_shows_photo_and_sessions_in_fixed_queries(
    communications, upcoming_session
):
    url = "/admin/snippets/series/speaker/"
    communications.get(url)  # renditions are made on the first view
    html = communications.get(url).content.decode()
    assert upcoming_session.title in html
    assert 'width="48" height="48"' in html

    def our_column_queries() -> int:
        # wagtail-localize adds per-row queries (translate buttons); ours must not.
        with CaptureQueriesContext(connection) as captured:
            communications.get(url)
        return sum(
            "series_sessionspeaker" in q["sql"] or "wagtailimages_rendition" in q["sql"]
            for q in captured.captured_queries
        )

    few = our_column_queries()
    from ..factories import SpeakerFactory

    for _ in range(10):
        SpeakerFactory()
    assert our_column_queries() == few
