"""Writing to the outbox: the e-mail row and its task, in the caller's transaction."""

from ..models import EmailDelivery, Registration
from .sender import send_email


def email_queue(
    *, registration: Registration, kind: str, context: dict | None = None
) -> EmailDelivery:
    """Write the outbox row and its task in the caller's transaction."""
    delivery = EmailDelivery.objects.create(
        registration=registration, kind=kind, context=context or {}
    )
    send_email.enqueue(delivery.pk)
    return delivery
