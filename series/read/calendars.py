"""iCalendar (.ics) for sessions: subscribable calendars and e-mail attachments."""

from collections.abc import Iterable
from datetime import datetime, timedelta
from email.utils import parseaddr

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from icalendar import Alarm, Calendar, Event, vCalAddress, vDuration, vText

from .. import conf
from ..models import EventStatus, SessionFormat, SoTalkSessionPage
from ..models.querysets import attach_sources
from .sessions import page_url, session_list_with_series, with_speakers
from .site import organizer_name

PRODID = "-//Wagtail series//Sessions//EN"


def _in_language(
    sessions: list[SoTalkSessionPage], language: str
) -> list[SoTalkSessionPage]:
    """Each session's live translation in `language`, else the session itself."""
    translations = {
        page.translation_key: page
        for page in with_speakers(
            SoTalkSessionPage.objects.live().filter(
                translation_key__in={session.translation_key for session in sessions},
                locale__language_code=language,
            )
        )
    }
    return [translations.get(s.translation_key, s) for s in sessions]


def _join_link(event: SoTalkSessionPage, include_join_url: bool, personal: str) -> str:
    """A registrant's personal join link where given, else the session's own."""
    return (personal or event.join_url) if include_join_url else ""


def _location(event: SoTalkSessionPage, link: str) -> str:
    online = link or _("Online")
    if event.format == SessionFormat.ONLINE:
        return online
    if event.format == SessionFormat.HYBRID:
        return _("%(venue)s and online") % {"venue": event.venue}
    return event.venue


def _description(page: SoTalkSessionPage, url: str, link: str) -> str:
    event = page.source
    speakers = [
        f"{item.speaker.name} ({item.role})" if item.role else item.speaker.name
        for item in page.session_speakers.all()
    ]
    parts = [page.lead, page.held_in_label()]
    if speakers:
        parts.append(_("Speakers: %(names)s") % {"names": ", ".join(speakers)})
    if link and event.format != SessionFormat.IN_PERSON:
        parts.append(_("Join online: %(url)s") % {"url": link})
    parts.append(_("More information: %(url)s") % {"url": url})
    return "\n\n".join(part for part in parts if part)


def _organizer() -> vCalAddress:
    address = parseaddr(settings.DEFAULT_FROM_EMAIL)[1] or "noreply@localhost"
    organizer = vCalAddress(f"mailto:{address}")
    organizer.params["cn"] = vText(organizer_name())
    return organizer


def _event(
    page: SoTalkSessionPage,
    *,
    method: str,
    include_join_url: bool,
    stamp: datetime,
    request: HttpRequest | None,
    join_link: str = "",
) -> Event:
    event_page = page.source
    link = _join_link(event_page, include_join_url, join_link)
    tz = page.series.tz if page.series else page.tz
    url = page_url(page, request)
    cancelled = event_page.event_status == EventStatus.CANCELLED or method == "CANCEL"
    event = Event()
    # One UID per event in every language, so calendars never hold it twice.
    event.add("uid", f"{event_page.translation_key}@series")
    event.add("sequence", event_page.calendar_sequence)
    event.add("dtstamp", stamp)
    event.add("dtstart", timezone.localtime(event_page.starts_at, tz))
    event.add("dtend", timezone.localtime(event_page.ends_at, tz))
    published = [p for p in (page.last_published_at, event_page.last_published_at) if p]
    if published:
        event.add("last-modified", max(published))
    title = (
        _("Cancelled: %(title)s") % {"title": page.title} if cancelled else page.title
    )
    event.add("summary", title)
    event.add("description", _description(page, url, link))
    event.add("location", _location(event_page, link))
    if url:
        event.add("url", url)
    event.add("organizer", _organizer())
    if cancelled:
        event.add("status", "CANCELLED")
    elif event_page.event_status == EventStatus.POSTPONED:
        event.add("status", "TENTATIVE")
    else:
        event.add("status", "CONFIRMED")
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", page.title)
        alarm.add("trigger", timedelta(minutes=-conf.get("CALENDAR_ALARM_MINUTES")))
        event.add_component(alarm)
    return event


def sessions_ical(
    sessions: Iterable[SoTalkSessionPage],
    *,
    language: str,
    method: str = "PUBLISH",
    include_join_url: bool = False,
    join_link: str = "",
    name: str = "",
    request: HttpRequest | None = None,
) -> str:
    """A calendar of the sessions, with text and links in `language` where translated.

    `include_join_url` is for registrants' e-mails only: public calendars never
    carry the join link; `join_link`, a registrant's personal link, stands in for the
    session's. `method` is PUBLISH, or REQUEST/CANCEL in e-mails.
    """
    pages = _in_language(list(sessions), language)
    session_list_with_series(pages)
    attach_sources(pages)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)
    if name:
        calendar.add("name", name)
        calendar.add("x-wr-calname", name)
    if pages:
        calendar.add(
            "x-wr-timezone", str(pages[0].series.tz if pages[0].series else pages[0].tz)
        )
    calendar.add(
        "refresh-interval",
        vDuration(timedelta(hours=1)),
        parameters={"VALUE": "DURATION"},
    )
    calendar.add("x-published-ttl", "PT1H")
    stamp = timezone.now()
    with translation.override(language):
        for page in pages:
            calendar.add_component(
                _event(
                    page,
                    method=method,
                    include_join_url=include_join_url,
                    stamp=stamp,
                    request=request,
                    join_link=join_link,
                )
            )
    calendar.add_missing_timezones()
    return calendar.to_ical().decode()
