"""Follow-ups: thanks to those who came, sorry to those who did not, once each, on
time after the end (deferred task and cron) or by hand."""

from datetime import timedelta

import pytest
from django.core.management import call_command

from series.domain.followups import followups_queue_due, followups_send
from series.domain.staff import registrations_check_in
from series.models import EmailDelivery, EmailKind

from ..factories import SoTalkSessionPageFactory
from .journey import sent_to, subjects

pytestmark = pytest.mark.django_db


@pytest.fixture
def session(series_page):
    return SoTalkSessionPageFactory(
        parent=series_page,
        capacity=5,
        recording_url="https://video.example.org/rec",
        feedback_url="https://forms.example.org/feedback",
    )


@pytest.fixture
def people(session, register, clock, admin_user):
    came = register(session, "came@example.no")
    online = register(session, "online@example.no", language="en")
    away = register(session, "away@example.no")
    clock.set(session.starts_at)
    from series.domain.attendance import registration_join

    registration_join(registration=online)
    registrations_check_in(
        session=session, checked_in_ids={came.pk}, staff_user=admin_user
    )
    return came, online, away


def test_followups_go_on_time_once_each(session, people, clock, run_worker):
    session.save_revision().publish()  # schedules the follow-up task
    clock.set(session.ends_at + timedelta(hours=1, minutes=59))
    run_worker()
    assert not subjects("away@example.no")[1:]
    clock.set(session.ends_at + timedelta(hours=2))
    run_worker()
    run_worker()
    came = sent_to("came@example.no")[-1]
    assert came.subject.startswith("Takk for at du kom")
    assert "https://forms.example.org/feedback" in came.body
    assert "https://video.example.org/rec" in came.body
    english = sent_to("online@example.no")[-1]
    assert english.subject.startswith("Thank you for coming")
    away = sent_to("away@example.no")[-1]
    assert away.subject.startswith("Synd at du ikke kom")
    assert "https://video.example.org/rec" in away.body
    assert "forms.example.org" not in away.body
    # The cron safety net and a second run send nothing more.
    call_command("send_reminders", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert followups_send(session=session) == 0
    run_worker()
    kinds = EmailDelivery.objects.filter(kind__in=EmailKind.followups())
    assert kinds.count() == 3


def test_cron_sends_followups_when_no_task_was_scheduled(session, people, clock):
    clock.set(session.ends_at + timedelta(hours=3))
    assert followups_queue_due() == 3
    assert followups_queue_due() == 0


def test_turned_off_sends_none_but_staff_can_send_by_hand(
    session, people, clock, admin_user
):
    session.followup_enabled = False
    session.save()
    clock.set(session.ends_at + timedelta(hours=5))
    assert followups_queue_due() == 0
    assert followups_send(session=session, staff_user=admin_user) == 3


def test_texts_per_session_and_language(session, people, clock, run_worker):
    session.followup_attended_text = "Tusen takk for i dag!"
    session.save()
    clock.set(session.ends_at + timedelta(hours=3))
    followups_queue_due()
    run_worker()
    assert "Tusen takk for i dag!" in sent_to("came@example.no")[-1].body
    # Without an English page, the English registrant reads the source's text in
    # an English e-mail.
    english = sent_to("online@example.no")[-1]
    assert english.subject.startswith("Thank you for coming")
    assert "Tusen takk for i dag!" in english.body


def test_not_before_the_end(session, people):
    from series.domain.followups import SessionNotOver

    with pytest.raises(SessionNotOver):
        followups_send(session=session)
