"""The worker's side of the outbox: claim a row, send it, retry while the ESP fails."""

import logging
from datetime import timedelta

from anymail.exceptions import AnymailAPIError, AnymailRecipientsRefused
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django_tasks import task

from .. import conf
from ..models import DeliveryStatus, EmailDelivery, EmailKind, Registration
from .messages import build_message

logger = logging.getLogger(__name__)


@task()
def send_email(delivery_id: int) -> str:
    """Send one outbox row; takes its id, never personal data."""
    return delivery_send(delivery_id=delivery_id)


def _claim(delivery_id: int) -> bool:
    """Take the outbox row, so that two workers never send the same e-mail."""
    return bool(
        EmailDelivery.objects.filter(
            pk=delivery_id, status=EmailDelivery.Status.QUEUED
        ).update(
            status=EmailDelivery.Status.SENDING,
            claimed_at=timezone.now(),
            attempts=F("attempts") + 1,
        )
    )


def delivery_send(*, delivery_id: int) -> str:
    """Send one outbox row; on an ESP failure queue a later try with a growing delay."""
    if not _claim(delivery_id):
        return "not-queued"
    delivery = EmailDelivery.objects.select_related(
        "registration", "registration__session"
    ).get(pk=delivery_id)
    if delivery.registration.email is None:  # erased meanwhile
        _finish(delivery, EmailDelivery.Status.SKIPPED)
        return "skipped"
    try:
        message = build_message(delivery)
    except Exception:
        # A bug, not an outage: retrying would not help; staff see it failed.
        _finish(delivery, EmailDelivery.Status.FAILED, error="RenderError")
        _registration_delivery(delivery, DeliveryStatus.FAILED)
        raise
    try:
        message.send()
    except AnymailRecipientsRefused:
        _finish(delivery, EmailDelivery.Status.FAILED, error="RecipientsRefused")
        _registration_delivery(delivery, DeliveryStatus.FAILED)
        return "refused"
    except AnymailAPIError as error:
        return _retry_later(delivery, error)
    status = getattr(message, "anymail_status", None)
    message_id = getattr(status, "message_id", None)
    delivery.message_id = "" if message_id is None else str(message_id)[:255]
    _finish(delivery, EmailDelivery.Status.SENT)
    _registration_delivery(delivery, DeliveryStatus.SENT)
    return "sent"


def _retry_later(delivery: EmailDelivery, error: AnymailAPIError) -> str:
    code = getattr(error, "status_code", None)
    delivery.last_error = f"AnymailAPIError {code or 'network'}"[:100]
    if delivery.attempts >= conf.get("EMAIL_MAX_ATTEMPTS"):
        _finish(delivery, EmailDelivery.Status.FAILED, error=delivery.last_error)
        _registration_delivery(delivery, DeliveryStatus.FAILED)
        logger.warning(
            "Gave up e-mail delivery %s after %s tries", delivery.pk, delivery.attempts
        )
        return "failed"
    delay = conf.get("EMAIL_RETRY_BASE_SECONDS") * 2 ** (delivery.attempts - 1)
    delivery.status = EmailDelivery.Status.QUEUED
    delivery.next_attempt_at = timezone.now() + timedelta(seconds=delay)
    with transaction.atomic():
        delivery.save(update_fields=["status", "last_error", "next_attempt_at"])
        send_email.using(run_after=delivery.next_attempt_at).enqueue(delivery.pk)
    logger.info(
        "E-mail delivery %s failed (%s); retry in %ss",
        delivery.pk,
        delivery.last_error,
        delay,
    )
    return "retry"


def _finish(delivery: EmailDelivery, status: str, error: str = "") -> None:
    delivery.status = status
    delivery.last_error = error or delivery.last_error
    delivery.sent_at = timezone.now() if status == EmailDelivery.Status.SENT else None
    delivery.save(update_fields=["status", "last_error", "sent_at", "message_id"])


def _registration_delivery(delivery: EmailDelivery, status: str) -> None:
    # Only the e-mails that matter for the seat decide what staff see.
    if delivery.kind == EmailKind.MESSAGE:
        return
    fields = {"delivery_status": status}
    if delivery.message_id:
        fields["message_id"] = delivery.message_id
    Registration.objects.filter(pk=delivery.registration_id).update(**fields)
