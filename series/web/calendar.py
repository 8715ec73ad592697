"""Subscribable calendars: `<session page>calendar.ics`, `<series page>calendar.ics`."""

from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control

from .. import conf
from ..models import SeriesIndexPage, SoTalkSessionPage
from ..read.calendars import sessions_ical
from .routing import public_page_at


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
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{page.slug}.ics"'
    patch_cache_control(response, public=True, max_age=conf.get("FEED_CACHE_SECONDS"))
    return response
