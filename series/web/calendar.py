"""Subscribable calendars: `<session page>calendar.ics`, `<series page>calendar.ics`."""

from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control
from django.utils.translation import get_language

from .. import conf
from ..models import SeriesIndexPage, SoTalkSessionPage
from ..read.calendars import sessions_ical
from .routing import public_page_at
from .topics import Listing, listing_view


def calendar_response(body: str, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.ics"'
    patch_cache_control(response, public=True, max_age=conf.get("FEED_CACHE_SECONDS"))
    return response


def calendar_ics(request: HttpRequest, path: str) -> HttpResponse:
    page = public_page_at(request, path, SoTalkSessionPage, SeriesIndexPage)
    if isinstance(page, SeriesIndexPage):
        sessions = list(page.sessions().order_by("starts_at", "pk"))
    else:
        sessions = [page]
    body = sessions_ical(
        sessions,
        language=page.locale.language_code,
        name=page.title,
        request=request,
    )
    return calendar_response(body, page.slug)


def render_listing_calendar(request: HttpRequest, listing: Listing) -> HttpResponse:
    """Every session about a topic or goal, in the page language: to subscribe to."""
    sessions = list(listing.sessions().order_by("starts_at", "pk"))
    body = sessions_ical(
        sessions, language=get_language(), name=listing.title, request=request
    )
    return calendar_response(body, f"{listing.name}-{listing.key}")


listing_calendar = listing_view(render_listing_calendar, "_calendar")
