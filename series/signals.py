"""Receivers: a published session tells its registrants what changed and carries over
to its translations; ESP tracking events update delivery status."""

from anymail.signals import tracking
from django.dispatch import receiver
from wagtail.signals import page_published

from .models import SeriesIndexPage, SoTalkSessionPage
from .services import delivery_status_update, session_changes_notify, translations_sync


@receiver(page_published)
def on_page_published(sender, instance, **kwargs) -> None:
    if not isinstance(instance, SeriesIndexPage | SoTalkSessionPage):
        return
    if instance.alias_of_id:
        return
    if isinstance(instance, SoTalkSessionPage):
        session_changes_notify(session=instance)
    translations_sync(page=instance)


@receiver(tracking)
def on_tracking_event(sender, event, esp_name, **kwargs) -> None:
    if event.message_id:
        delivery_status_update(message_id=event.message_id, event_type=event.event_type)
