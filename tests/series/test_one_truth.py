"""Each rule has one definition, and the defects its copies caused stay fixed."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from wagtail.models import Locale
from wagtail_localize.operations import TranslationCreator

from series.domain.privacy import person_erase, registrations_purge
from series.domain.registration import registration_cancel
from series.models import (
    EmailDelivery,
    Registration,
    RegistrationPhase,
    RegistrationStatus,
    SeriesIndexPage,
    SoTalkSessionPage,
    registration_state,
)
from series.outbox.sender import send_email

from ..factories import SoTalkSessionPageFactory, in_days

pytestmark = pytest.mark.django_db


@pytest.fixture
def communications(client):
    call_command("setup_roles", verbosity=0)
    user = get_user_model().objects.create_user("comms", "comms@example.no", "pw")
    user.groups.add(Group.objects.get(name="Communications"))
    client.force_login(user)
    return client


def statuses(session) -> list[str]:
    return list(
        Registration.objects.filter(session=session.source)
        .order_by("pk")
        .values_list("status", flat=True)
    )


# Cancelling when more seats are taken than the session has


def test_cancel_link_works_after_staff_overbooked(
    client, series_page, register, admin_user
):
    session = SoTalkSessionPageFactory(parent=series_page, capacity=1)
    first = register(session, "a@example.no")
    register(session, "b@example.no", staff_user=admin_user, overbook=True)
    waiting = register(session, "c@example.no", staff_user=admin_user)
    response = client.post(f"/nb/registrations/{first.token}/cancel/")
    assert response.status_code == 302
    # Still full (one seat, one overbooked person): nobody moves up.
    assert statuses(session) == ["cancelled", "confirmed", "waitlisted"]
    waiting.refresh_from_db()
    assert waiting.status == RegistrationStatus.WAITLISTED


def test_cancel_and_move_to_waitlist_after_capacity_was_lowered(
    client, communications, series_page, register
):
    session = SoTalkSessionPageFactory(parent=series_page, capacity=3)
    people = [register(session, f"p{n}@example.no") for n in range(3)]
    waiting = register(session, "w@example.no")
    SoTalkSessionPage.objects.filter(pk=session.pk).update(capacity=1)
    assert (
        client.post(f"/nb/registrations/{people[0].token}/cancel/").status_code == 302
    )
    url = f"/admin/registrations/action/{people[1].pk}/waitlist/"
    assert communications.post(url).status_code == 302
    # Two seats are still taken of one: the waiting list stays as it is.
    waiting.refresh_from_db()
    assert waiting.status == RegistrationStatus.WAITLISTED
    assert (
        registration_state(SoTalkSessionPage.objects.get(pk=session.pk)).seats_left == 0
    )


# A larger capacity moves the waiting list up


@pytest.mark.usefixtures("immediate_promotion")
def test_publishing_a_larger_capacity_promotes_the_waiting_list_in_order(
    series_page, register, django_capture_on_commit_callbacks
):
    session = SoTalkSessionPageFactory(parent=series_page, capacity=1)
    register(session, "seat@example.no")
    first = register(session, "first@example.no")
    second = register(session, "second@example.no")
    third = register(session, "third@example.no")
    session.capacity = 3
    with django_capture_on_commit_callbacks(execute=True):
        session.save_revision().publish()
    for registration in (first, second, third):
        registration.refresh_from_db()
    assert [first.status, second.status, third.status] == [
        RegistrationStatus.CONFIRMED,
        RegistrationStatus.CONFIRMED,
        RegistrationStatus.WAITLISTED,
    ]
    # A newcomer now stands behind the third person, not in front.
    newcomer = register(session, "new@example.no")
    assert newcomer.status == RegistrationStatus.WAITLISTED


@pytest.mark.usefixtures("immediate_promotion")
def test_cron_promotes_when_capacity_changed_without_a_publish(series_page, register):
    session = SoTalkSessionPageFactory(parent=series_page, capacity=1)
    register(session, "seat@example.no")
    waiting = register(session, "waiting@example.no")
    SoTalkSessionPage.objects.filter(pk=session.pk).update(capacity=2)
    call_command("send_reminders", stdout=None)
    waiting.refresh_from_db()
    assert waiting.status == RegistrationStatus.CONFIRMED


# One source page, whichever language was written first


@pytest.fixture
def english_first_session(django_capture_on_commit_callbacks):
    """A session written in English and translated into Norwegian."""
    en_series = SeriesIndexPage.objects.get(locale__language_code="en")
    page = SoTalkSessionPageFactory(
        parent=en_series, title="Written in English", capacity=5
    )
    nb = Locale.objects.get(language_code="nb")
    with django_capture_on_commit_callbacks(execute=True):
        TranslationCreator(None, [nb]).create_translations(page)
    return page, page.get_translation(nb)


def test_english_first_session_keeps_one_source(english_first_session, register):
    english, norwegian = english_first_session
    assert norwegian.source.pk == english.pk
    assert english.source.pk == english.pk
    assert list(
        SoTalkSessionPage.objects.filter(translation_key=english.translation_key)
        .sources()
        .values_list("pk", flat=True)
    ) == [english.pk]
    registration = register(norwegian, "kari@example.no")
    assert registration.session_id == english.pk


def test_english_first_session_is_in_every_admin_view(
    communications, english_first_session, register
):
    english, norwegian = english_first_session
    register(norwegian, "kari@example.no")
    listing = communications.get(f"/admin/registrations/?session={english.pk}")
    assert listing.status_code == 200
    assert "kari@example.no" in listing.content.decode()
    add_form = communications.get("/admin/registrations/new/").content.decode()
    assert f'value="{english.pk}"' in add_form
    dashboard = communications.get("/admin/").content.decode()
    assert "Written in English" in dashboard
    # The source's editor (a translation opens wagtail-localize's editor instead).
    editor = communications.get(f"/admin/pages/{english.pk}/edit/").content.decode()
    assert f"?session={english.pk}" in editor


# The explorer badge reads the same rule as the page


def test_explorer_badge_of_a_translation_shows_its_sources_state(
    communications, english_first_session, register
):
    english, norwegian = english_first_session
    SoTalkSessionPage.objects.filter(translation_key=english.translation_key).update(
        capacity=1, waitlist_enabled=False
    )
    register(norwegian, "kari@example.no")
    nb_series = SeriesIndexPage.objects.get(locale__language_code="nb")
    html = communications.get(f"/admin/pages/{nb_series.pk}/").content.decode()
    row = html[html.index(f"/admin/pages/{norwegian.pk}/edit/") :]
    assert row.index('data-series-badge="full"') < row.index("</tr>")
    assert registration_state(norwegian).phase == RegistrationPhase.FULL


# One anonymise step for erase and purge


def test_erase_and_purge_remove_what_can_quote_an_address(
    series_page, register, run_worker
):
    session = SoTalkSessionPageFactory(parent=series_page, capacity=5)
    registration = register(session, "kari@example.no")
    run_worker()
    EmailDelivery.objects.filter(registration=registration).update(
        message_id="esp-42", last_error="AnymailAPIError 550 kari@example.no"
    )
    ours = DBTaskResult.objects.filter(task_path=send_email.module_path)
    assert ours.exists()
    foreign = DBTaskResult.objects.create(
        task_path="host.tasks.something",
        args_kwargs={"args": [registration.deliveries.first().pk], "kwargs": {}},
        backend_name="default",
        run_after=timezone.now(),
        finished_at=timezone.now(),
        status="SUCCESSFUL",
    )
    assert person_erase(email="KARI@example.no", staff_user=None) == 1
    delivery = EmailDelivery.objects.get(registration=registration)
    assert (delivery.message_id, delivery.last_error) == ("", "")
    assert not ours.exists()
    assert DBTaskResult.objects.filter(pk=foreign.pk).exists()
    # The purge runs the same step, and leaves the host's task results alone too.
    registrations_purge(before=timezone.now() + timedelta(days=365))
    assert DBTaskResult.objects.filter(pk=foreign.pk).exists()


# Settings read when they are used


def test_default_time_zone_setting_is_honoured(series_page):
    with override_settings(SERIES_DEFAULT_TIME_ZONE="America/New_York"):
        assert SeriesIndexPage().time_zone == "America/New_York"
        orphan = SoTalkSessionPage(starts_at=in_days(3), ends_at=in_days(3, 10))
        assert str(orphan.tz) == "America/New_York"
    assert SeriesIndexPage().time_zone == "Europe/Oslo"


@pytest.mark.usefixtures("immediate_promotion")
def test_cancelling_frees_a_seat_for_the_first_in_line(series_page, register):
    session = SoTalkSessionPageFactory(parent=series_page, capacity=1)
    seat = register(session, "seat@example.no")
    first = register(session, "first@example.no")
    register(session, "second@example.no")
    registration_cancel(registration=seat)
    first.refresh_from_db()
    assert first.status == RegistrationStatus.CONFIRMED
