"""Signal receivers, connected from AppConfig.ready(): each calls one operation."""

from anymail.signals import tracking
from django.dispatch import receiver
from wagtail.signals import page_published

from ..outbox.tracking import delivery_status_update
from .announcements import session_published as announce_to_followers
from .following import follower_delivery_event
from .sessions import page_published as session_page_published


@receiver(page_published)
def on_page_published(sender, instance, **kwargs) -> None:
    session_page_published(page=instance)
    announce_to_followers(page=instance)


@receiver(tracking)
def on_tracking_event(sender, event, esp_name, **kwargs) -> None:
    if event.message_id:
        delivery_status_update(message_id=event.message_id, event_type=event.event_type)
        follower_delivery_event(
            message_id=event.message_id, event_type=event.event_type
        )
