"""Batch loads for lists of pages: a fixed number of queries whatever their length."""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest
from wagtail.models import Page
from wagtail.rich_text import expand_db_html

from .models import SessionSpeaker, SoTalkSessionPage

# Cannot occur in HTML: lets many rich texts be expanded in one pass (one query).
_SEPARATOR = "\x00series-rich-text\x00"


@dataclass(frozen=True)
class TranslationLink:
    locale: str
    id: int
    title: str
    url: str


def page_url(page: Page, request: HttpRequest | None = None) -> str:
    """Absolute URL of a page, on the host the request came to when there is one."""
    if request is None:
        return page.get_full_url() or ""
    url = page.get_url(request)
    return request.build_absolute_uri(url) if url else ""


def with_speakers(queryset: QuerySet[SoTalkSessionPage]) -> QuerySet:
    """Sessions with locale, hero image, speakers and every rendition prefetched."""
    speakers = SessionSpeaker.objects.select_related(
        "speaker__locale", "speaker__photo"
    ).prefetch_related("speaker__photo__renditions")
    return queryset.select_related("locale", "hero_image").prefetch_related(
        "hero_image__renditions", Prefetch("session_speakers", queryset=speakers)
    )


def attach_sources(sessions: Sequence[SoTalkSessionPage]) -> None:
    """Set `session.source` (the page holding the event's facts) in one query."""
    missing = [session for session in sessions if "source" not in session.__dict__]
    if not missing:
        return
    by_key: dict = {}
    for page in (
        SoTalkSessionPage.objects.filter(
            translation_key__in={session.translation_key for session in missing}
        )
        .defer_streamfields()
        .order_by("pk")
    ):
        if by_key.setdefault(page.translation_key, page) is page:
            page.source = page
    for session in missing:
        source = by_key.get(session.translation_key, session)
        session.source = session if source.pk == session.pk else source


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


def rich_text_many(values: Sequence[str]) -> list[str]:
    """Front-end HTML for many rich-text values, expanding their links in one pass."""
    if not values:
        return []
    expanded = expand_db_html(_SEPARATOR.join(str(value) for value in values))
    return expanded.split(_SEPARATOR)
