"""The two lists of a series page, upcoming and past sessions, page by page.

Which sessions a list shows changes only with a publish (the content version) and
as sessions end. So the lists are kept until either happens: until the next
publish, or until the first listed-as-upcoming session ends. Their seats are kept
under the seats version, which every change to who holds a seat moves.
"""

from functools import partial

from django.core.paginator import Page, Paginator
from django.db.models import Min
from django.http import HttpRequest
from django.utils import timezone

from .. import conf
from ..models import SeriesIndexPage
from ..models.availability import attach_event_figures
from ..models.querysets import attach_sources
from ..models.topics import TagFilter
from .fragments import kept_figures, kept_until

# Enough for any real page number; longer values are the same invalid page.
PAGE_NUMBER_MAX_LENGTH = 12


def series_lists(
    request: HttpRequest, series: SeriesIndexPage, tags: TagFilter
) -> tuple[Page, Page]:
    """The page of upcoming sessions (`?upcoming=N`) and of past ones (`?page=N`),
    narrowed by the page's topic and goal filter, with their seats read now."""
    numbers = [
        request.GET.get(name, "")[:PAGE_NUMBER_MAX_LENGTH]
        for name in ("upcoming", "page")
    ]
    build = partial(_read, series, tags, *numbers)
    upcoming, past = kept_until(
        request, "series-lists", [series.pk, tags.query, *numbers], build
    )
    shown = [*upcoming.object_list, *past.object_list]
    for session in shown:
        session.series = series
    keys = {session.translation_key for session in shown}
    attach_event_figures(shown, kept_figures(request, keys))
    return upcoming, past


def _read(series: SeriesIndexPage, tags: TagFilter, upcoming_number, past_number):
    now = timezone.now()
    # Cards show no body: its JSON is neither read nor parsed.
    sessions = tags.apply(series.sessions().defer_streamfields())
    upcoming = sessions.filter(ends_at__gte=now).order_by("starts_at", "pk")
    past = sessions.filter(ends_at__lt=now).order_by("-starts_at", "-pk")
    pages = (
        _frozen(
            Paginator(upcoming, series.upcoming_per_page).get_page(upcoming_number)
        ),
        _frozen(
            Paginator(past, conf.get("PAST_SESSIONS_PER_PAGE")).get_page(past_number)
        ),
    )
    attach_sources([*pages[0].object_list, *pages[1].object_list])
    # A session is still upcoming at the moment it ends; then the lists change.
    until = upcoming.aggregate(next=Min("ends_at"))["next"]
    return pages, until


def _frozen(page: Page) -> Page:
    """The page with its sessions read and its paginator's count, and nothing that
    would query again (what is kept is this, not the query)."""
    paginator = Paginator((), page.paginator.per_page)
    paginator.count = page.paginator.count  # a cached_property: set, never counted
    return Page(list(page.object_list), page.number, paginator)
