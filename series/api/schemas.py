"""The series API's typed shapes, and how pages and speakers become them.

Builders take lists prepared by `loaders` (sources, series, translations,
renditions prefetched), so serialising adds no query per item. They return plain
dicts: django-ninja validates each response once, against the operation's schema,
instead of once per nested object and again for the whole.
"""

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any, Literal

from django.http import HttpRequest
from django.utils import timezone, translation
from ninja import Field, Schema
from wagtail.api.rich_text import APIRichText
from wagtail.blocks import StreamValue
from wagtail.images.models import AbstractImage
from wagtail.rich_text import RichText

from ..formatting import format_session_time, time_zone_name
from ..models import (
    RegistrationPhase,
    RegistrationState,
    SeriesIndexPage,
    SoTalkSessionPage,
    Speaker,
)
from ..read.renditions import renditions_of
from ..read.sessions import TranslationLink, page_url
from ..renditions import SERIES_HERO, SESSION_HERO, SPEAKER_PHOTO
from ..richtext import ExpandedRichText, expand_rich_text, rich_text_many


class RenditionOut(Schema):
    spec: str
    url: str
    width: int
    height: int


class ImageOut(Schema):
    id: int
    alt: str
    renditions: list[RenditionOut]


class TranslationOut(Schema):
    locale: str
    id: int
    title: str
    url: str


class LinkOut(Schema):
    label: str
    url: str


class SpeakerOut(Schema):
    id: int
    locale: str
    name: str
    role: str
    organisation: str
    bio: str  # HTML
    photo: ImageOut | None
    links: list[LinkOut]


class SpeakerWithSessionsOut(SpeakerOut):
    session_ids: list[int]


class SessionSpeakerOut(SpeakerOut):
    session_role: str  # e.g. "Moderator"; empty for a speaker


class TopicOut(Schema):
    slug: str  # in the session's language where the topic is translated
    name: str


class GoalOut(Schema):
    number: int  # 1–17, the UN's Sustainable Development Goals
    name: str  # the official short name in the session's language


class SeriesRefOut(Schema):
    id: int
    title: str
    url: str


# A literal, not the enum: generated clients keep their type names (…OutState).
PhaseName = Literal[tuple(RegistrationPhase.values)]  # type: ignore[misc]


class RegistrationOut(Schema):
    state: PhaseName  # type: ignore[valid-type]
    accepts_registrations: bool
    seats_left: int | None
    capacity: int | None
    waitlist_enabled: bool
    opens_at: datetime | None
    closes_at: datetime
    asks_access_needs: bool = Field(
        False, description="The form asks about accommodations (`access_needs`)."
    )


class BlockOut(Schema):
    id: str | None
    type: str
    html: str
    value: Any


class SessionOut(Schema):
    id: int
    locale: str
    title: str
    slug: str
    url: str
    calendar_url: str
    translations: list[TranslationOut]
    series: SeriesRefOut | None
    lead: str
    text_language: str
    starts_at: datetime
    ends_at: datetime
    time_zone: str
    time_zone_abbreviation: str
    time_display: str
    format: Literal["online", "in_person", "hybrid"]
    format_display: str
    venue: str
    delivery_language: str
    delivery_language_display: str
    event_status: Literal["scheduled", "postponed", "cancelled"]
    is_past: bool
    recording_url: str | None
    hero_image: ImageOut | None
    registration: RegistrationOut
    speakers: list[SessionSpeakerOut]
    topics: list[TopicOut]
    goals: list[GoalOut]
    last_published_at: datetime | None


class SessionDetailOut(SessionOut):
    body: list[BlockOut]


class SeriesOut(Schema):
    id: int
    locale: str
    title: str
    slug: str
    url: str
    calendar_url: str
    feed_url: str
    translations: list[TranslationOut]
    intro: str  # HTML
    text_language: str
    hero_image: ImageOut | None
    time_zone: str
    delivery_language: str
    organiser_name: str
    organiser_email: str
    topics: list[TopicOut]
    goals: list[GoalOut]
    last_published_at: datetime | None


class SeriesListOut(Schema):
    count: int
    items: list[SeriesOut]


class SessionListOut(Schema):
    count: int
    items: list[SessionOut]


class SpeakerListOut(Schema):
    count: int
    items: list[SpeakerWithSessionsOut]


@dataclass
class Batch:
    """What the builders need about a list of items, loaded up front."""

    request: HttpRequest
    translations: dict = field(default_factory=dict)
    states: dict[int, RegistrationState] = field(default_factory=dict)
    rich_text: dict[tuple[str, int], str] = field(default_factory=dict)

    def translations_of(self, page) -> list[dict[str, Any]]:
        links: list[TranslationLink] = self.translations.get(page.translation_key, [])
        return [asdict(link) for link in links]


def file_url(url: str, name: str) -> str:
    """A file beside a page, e.g. `<page url>calendar.ics`."""
    return f"{url.rstrip('/')}/{name}"


def image_out(
    image: AbstractImage | None,
    specs: Sequence[str],
    request: HttpRequest,
    alt: str = "",
) -> dict[str, Any] | None:
    if image is None:
        return None
    return {
        "id": image.pk,
        "alt": image.description or alt,
        "renditions": [
            {
                "spec": spec,
                "url": request.build_absolute_uri(rendition.url),
                "width": rendition.width,
                "height": rendition.height,
            }
            for spec, rendition in renditions_of(image, specs).items()
        ],
    }


def load_speaker_bios(batch: Batch, speakers: Sequence[Speaker]) -> None:
    unique = list({speaker.pk: speaker for speaker in speakers}.values())
    html = rich_text_many([speaker.bio for speaker in unique])
    batch.rich_text.update(
        {("bio", speaker.pk): text for speaker, text in zip(unique, html, strict=True)}
    )


def speaker_fields(speaker: Speaker, batch: Batch) -> dict[str, Any]:
    return {
        "id": speaker.pk,
        "locale": speaker.locale.language_code,
        "name": speaker.name,
        "role": speaker.role,
        "organisation": speaker.organisation,
        "bio": batch.rich_text.get(("bio", speaker.pk), ""),
        "photo": image_out(speaker.photo, SPEAKER_PHOTO, batch.request, speaker.name),
        "links": [
            {"label": link.value["label"], "url": link.value["url"]}
            for link in speaker.links
        ],
    }


def registration_out(
    event: SoTalkSessionPage, state: RegistrationState, tz
) -> dict[str, Any]:
    return {
        "state": state.state,
        "accepts_registrations": state.accepts_registrations,
        "seats_left": state.seats_left,
        "capacity": event.capacity,
        "waitlist_enabled": event.waitlist_enabled,
        "opens_at": timezone.localtime(state.opens_at, tz) if state.opens_at else None,
        "closes_at": timezone.localtime(state.closes_at, tz),
    }


def session_fields(session: SoTalkSessionPage, batch: Batch) -> dict[str, Any]:
    """Text from the page itself, event facts from its source page."""
    event = session.source
    series = session.series
    tz = series.tz if series else session.tz
    language = session.locale.language_code
    delivery = session.held_in_language
    url = page_url(session, batch.request)
    is_past = event.ends_at < timezone.now()
    with translation.override(language):
        held_in = session.held_in_label(language)
        format_display = str(event.get_format_display())
    speakers = list(session.session_speakers.all())
    return {
        "id": session.pk,
        "locale": language,
        "title": session.title,
        "slug": session.slug,
        "url": url,
        "calendar_url": file_url(url, "calendar.ics"),
        "translations": batch.translations_of(session),
        "series": {
            "id": series.pk,
            "title": series.title,
            "url": page_url(series, batch.request),
        }
        if series
        else None,
        "lead": session.lead,
        "text_language": session.text_language or language,
        "starts_at": timezone.localtime(event.starts_at, tz),
        "ends_at": timezone.localtime(event.ends_at, tz),
        "time_zone": str(tz),
        "time_zone_abbreviation": time_zone_name(event.starts_at, tz),
        "time_display": format_session_time(
            event.starts_at, event.ends_at, tz, language
        ),
        "format": event.format,
        "format_display": format_display,
        "venue": event.venue,
        "delivery_language": delivery,
        "delivery_language_display": held_in,
        "event_status": event.event_status,
        "is_past": is_past,
        "recording_url": (event.recording_url or None) if is_past else None,
        "hero_image": image_out(session.hero_image, SESSION_HERO, batch.request),
        "registration": {
            **registration_out(event, batch.states[session.pk], tz),
            "asks_access_needs": bool(series and series.ask_access_needs),
        },
        "speakers": [
            {**speaker_fields(item.speaker, batch), "session_role": item.role}
            for item in speakers
        ],
        **tags_out(session),
        "last_published_at": session.last_published_at,
    }


def tags_out(page: SoTalkSessionPage | SeriesIndexPage) -> dict[str, Any]:
    """A session's or series' topics (`attach_topics` ran) and goals (prefetched),
    named in the page's language."""
    with translation.override(page.locale.language_code):
        goals = [{"number": g.number, "name": g.name} for g in page.goals.all()]
    return {
        "topics": [
            {"slug": topic.slug, "name": topic.name}
            for topic in getattr(page, "shown_topics", [])
        ],
        "goals": goals,
    }


def session_out(session: SoTalkSessionPage, batch: Batch) -> dict[str, Any]:
    return session_fields(session, batch)


def block_value(child: StreamValue.StreamChild) -> Any:
    # A paragraph expanded ahead (loaders.expand_rich_text) is not expanded again.
    html_format = APIRichText.resolve_format() == APIRichText.FORMAT_HTML
    if isinstance(child.value, ExpandedRichText) and html_format:
        return child.value.html
    return child.block.get_api_representation(child.value, context={})


def body_out(page: SoTalkSessionPage, request: HttpRequest) -> list[dict[str, Any]]:
    """Each body block as the page renders it, and as structured data."""
    context = {"request": request, "page": page, "self": page}
    with translation.override(page.locale.language_code):
        # Every paragraph in one pass: one query for all their links.
        expand_rich_text(
            [
                (child, "value")
                for child in page.body
                if isinstance(child.value, RichText)
            ]
        )
        return [
            {
                "id": child.id,
                "type": child.block_type,
                "html": str(child.render(context=context)),
                "value": block_value(child),
            }
            for child in page.body
        ]


def session_detail_out(session: SoTalkSessionPage, batch: Batch) -> dict[str, Any]:
    return {
        **session_fields(session, batch),
        "body": body_out(session, batch.request),
    }


def series_out(series: SeriesIndexPage, batch: Batch) -> dict[str, Any]:
    url = page_url(series, batch.request)
    return {
        "id": series.pk,
        "locale": series.locale.language_code,
        "title": series.title,
        "slug": series.slug,
        "url": url,
        "calendar_url": file_url(url, "calendar.ics"),
        "feed_url": file_url(url, "feed.xml"),
        "translations": batch.translations_of(series),
        "intro": batch.rich_text.get(("intro", series.pk), ""),
        "text_language": series.text_language or series.locale.language_code,
        "hero_image": image_out(series.hero_image, SERIES_HERO, batch.request),
        "time_zone": series.time_zone,
        "delivery_language": series.delivery_language,
        "organiser_name": series.organiser_name,
        "organiser_email": series.organiser_email,
        **tags_out(series),
        "last_published_at": series.last_published_at,
    }


def load_series_intros(batch: Batch, series_list: Sequence[SeriesIndexPage]) -> None:
    html = rich_text_many([series.intro for series in series_list])
    batch.rich_text.update(
        {
            ("intro", series.pk): text
            for series, text in zip(series_list, html, strict=True)
        }
    )


def speaker_list_out(speaker: Speaker, batch: Batch) -> dict[str, Any]:
    return {
        **speaker_fields(speaker, batch),
        "session_ids": [item.page_id for item in speaker.session_appearances.all()],
    }
