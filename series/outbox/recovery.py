"""The cron safety net of the outbox: reminders that are due but missing, and rows
whose task was lost (a worker killed mid-send) or whose retries ran out in a long
ESP outage."""

from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from .. import conf
from ..models import EmailDelivery, EmailKind, Registration
from .queue import email_queue
from .sender import send_email

# A row claimed longer ago than SERIES_EMAIL_STALE_CLAIM_SECONDS whose worker never
# finished is taken to be lost; SERIES_EMAIL_REQUEUE_GRACE_SECONDS lets young rows'
# own tasks run first.


def _stale_claim() -> timedelta:
    return timedelta(seconds=conf.get("EMAIL_STALE_CLAIM_SECONDS"))


def _grace() -> timedelta:
    return timedelta(seconds=conf.get("EMAIL_REQUEUE_GRACE_SECONDS"))


def reminders_queue_missing() -> int:
    """Queue the reminders that are due and were never queued; returns how many."""
    now = timezone.now()
    due = (
        Registration.objects.confirmed()
        .filter(
            session__starts_at__gt=now,
            session__starts_at__lte=now
            + timedelta(hours=conf.get("REMINDER_HOURS_BEFORE")),
            created_at__lt=now - _grace(),
        )
        .exclude(deliveries__kind=EmailKind.REMINDER)
    )
    count = 0
    for registration in due:
        try:
            with transaction.atomic():
                email_queue(registration=registration, kind=EmailKind.REMINDER)
            count += 1
        except IntegrityError:
            continue
    return count


def deliveries_requeue_lost() -> int:
    """Give lost and given-up rows a new task; returns how many were requeued."""
    now = timezone.now()
    EmailDelivery.objects.filter(
        status=EmailDelivery.Status.SENDING, claimed_at__lt=now - _stale_claim()
    ).update(status=EmailDelivery.Status.QUEUED)
    # An ESP outage longer than the retry budget: one more try per run, while the
    # e-mail still matters (refused addresses and render errors are not retried).
    EmailDelivery.objects.filter(
        status=EmailDelivery.Status.FAILED,
        last_error__startswith="AnymailAPIError",
        registration__session__ends_at__gt=now,
    ).update(status=EmailDelivery.Status.QUEUED, next_attempt_at=None)
    # Rows younger than the grace period still have their own task waiting.
    waiting = EmailDelivery.objects.filter(
        status=EmailDelivery.Status.QUEUED, created_at__lt=now - _grace()
    ).filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now - _grace()))
    count = 0
    for delivery_id in waiting.values_list("pk", flat=True):
        # A duplicate task is harmless: the first one to claim the row sends it.
        send_email.enqueue(delivery_id)
        count += 1
    return count
