"""Reminders before a session: scheduled with each seat, sent once when due."""

from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django_tasks import task

from .. import conf
from ..models import EmailKind, Registration, RegistrationStatus, SoTalkSessionPage
from .queue import email_queue


@task()
def send_reminder(registration_id: int) -> str:
    return reminder_queue(registration_id=registration_id)


def reminder_schedule(
    *, registration: Registration, session: SoTalkSessionPage
) -> None:
    """Queue the reminder task for its time (one that finds it moved does nothing)."""
    remind_at = session.starts_at - timedelta(hours=conf.get("REMINDER_HOURS_BEFORE"))
    if remind_at > timezone.now():
        send_reminder.using(run_after=remind_at).enqueue(registration.pk)


def reminder_queue(*, registration_id: int) -> str:
    """Queue the reminder once, if it is still due (the session may have moved)."""
    registration = (
        Registration.objects.select_related("session")
        .filter(pk=registration_id)
        .first()
    )
    if registration is None or registration.status != RegistrationStatus.CONFIRMED:
        return "not-confirmed"
    session = registration.session
    now = timezone.now()
    remind_from = session.starts_at - timedelta(hours=conf.get("REMINDER_HOURS_BEFORE"))
    if now < remind_from - timedelta(minutes=5):
        return "moved-later"  # a new reminder task was scheduled with the change
    if now >= session.starts_at:
        return "too-late"
    try:
        with transaction.atomic():
            email_queue(registration=registration, kind=EmailKind.REMINDER)
    except IntegrityError:
        return "already-sent"
    return "queued"
