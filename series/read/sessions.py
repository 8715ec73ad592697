"""Batch reads of sessions for lists (API, calendars, feeds): a fixed number of
queries whatever their length."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urljoin

from django.conf import settings
from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest
from wagtail.models import Locale, Page

from .. import conf
from ..models import SeriesIndexPage, SessionSpeaker, SoTalkSessionPage


@dataclass(frozen=True)
class TranslationLink:
    locale: str
    id: int
    title: str
    url: str


def site_url(path: str) -> str:
    """An absolute link outside a request (e-mails, calendars): on SERIES_BASE_URL,
    else WAGTAILADMIN_BASE_URL, so links follow the address the site is served on."""
    return urljoin(conf.get("BASE_URL") or settings.WAGTAILADMIN_BASE_URL, path)


def page_url(page: Page, request: HttpRequest | None = None) -> str:
    """Absolute URL of a page, on the host the request came to when there is one."""
    url = page.get_url(request)
    if not url:
        return ""
    if request is None:
        return site_url(url)  # an absolute URL (another site's) stays as it is
    return request.build_absolute_uri(url)


def with_speakers(queryset: QuerySet[SoTalkSessionPage]) -> QuerySet:
    """Sessions with locale, hero image, speakers and every rendition prefetched."""
    speakers = SessionSpeaker.objects.select_related(
        "speaker__locale", "speaker__photo"
    ).prefetch_related("speaker__photo__renditions")
    return queryset.select_related(
        "locale", "hero_image", "published_facts"
    ).prefetch_related(
        "hero_image__renditions", Prefetch("session_speakers", queryset=speakers)
    )


def translation_links(
    pages: Iterable[Page], request: HttpRequest | None = None
) -> dict:
    """Live, public translations of each page (itself included), by translation key."""
    keys = {page.translation_key for page in pages}
    links: dict = defaultdict(list)
    if not keys:
        return links
    translations = (
        Page.objects.live()
        .public()
        .filter(translation_key__in=keys)
        .select_related("locale")
        .order_by("locale__language_code", "pk")
    )
    for page in translations:
        url = page_url(page, request)
        if url:
            links[page.translation_key].append(
                TranslationLink(
                    locale=page.locale.language_code,
                    id=page.pk,
                    title=page.title,
                    url=url,
                )
            )
    return links


def session_list_with_series(
    sessions: QuerySet[SoTalkSessionPage] | Iterable[SoTalkSessionPage],
) -> list[SoTalkSessionPage]:
    """Sessions with their series attached in one query, instead of one per session."""
    sessions = list(sessions)
    parent_paths = {session.path[: -session.steplen] for session in sessions}
    series_by_path = {
        series.path: series
        for series in SeriesIndexPage.objects.filter(path__in=parent_paths)
    }
    for session in sessions:
        session.series = series_by_path.get(session.path[: -session.steplen])
    return sessions


def session_in_language(source: SoTalkSessionPage, language: str) -> SoTalkSessionPage:
    """The session page the registrant reads: their language's translation if live."""
    locale = Locale.objects.filter(language_code=language).first()
    translation_page = source.get_translation_or_none(locale) if locale else None
    if translation_page is not None and translation_page.live:
        return translation_page
    return source
