"""Atom feed of a series' sessions in the page language, at `<series page>feed.xml`."""

from datetime import datetime

from django.contrib.syndication.views import Feed
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from wagtail.rich_text import get_text_for_indexing

from .. import conf
from ..models import EventStatus, SeriesIndexPage, SoTalkSessionPage
from ..models.querysets import attach_sources
from ..read.sessions import page_url, session_list_with_series
from ..read.site import organizer_name
from .routing import public_page_at
from .topics import Listing, listing_view


class SeriesFeed(Feed):
    """The newest sessions of one series first, each linking to its page."""

    feed_type = Atom1Feed

    def __init__(self, request: HttpRequest) -> None:
        self.request = request

    def get_object(self, request: HttpRequest, path: str) -> SeriesIndexPage:
        return public_page_at(request, path, SeriesIndexPage)

    def title(self, obj: SeriesIndexPage) -> str:
        return obj.title

    def link(self, obj: SeriesIndexPage) -> str:
        return page_url(obj, self.request)

    def feed_url(self, obj: SeriesIndexPage) -> str:
        return self.request.build_absolute_uri()

    def subtitle(self, obj: SeriesIndexPage) -> str:
        text = obj.search_description or get_text_for_indexing(obj.intro)
        return Truncator(text).words(60)

    def author_name(self) -> str:
        return organizer_name()

    def items(self, obj: SeriesIndexPage) -> list[SoTalkSessionPage]:
        sessions = list(
            obj.sessions()
            .select_related("locale")
            .order_by("-starts_at", "-pk")[: conf.get("FEED_ITEMS")]
        )
        for session in sessions:
            session.series = obj
        attach_sources(sessions)
        return sessions

    def item_title(self, item: SoTalkSessionPage) -> str:
        if item.source.event_status == EventStatus.CANCELLED:
            return _("Cancelled: %(title)s") % {"title": item.title}
        return item.title

    def item_link(self, item: SoTalkSessionPage) -> str:
        return page_url(item, self.request)

    def item_guid(self, item: SoTalkSessionPage) -> str:
        # Stable across slug changes and shared by every language of the session.
        return f"urn:uuid:{item.translation_key}"

    item_guid_is_permalink = False

    def item_description(self, item: SoTalkSessionPage) -> str:
        event = item.source
        language = item.locale.language_code
        where = event.venue if event.venue else _("Online")
        return format_html(
            "<p><strong>{}</strong><br>{} · {}</p><p>{}</p>",
            event.formatted_time(language),
            where,
            item.held_in_label(language),
            item.lead,
        )

    def item_pubdate(self, item: SoTalkSessionPage) -> datetime | None:
        return item.first_published_at

    def item_updateddate(self, item: SoTalkSessionPage) -> datetime | None:
        return item.last_published_at


def series_feed(request: HttpRequest, path: str) -> HttpResponse:
    """One feed object per request: it keeps the request for absolute URLs."""
    response = SeriesFeed(request)(request, path=path)
    patch_cache_control(response, public=True, max_age=conf.get("FEED_CACHE_SECONDS"))
    return response


class ListingFeed(SeriesFeed):
    """The newest sessions about a topic or a goal, of every series."""

    def get_object(self, request: HttpRequest, listing: Listing) -> Listing:
        return listing

    def title(self, obj: Listing) -> str:
        return obj.title

    def link(self, obj: Listing) -> str:
        return self.request.build_absolute_uri(obj.url)

    def subtitle(self, obj: Listing) -> str:
        return Truncator(obj.description).words(60)

    def items(self, obj: Listing) -> list[SoTalkSessionPage]:
        sessions = session_list_with_series(
            obj.sessions()
            .select_related("locale")
            .order_by("-starts_at", "-pk")[: conf.get("FEED_ITEMS")]
        )
        attach_sources(sessions)
        return sessions


def render_listing_feed(request: HttpRequest, listing: Listing) -> HttpResponse:
    response = ListingFeed(request)(request, listing=listing)
    patch_cache_control(response, public=True, max_age=conf.get("FEED_CACHE_SECONDS"))
    return response


listing_feed = listing_view(render_listing_feed, "_feed")
