from datetime import UTC, timedelta

import icalendar
import pytest
from django.core import mail
from django.utils import timezone

from series.domain import errors
from series.domain.registration import registration_cancel
from series.models import EmailDelivery, EmailKind, Registration, RegistrationStatus

from ..factories import SoTalkSessionPageFactory, in_days

pytestmark = pytest.mark.django_db

CONFIRMED = RegistrationStatus.CONFIRMED
WAITLISTED = RegistrationStatus.WAITLISTED


@pytest.fixture
def session(series_page):
    return SoTalkSessionPageFactory(parent=series_page, capacity=2)


def sent_to(address):
    return [m for m in mail.outbox if m.to == [address]]


def test_seats_then_waiting_list(session, register):
    first = register(session, "a@example.no")
    second = register(session, "b@example.no")
    third = register(session, "c@example.no")
    assert [first.status, second.status, third.status] == [
        CONFIRMED,
        CONFIRMED,
        WAITLISTED,
    ]
    assert third.waitlisted_at is not None


def test_a_seat_taken_meanwhile_sends_the_waiting_list_email_and_no_reminder(
    session, register, django_capture_on_commit_callbacks
):
    """The registration is written as a seat before the lock; the count under it
    moves this one to the waiting list, with its e-mail, log entry and no reminder."""
    from django_tasks_db.models import DBTaskResult
    from wagtail.models import ModelLogEntry

    from series.outbox.reminders import send_reminder

    register(session, "a@example.no")
    register(session, "b@example.no")
    with django_capture_on_commit_callbacks(execute=True):
        third = register(session, "c@example.no")
    assert third.status == WAITLISTED
    third.refresh_from_db()
    assert third.status == WAITLISTED and third.waitlisted_at is not None
    kinds = list(third.deliveries.values_list("kind", flat=True))
    assert kinds == [EmailKind.WAITLISTED]
    entry = ModelLogEntry.objects.get(
        action="series.registration.create", object_id=str(third.pk)
    )
    assert entry.data == {"status": WAITLISTED}
    reminders = DBTaskResult.objects.filter(task_path=send_reminder.module_path)
    assert not reminders.filter(args_kwargs__args=[third.pk]).exists()


def test_a_seat_gets_its_reminder_after_commit(
    session, register, django_capture_on_commit_callbacks
):
    from django_tasks_db.models import DBTaskResult

    from series.outbox.reminders import send_reminder

    with django_capture_on_commit_callbacks(execute=True):
        seat = register(session, "a@example.no")
    reminders = DBTaskResult.objects.filter(task_path=send_reminder.module_path)
    assert reminders.filter(args_kwargs__args=[seat.pk]).count() == 1


def test_full_session_without_waiting_list_refuses(session, register):
    session.waitlist_enabled = False
    session.save()
    register(session, "a@example.no")
    register(session, "b@example.no")
    with pytest.raises(errors.SessionFull):
        register(session, "c@example.no")
    assert Registration.objects.filter(session=session).count() == 2


@pytest.mark.parametrize(
    "again", ["KARI@example.no", "kari@EXAMPLE.NO", " kari@example.no"]
)
def test_one_live_registration_per_address_in_any_letter_case(session, register, again):
    register(session, "kari@example.no")
    with pytest.raises(errors.AlreadyRegistered):
        register(session, again.strip())
    assert Registration.objects.filter(session=session).count() == 1


def test_cancelled_address_may_register_again(session, register):
    registration = register(session, "kari@example.no")
    registration_cancel(registration=registration)
    assert register(session, "Kari@example.no").status == CONFIRMED


def test_registrations_on_a_translation_count_on_the_source(upcoming_session, register):
    from wagtail.models import Locale

    english = upcoming_session.get_translation(Locale.objects.get(language_code="en"))
    registration = register(english, "en@example.org", language="en")
    assert registration.session_id == upcoming_session.pk
    with pytest.raises(errors.AlreadyRegistered):
        register(upcoming_session, "EN@example.org")


def test_window_not_open_yet(session, register):
    session.registration_opens_at = timezone.now() + timedelta(days=1)
    session.save()
    with pytest.raises(errors.RegistrationNotOpen) as error:
        register(session)
    assert error.value.opens_at == session.registration_opens_at
    assert error.value.code == "registration-not-open"


@pytest.mark.parametrize(
    "change",
    [
        {"registration_closes_at": timezone.now() - timedelta(minutes=1)},
        {"event_status": "cancelled"},
        {"event_status": "postponed"},
        {"starts_at": in_days(-1), "ends_at": in_days(-1) + timedelta(hours=1)},
    ],
)
def test_window_closed(session, register, change):
    for name, value in change.items():
        setattr(session, name, value)
    session.save()
    with pytest.raises(errors.RegistrationClosed) as error:
        register(session)
    assert error.value.status == 410


def test_staff_may_overbook_only_explicitly(session, register, admin_user):
    register(session, "a@example.no")
    register(session, "b@example.no")
    waitlisted = register(session, "c@example.no", staff_user=admin_user)
    assert waitlisted.status == WAITLISTED
    overbooked = register(session, "d@example.no", staff_user=admin_user, overbook=True)
    assert overbooked.status == CONFIRMED and overbooked.overbooked
    from wagtail.models import ModelLogEntry

    assert ModelLogEntry.objects.filter(
        action="series.registration.overbook", object_id=str(overbooked.pk)
    ).exists()


@pytest.mark.usefixtures("immediate_promotion")
def test_cancel_promotes_the_first_in_line_and_tells_them(
    session, register, run_worker
):
    seat = register(session, "a@example.no")
    register(session, "b@example.no")
    first = register(session, "c@example.no")
    register(session, "d@example.no")
    registration_cancel(registration=seat)
    first.refresh_from_db()
    assert first.status == CONFIRMED and first.promoted_at
    assert Registration.objects.get(email="d@example.no").status == WAITLISTED
    run_worker()
    promoted_mail = sent_to("c@example.no")[-1]
    assert "venteliste" in promoted_mail.body.lower()
    assert sent_to("a@example.no")[-1].subject.startswith("Avmeldt:")


def test_confirmation_in_norwegian_with_calendar_and_cancel_link(
    session, register, run_worker
):
    register(session, "kari@example.no", language="nb")
    run_worker()
    [message] = sent_to("kari@example.no")
    assert message.subject.startswith("Du er påmeldt")
    # The personal join link, never the session's own (issue 15).
    assert "https://meet.example.org/secret-room-4711" not in message.body
    assert "/nb/registrations/" in message.body and "/join/" in message.body
    assert "/nb/registrations/" in message.body and "/cancel/" in message.body
    [(name, content, mimetype)] = message.attachments
    assert mimetype.startswith("text/calendar; method=REQUEST")
    event = icalendar.Calendar.from_ical(content).walk("VEVENT")[0]
    assert event.decoded("dtstart").astimezone(UTC) == session.starts_at
    html = message.alternatives[0][0]
    assert '<html lang="nb">' in html


def test_confirmation_in_english_for_an_english_registrant(
    session, register, run_worker
):
    register(session, "ola@example.org", language="en")
    run_worker()
    [message] = sent_to("ola@example.org")
    assert message.subject.startswith("You are registered")
    assert "Cancel my registration" in message.alternatives[0][0]


def test_demo_time_is_the_right_utc_instant_in_the_calendar(nb_session):
    from series.read.calendars import sessions_ical

    event = icalendar.Calendar.from_ical(sessions_ical([nb_session], language="nb"))
    start = event.walk("VEVENT")[0].decoded("dtstart")
    assert start.astimezone(UTC).isoformat() == "2021-10-28T07:00:00+00:00"


def test_waitlisted_mail_has_no_join_link_and_no_calendar(
    session, register, run_worker
):
    session.capacity = 0
    session.save()
    register(session, "c@example.no")
    run_worker()
    [message] = sent_to("c@example.no")
    assert "meet.example.org" not in message.body
    assert message.attachments == []


def test_esp_failing_twice_then_recovering_delivers_exactly_once(
    session, register, run_worker, settings
):
    from ..esp import FlakyEmailBackend

    settings.EMAIL_BACKEND = "tests.esp.FlakyEmailBackend"
    FlakyEmailBackend.failures = 2
    FlakyEmailBackend.successful_sends = []
    registration = register(session, "kari@example.no")
    for _ in range(4):
        run_worker()
    delivery = EmailDelivery.objects.get(
        registration=registration, kind=EmailKind.CONFIRMATION
    )
    assert delivery.status == EmailDelivery.Status.SENT
    assert delivery.attempts == 3
    assert delivery.last_error == "AnymailAPIError 503"
    assert [m.to for m in FlakyEmailBackend.successful_sends] == [["kari@example.no"]]


def test_delivery_gives_up_after_the_last_try(session, register, run_worker, settings):
    from ..esp import FlakyEmailBackend

    settings.EMAIL_BACKEND = "tests.esp.FlakyEmailBackend"
    settings.SERIES_EMAIL_MAX_ATTEMPTS = 3
    FlakyEmailBackend.failures = 10
    registration = register(session, "kari@example.no")
    for _ in range(5):
        run_worker()
    FlakyEmailBackend.failures = 0
    delivery = registration.deliveries.get()
    assert (delivery.status, delivery.attempts) == (EmailDelivery.Status.FAILED, 3)
    registration.refresh_from_db()
    assert registration.delivery_status == "failed"


def test_outbox_row_survives_a_crash_before_sending(session, register, run_worker):
    from django_tasks_db.models import DBTaskResult

    registration = register(session, "kari@example.no")
    DBTaskResult.objects.all().delete()  # the worker died and lost its queue
    registration.deliveries.update(created_at=timezone.now() - timedelta(minutes=10))
    assert registration.deliveries.get().status == EmailDelivery.Status.QUEUED
    from django.core.management import call_command

    call_command("send_reminders", verbosity=0)  # the cron catch-up
    run_worker()
    assert len(sent_to("kari@example.no")) == 1


def test_two_workers_never_send_the_same_row(session, register, run_worker):
    from series.outbox.sender import delivery_send

    registration = register(session, "kari@example.no")
    delivery = registration.deliveries.get()
    assert delivery_send(delivery_id=delivery.pk) == "sent"
    assert delivery_send(delivery_id=delivery.pk) == "not-queued"
    assert len(sent_to("kari@example.no")) == 1


def test_changed_start_time_notifies_registrants_once_with_higher_sequence(
    session, register, run_worker
):
    session.save_revision().publish()
    register(session, "a@example.no")
    register(session, "b@example.no", language="en")
    run_worker()
    mail.outbox.clear()
    assert session.calendar_sequence == 0
    session.starts_at += timedelta(hours=2)
    session.ends_at += timedelta(hours=2)
    session.save_revision().publish()
    session.save_revision().publish()  # publishing again without a change tells nobody
    run_worker()
    assert len(mail.outbox) == 2
    nb_mail = sent_to("a@example.no")[0]
    assert nb_mail.subject.startswith("Endret")
    event = icalendar.Calendar.from_ical(nb_mail.attachments[0][1]).walk("VEVENT")[0]
    assert int(event["SEQUENCE"]) == 1
    assert event.decoded("dtstart").astimezone(UTC) == session.starts_at


def test_cancelled_session_sends_a_cancelling_calendar_entry(
    session, register, run_worker
):
    session.save_revision().publish()
    register(session, "a@example.no", language="en")
    run_worker()
    mail.outbox.clear()
    session.event_status = "cancelled"
    session.save_revision().publish()
    run_worker()
    [message] = sent_to("a@example.no")
    assert "cancelled" in message.body
    assert "method=CANCEL" in message.attachments[0][2]


def test_tracking_webhook_updates_delivery_status(
    session, register, run_worker, client, settings
):
    settings.ANYMAIL = {"WEBHOOK_SECRET": "hook:secret"}
    registration = register(session, "kari@example.no")
    run_worker()
    message_id = registration.deliveries.get().message_id
    assert message_id
    bounce = {
        "RecordType": "Bounce",
        "MessageID": message_id,
        "Type": "HardBounce",
        "TypeCode": 1,
        "Email": "kari@example.no",
        "BouncedAt": "2026-11-28T10:00:00Z",
        "Description": "The server was unable to deliver your message",
    }
    refused = client.post(
        "/anymail/postmark/tracking/", bounce, content_type="application/json"
    )
    assert refused.status_code == 400  # anymail refuses a webhook without the secret
    response = client.post(
        "/anymail/postmark/tracking/",
        bounce,
        content_type="application/json",
        HTTP_AUTHORIZATION="Basic aG9vazpzZWNyZXQ=",
    )
    assert response.status_code == 200
    registration.refresh_from_db()
    assert registration.delivery_status == "bounced"
