"""What the ESP reports about sent e-mails (its tracking webhooks)."""

from ..models import DeliveryStatus, EmailDelivery, Registration

TRACKING_STATUS = {
    "delivered": DeliveryStatus.DELIVERED,
    "bounced": DeliveryStatus.BOUNCED,
    "rejected": DeliveryStatus.BOUNCED,
    "failed": DeliveryStatus.FAILED,
    "complained": DeliveryStatus.COMPLAINED,
}


def delivery_status_update(*, message_id: str, event_type: str) -> int:
    """Record what the ESP says happened to an e-mail; returns registrations updated."""
    status = TRACKING_STATUS.get(event_type)
    if status is None:
        return 0
    return Registration.objects.filter(
        deliveries__message_id=message_id, deliveries__status=EmailDelivery.Status.SENT
    ).update(delivery_status=status)
