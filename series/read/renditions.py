"""Renditions: looked up in bulk with parsed filters, and made by the task worker when
a page or a speaker is published, so that no visitor's request waits for one."""

from collections.abc import Iterable, Sequence
from functools import cache

from django.db import transaction
from django.dispatch import receiver
from django_tasks import task
from wagtail.images.models import AbstractImage, AbstractRendition, Filter
from wagtail.models import Page
from wagtail.signals import published

from ..models import SeriesIndexPage, SoTalkSessionPage, Speaker
from ..renditions import (
    BODY_IMAGE,
    SERIES_HERO,
    SERIES_HERO_PICTURE,
    SESSION_HERO,
    SESSION_HERO_PICTURE,
    SHARE_IMAGE,
    SPEAKER_PHOTO,
    SPEAKER_PHOTO_AVIF,
)


@cache
def image_filter(spec: str) -> Filter:
    """One parsed Filter per spec and process (Wagtail parses a string per call)."""
    return Filter(spec=spec)


def renditions_of(
    image: AbstractImage, specs: Sequence[str]
) -> dict[str, AbstractRendition]:
    """Several renditions of one image at once: prefetched ones are used as they
    are, the others come in one cache read (and one write for those it lacked)."""
    return image.get_renditions(*(image_filter(spec) for spec in specs))


def _speaker_images(speakers: Iterable[Speaker]) -> list[tuple[AbstractImage, tuple]]:
    return [
        (speaker.photo, (*SPEAKER_PHOTO, *SPEAKER_PHOTO_AVIF, SHARE_IMAGE))
        for speaker in speakers
        if speaker.photo_id
    ]


def _body_images(page: Page) -> list[tuple[AbstractImage, tuple]]:
    images = []
    for block in getattr(page, "body", None) or []:
        image = getattr(block.value, "get", lambda name: None)("image")
        if isinstance(image, AbstractImage):
            images.append((image, (BODY_IMAGE,)))
    return images


def page_images(page: Page) -> list[tuple[AbstractImage, tuple]]:
    """Every image a published page shows, with the specs its template, API answer
    and share card use."""
    if isinstance(page, SoTalkSessionPage):
        hero_specs = (*SESSION_HERO, *SESSION_HERO_PICTURE)
    elif isinstance(page, SeriesIndexPage):
        hero_specs = (*SERIES_HERO, *SERIES_HERO_PICTURE)
    else:  # a home page: its hero has a session's shape
        hero_specs = SESSION_HERO_PICTURE
    images = []
    hero = getattr(page, "hero_image", None)
    if isinstance(hero, AbstractImage):
        images.append((hero, (*hero_specs, SHARE_IMAGE)))
    if isinstance(page, SoTalkSessionPage):
        speakers = [item.speaker for item in page.session_speakers.all()]
        images += _speaker_images(speakers)
    return images + _body_images(page)


@task()
def renditions_generate(*, page_id: int | None = None, speaker_id: int | None = None):
    """Make the renditions of a published page or speaker (run by the worker)."""
    if page_id is not None:
        page = Page.objects.filter(pk=page_id).first()
        images = page_images(page.specific) if page else []
    else:
        images = _speaker_images(Speaker.objects.filter(pk=speaker_id))
    for image, specs in images:
        renditions_of(image, specs)
    return len(images)


@receiver(published)
def on_publish(sender, instance, **kwargs) -> None:
    if isinstance(instance, Page):
        arguments = {"page_id": instance.pk}
    elif isinstance(instance, Speaker):
        arguments = {"speaker_id": instance.pk}
    else:
        return
    transaction.on_commit(lambda: renditions_generate.enqueue(**arguments))
