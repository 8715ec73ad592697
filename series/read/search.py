"""Site search in one language: sessions, series and speakers through Wagtail search
(the search index), each result list read in a fixed number of queries."""

import unicodedata
from dataclasses import dataclass, field

from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.db.models import Prefetch, prefetch_related_objects
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale
from wagtail.search.backends import get_search_backend

from ..models import SeriesIndexPage, SessionSpeaker, SoTalkSessionPage, Speaker
from .sessions import session_list_with_series

QUERY_MAX_LENGTH = 200
SESSIONS_PER_PAGE = 20
OTHERS_SHOWN = 10


class SearchQueryError(ValueError):
    """A query we do not search for; its message says why, for the visitor."""


def search_query(raw: str) -> str:
    """The visitor's words, or SearchQueryError with a translated reason."""
    query = " ".join(raw.split())
    if len(query) > QUERY_MAX_LENGTH:
        raise SearchQueryError(
            _("Use at most %(limit)d characters.") % {"limit": QUERY_MAX_LENGTH}
        )
    if any(unicodedata.category(char) in {"Cc", "Cf", "Cs"} for char in query):
        raise SearchQueryError(_("Remove the invisible control characters."))
    return query


@dataclass
class SearchResults:
    query: str
    sessions: PaginatorPage | None = None
    series: list[SeriesIndexPage] = field(default_factory=list)
    speakers: list[Speaker] = field(default_factory=list)

    @property
    def count(self) -> int:
        sessions = self.sessions.paginator.count if self.sessions else 0
        return sessions + len(self.series) + len(self.speakers)


def _sessions(locale: Locale, query: str, page_number) -> PaginatorPage:
    # The search backend checks each filter: `public()` filters by path, which it
    # knows; `visible()` filters by a subquery, which it does not.
    found = (
        SoTalkSessionPage.objects.live()
        .public()
        .filter(locale=locale)
        .select_related("hero_image", "locale")
        .search(query)
    )
    page = Paginator(found, SESSIONS_PER_PAGE).get_page(page_number)
    sessions = list(page.object_list)
    prefetch_related_objects(sessions, "hero_image__renditions")
    page.object_list = session_list_with_series(sessions)
    return page


def _series(locale: Locale, query: str) -> list[SeriesIndexPage]:
    found = SeriesIndexPage.objects.live().public().filter(locale=locale).search(query)
    return list(found[:OTHERS_SHOWN])


def _speakers(locale: Locale, query: str) -> list[Speaker]:
    speakers = Speaker.objects.filter(live=True, locale=locale).select_related("photo")
    found = list(get_search_backend().search(query, speakers)[:OTHERS_SHOWN])
    appearances = (
        SessionSpeaker.objects.filter(
            page__in=SoTalkSessionPage.objects.visible().filter(locale=locale)
        )
        .select_related("page")
        .order_by("-page__starts_at", "page_id")
    )
    prefetch_related_objects(
        found,
        "photo__renditions",
        Prefetch("session_appearances", queryset=appearances),
    )
    return found


def session_ids_matching(query: str, language: str) -> list[int]:
    """Ids of the live, public sessions in `language` that match `query`."""
    locale = Locale.objects.filter(language_code=language).first()
    if locale is None:
        return []
    with translation.override(language):  # the query is parsed in its language
        found = (
            SoTalkSessionPage.objects.live()
            .public()
            .filter(locale=locale)
            .search(query, order_by_relevance=False)
        )
        return [session.pk for session in found]


def site_search(*, query: str, language: str, page_number=1) -> SearchResults:
    """What matches `query` in `language`; sessions paged, the rest the best few."""
    results = SearchResults(query=query)
    locale = Locale.objects.filter(language_code=language).first()
    if not query or locale is None:
        return results
    with translation.override(language):  # the query is parsed in its language
        results.sessions = _sessions(locale, query, page_number)
        if results.sessions.number == 1:
            results.series = _series(locale, query)
            results.speakers = _speakers(locale, query)
    return results
