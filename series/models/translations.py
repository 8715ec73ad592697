"""Reads across the translations of a page, shared by pages and their templates."""

from django.http import HttpRequest
from wagtail.models import Page
from wagtail_localize.fields import SynchronizedField

from .querysets import (
    REGISTRATION_FIGURES,
    event_figures,
    registration_figures,
    source_among,
)


def synchronised(*names: str) -> list[SynchronizedField]:
    """Fields that must be equal in every translation, or the event would differ."""
    return [SynchronizedField(name, overridable=False) for name in names]


def live_translations(page: Page, request: HttpRequest | None = None) -> list[Page]:
    """The live translations of a page (itself included), with their locales; read
    once per request, as the head, the language switcher and the share card need it."""
    cache = request.__dict__.setdefault("_series_translations", {}) if request else {}
    if page.pk not in cache:
        cache[page.pk] = list(
            Page.objects.filter(translation_key=page.translation_key)
            .live()
            .select_related("locale")
        )
    return cache[page.pk]


# A session page kept by the route (`read.routes`) carries its translations here.
KEPT_TRANSLATIONS = "_series_kept_translations"


def _translations(page: Page):
    return (
        type(page)
        .objects.filter(translation_key=page.translation_key)
        .with_source_locale()
        .select_related("locale", "published_facts")
        .defer_streamfields()
        .order_by("pk")
    )


def page_translations(page: Page) -> list[Page]:
    """Every translation of a session page, live or not, with its locale and source
    locale: what `attach_translations` reads besides the registration figures."""
    return list(_translations(page))


def attach_translations(page: Page, request: HttpRequest) -> None:
    """Read every translation of a session page in one query. It gives the page its
    source (the event's facts), its locale, the event's registration figures, and
    the live translations the head and the language switcher link to. A page the
    route kept has its translations: then only the figures are read."""
    translations = page.__dict__.pop(KEPT_TRANSLATIONS, None)
    if translations is None:
        translations = list(registration_figures(_translations(page)))
        figures = None
    else:
        read = event_figures([page.translation_key]).get(page.translation_key, {})
        figures = {name: read.get(name, 0) for name in REGISTRATION_FIGURES}
        figures["registrations_changed_at"] = read.get("registrations_changed_at")
    own = next((t for t in translations if t.pk == page.pk), None)
    if own is None:  # not saved yet (a preview)
        return
    page.locale = own.locale
    source = source_among(translations)
    for name in REGISTRATION_FIGURES:
        value = getattr(own, name) if figures is None else figures[name]
        page.__dict__.setdefault(name, value)
    if "source" not in page.__dict__:
        page.__dict__["source"] = page if source.pk == page.pk else source
        # A series' time zone and languages are synchronised across translations.
        source.__dict__.setdefault("source", source)
        source.__dict__.setdefault("series", page.series)
    request.__dict__.setdefault("_series_translations", {})[page.pk] = [
        translation for translation in translations if translation.live
    ]
