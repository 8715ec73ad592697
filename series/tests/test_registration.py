"""The registration operations on a bare site: seats, the waiting list, the one source
page of an event in any language, and e-mails in the registrant's language."""

import pytest
from django.core import mail
from django.core.management import call_command
from django.db.models import QuerySet

from series.domain.errors import AlreadyRegistered, SessionFull
from series.domain.registration import Registrant, registration_cancel
from series.domain.staff import message_send, registration_add
from series.models import (
    EmailDelivery,
    Registration,
    RegistrationPhase,
    RegistrationStatus,
    SoTalkSessionPage,
    registration_state,
)

pytestmark = pytest.mark.django_db


def statuses(registrations: QuerySet) -> list[str]:
    return list(registrations.order_by("pk").values_list("status", flat=True))


def test_seats_then_waiting_list_then_promotion_in_order(make_session, register):
    session = make_session(capacity=2)
    people = [register(session, f"p{n}@example.no") for n in range(4)]
    assert statuses(Registration.objects.all()) == [
        "confirmed",
        "confirmed",
        "waitlisted",
        "waitlisted",
    ]
    registration_cancel(registration=people[0])
    assert statuses(Registration.objects.all()) == [
        "cancelled",
        "confirmed",
        "confirmed",
        "waitlisted",
    ]


def test_full_without_waiting_list_refuses(make_session, register):
    session = make_session(capacity=1, waitlist_enabled=False)
    register(session, "a@example.no")
    assert registration_state(session).phase == RegistrationPhase.FULL
    with pytest.raises(SessionFull):
        register(session, "b@example.no")


def test_one_live_registration_per_address_in_any_spelling(make_session, register):
    session = make_session()
    register(session, "Kari@Example.no")
    with pytest.raises(AlreadyRegistered):
        register(session, "kari@example.NO")


def test_translations_register_on_the_source_page(make_session, translate, register):
    session = make_session(capacity=1)
    nynorsk = translate(session, "nn")
    english = translate(session, "en")
    first = register(nynorsk, "a@example.no", language="nn")
    second = register(english, "b@example.no", language="en")
    assert first.session_id == second.session_id == session.pk
    for page in (session, nynorsk, english):
        state = registration_state(SoTalkSessionPage.objects.get(pk=page.pk))
        assert (state.phase, state.confirmed, state.waitlisted) == (
            RegistrationPhase.WAITLIST,
            1,
            1,
        )


def test_overbooked_session_cancels_without_promoting(make_session, register):
    session = make_session(capacity=1)
    first = register(session, "a@example.no")
    registration_add(
        session=session,
        registrant=Registrant(name="B", email="b@example.no", language="nb"),
        staff_user=None,
        overbook=True,
    )
    waiting = register(session, "c@example.no")
    registration_cancel(registration=first)
    waiting.refresh_from_db()
    assert waiting.status == RegistrationStatus.WAITLISTED


def test_raised_capacity_promotes_on_publish(make_session, register):
    session = make_session(capacity=1)
    register(session, "a@example.no")
    waiting = register(session, "b@example.no")
    session.capacity = 2
    session.save_revision().publish()
    waiting.refresh_from_db()
    assert waiting.status == RegistrationStatus.CONFIRMED


def test_emails_in_the_registrants_language(
    make_session, translate, register, run_worker
):
    session = make_session()
    translate(session, "nn")
    register(session, "nn@example.no", language="nn")
    run_worker()
    [message] = mail.outbox
    assert message.to == ["nn@example.no"]
    # The registrant's personal join link, in their language; never the raw URL.
    assert "plugin-secret" not in message.body
    assert "/nn/registrations/" in message.body and "/join/" in message.body
    assert "/nn/serie/" in message.body


def test_messages_are_stored_per_language(make_session, register, run_worker):
    session = make_session()
    register(session, "nn@example.no", language="nn")
    register(session, "en@example.no", language="en")
    message = message_send(
        session=session,
        audience="all",
        texts={"nn": ("Hei", "Velkomen"), "en": ("Hello", "Welcome")},
        staff_user=None,
    )
    assert sorted(message.texts.values_list("language", flat=True)) == ["en", "nn"]
    run_worker()
    subjects = {m.to[0]: m.subject for m in mail.outbox if "Hei" in m.subject}
    subjects |= {m.to[0]: m.subject for m in mail.outbox if "Hello" in m.subject}
    assert subjects == {"nn@example.no": "Hei", "en@example.no": "Hello"}


def test_cron_sends_nothing_twice(make_session, register, run_worker):
    session = make_session()
    register(session, "a@example.no")
    run_worker()
    call_command("send_reminders", stdout=None)
    run_worker()
    assert EmailDelivery.objects.count() == 1
    assert len(mail.outbox) == 1
