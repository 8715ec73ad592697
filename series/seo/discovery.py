"""What search engines and social networks read: schema.org Event and share cards."""

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import to_locale
from wagtail.images.models import AbstractImage
from wagtail.models import Page, Site
from wagtail.rich_text import get_text_for_indexing

from .. import conf
from ..models import (
    EventStatus,
    RegistrationPhase,
    RegistrationState,
    SessionFormat,
    SessionSpeaker,
    SoTalkSessionPage,
)
from ..read.sessions import page_url
from ..read.site import organizer_name
from ..renditions import SHARE_IMAGE, SPEAKER_PHOTO

SCHEMA = "https://schema.org/"
ATTENDANCE_MODES = {
    SessionFormat.ONLINE: "OnlineEventAttendanceMode",
    SessionFormat.IN_PERSON: "OfflineEventAttendanceMode",
    SessionFormat.HYBRID: "MixedEventAttendanceMode",
}
EVENT_STATUSES = {
    EventStatus.SCHEDULED: "EventScheduled",
    EventStatus.POSTPONED: "EventPostponed",
    EventStatus.CANCELLED: "EventCancelled",
}
# Open Graph wants language_TERRITORY.
OG_LOCALES = {"nb": "nb_NO", "nn": "nn_NO", "en": "en_GB", "sv": "sv_SE", "da": "da_DK"}
# The same escapes as Django's json_script: no "</script>" can end the element early.
JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def og_locale(language: str) -> str:
    return OG_LOCALES.get(language, to_locale(language))


@dataclass(frozen=True)
class ShareImage:
    url: str
    width: int
    height: int
    alt: str


@dataclass(frozen=True)
class ShareCard:
    """Open Graph and Twitter card values for one page."""

    title: str
    description: str
    url: str
    locale: str
    site_name: str
    alternate_locales: list[str] = field(default_factory=list)
    image: ShareImage | None = None
    type: str = "website"


def _share_image_source(page: Page) -> AbstractImage | None:
    image = getattr(page, "hero_image", None)
    if image is None and isinstance(page, SoTalkSessionPage):
        series = page.series
        image = series.hero_image if series else None
        if image is None:
            first = page.session_speakers.select_related("speaker__photo").first()
            image = first.speaker.photo if first else None
    return image


def _description(page: Page) -> str:
    text = (
        page.search_description
        or getattr(page, "lead", "")
        or get_text_for_indexing(getattr(page, "intro", "") or "")
        or getattr(page, "hero_text", "")
    )
    return Truncator(" ".join(text.split())).chars(200)


def share_card(
    page: Page, request: HttpRequest, alternate_languages: Sequence[str] = ()
) -> ShareCard:
    language = page.locale.language_code
    site = Site.find_for_request(request)
    image = _share_image_source(page)
    share_image = None
    if image is not None:
        rendition = image.get_rendition(SHARE_IMAGE)
        share_image = ShareImage(
            url=request.build_absolute_uri(rendition.url),
            width=rendition.width,
            height=rendition.height,
            alt=image.description or image.title,
        )
    return ShareCard(
        title=page.seo_title or page.title,
        description=_description(page),
        url=page_url(page, request),
        locale=og_locale(language),
        site_name=(site.site_name if site else "")
        or getattr(settings, "WAGTAIL_SITE_NAME", ""),
        alternate_locales=[
            og_locale(code) for code in alternate_languages if code != language
        ],
        image=share_image,
    )


AVAILABILITY = {
    RegistrationPhase.OPEN: "InStock",
    RegistrationPhase.FEW_LEFT: "LimitedAvailability",
    RegistrationPhase.NOT_OPEN: "PreOrder",
}


def _availability(state: RegistrationState) -> str:
    return SCHEMA + AVAILABILITY.get(state.phase, "SoldOut")


def _performer(item: SessionSpeaker, request: HttpRequest) -> dict[str, Any]:
    speaker = item.speaker
    person: dict[str, Any] = {"@type": "Person", "name": speaker.name}
    if speaker.role:
        person["jobTitle"] = speaker.role
    if speaker.organisation:
        person["affiliation"] = {"@type": "Organization", "name": speaker.organisation}
    if speaker.photo:
        rendition = speaker.photo.get_rendition(SPEAKER_PHOTO[0])
        person["image"] = request.build_absolute_uri(rendition.url)
    return person


def event_jsonld(
    page: SoTalkSessionPage,
    *,
    request: HttpRequest,
    speakers: Sequence[SessionSpeaker],
    state: RegistrationState,
    image_url: str = "",
) -> dict[str, Any]:
    """A schema.org Event: facts from the source page, text in the page's language."""
    event = page.source
    tz = page.tz
    url = page_url(page, request)
    virtual = {"@type": "VirtualLocation", "url": url}
    place = {"@type": "Place", "name": event.venue, "address": event.venue}
    location: Any = {
        SessionFormat.ONLINE: virtual,
        SessionFormat.IN_PERSON: place,
        SessionFormat.HYBRID: [place, virtual],
    }[event.format]
    organizer = {
        "@type": "Organization",
        "name": organizer_name(),
        "url": conf.get("ORGANIZER_URL") or request.build_absolute_uri("/"),
    }
    offer: dict[str, Any] = {
        "@type": "Offer",
        "url": f"{url}#register",
        "price": "0",
        "priceCurrency": conf.get("PRICE_CURRENCY"),
        "availability": _availability(state),
    }
    valid_from = state.opens_at or page.first_published_at
    if valid_from:
        offer["validFrom"] = timezone.localtime(valid_from, tz).isoformat()
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": page.title,
        "description": _description(page),
        "url": url,
        "startDate": timezone.localtime(event.starts_at, tz).isoformat(),
        "endDate": timezone.localtime(event.ends_at, tz).isoformat(),
        "eventAttendanceMode": SCHEMA + ATTENDANCE_MODES[event.format],
        "eventStatus": SCHEMA + EVENT_STATUSES[event.event_status],
        "location": location,
        "organizer": organizer,
        "performer": [_performer(item, request) for item in speakers],
        "inLanguage": page.held_in_language or page.locale.language_code,
        "isAccessibleForFree": True,
        "offers": offer,
    }
    if image_url:
        data["image"] = [image_url]
    return data


def jsonld_script(data: dict[str, Any]) -> SafeString:
    """`<script type="application/ld+json">`, escaped as Django's json_script does."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    return mark_safe(  # noqa: S308 (escaped above: no <, > or & is left)
        '<script type="application/ld+json">'
        + text.translate(JSON_SCRIPT_ESCAPES)
        + "</script>"
    )


def google_calendar_url(page: SoTalkSessionPage, request: HttpRequest) -> str:
    """A Google Calendar "add event" link: times in UTC, text in the page language."""
    event = page.source
    utc = "%Y%m%dT%H%M%SZ"
    where = event.venue if event.format != SessionFormat.ONLINE else ""
    query = {
        "action": "TEMPLATE",
        "text": page.title,
        "dates": (
            f"{event.starts_at.astimezone(UTC).strftime(utc)}/"
            f"{event.ends_at.astimezone(UTC).strftime(utc)}"
        ),
        "details": f"{page.lead}\n\n{page_url(page, request)}".strip(),
        "ctz": str(page.tz),
    }
    if where:
        query["location"] = where
    return "https://calendar.google.com/calendar/render?" + urlencode(query)
