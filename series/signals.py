"""Keeps translations of a series or session in step when their source is published."""

from django.dispatch import receiver
from wagtail.signals import page_published

from .models import SeriesIndexPage, SoTalkSessionPage
from .services import translations_sync


@receiver(page_published)
def sync_translations_on_publish(sender, instance, **kwargs) -> None:
    if (
        isinstance(instance, SeriesIndexPage | SoTalkSessionPage)
        and not instance.alias_of_id
    ):
        translations_sync(page=instance)
