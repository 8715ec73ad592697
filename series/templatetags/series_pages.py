"""Tags for the public pages: the registration state of a whole list in one read, a
session's time that never breaks inside its hours, and which refusal a form shows."""

import re
from collections.abc import Iterable
from urllib.parse import quote, urlencode

from django import template
from django.utils.html import format_html
from django.utils.translation import get_language

from ..domain.errors import AlreadyRegistered
from ..formatting import format_date, time_zone_name
from ..models.availability import RegistrationState, session_registration_states
from ..models.topics import attach_topics
from ..read.fragments import content_version as request_content_version
from ..read.fragments import kept_many
from ..read.series_lists import series_lists as read_series_lists
from ..read.sessions import page_url

register = template.Library()

SEPARATOR = re.compile(r"^[\s,]+")


@register.simple_tag
def with_registration_states(sessions: Iterable) -> list[tuple]:
    """(session, state) for each session, the states read in bulk."""
    sessions = list(sessions)
    states = session_registration_states(sessions)
    return [(session, states.get(session.pk)) for session in sessions]


@register.simple_tag(takes_context=True)
def content_version(context) -> int:
    """What cached fragments of published content are keyed on: any publish,
    unpublish or deletion of a page or speaker changes it (`read.versions`)."""
    return request_content_version(context.get("request"))


CARD = "series/includes/session_card.html"


def _state_signature(state: RegistrationState | None) -> tuple:
    if state is None:
        return ("none",)
    opens = state.opens_at.isoformat() if state.opens_at else ""
    return (state.state, state.seats_left, opens)


@register.simple_tag(takes_context=True)
def session_cards(context, sessions: Iterable) -> list[str]:
    """The rendered card of each session. The states are read now, in bulk; each card
    is kept under the content version and the state it shows, so it is as fresh as
    this request's read of the seats, and one cache round trip serves the list."""
    sessions = {session.pk: session for session in sessions}
    states = session_registration_states(list(sessions.values()))
    request = context.get("request")
    version = request_content_version(request)
    card = context.template.engine.get_template(CARD)

    def render(pk) -> str:
        if not hasattr(sessions[pk], "shown_topics"):  # the first card built
            attach_topics(list(sessions.values()))  # the whole list's, at once
        values = {"session": sessions[pk], "state": states.get(pk)}
        with context.push(content_version=version, **values):
            return card.render(context)

    parts = {pk: (pk, *_state_signature(states.get(pk))) for pk in sessions}
    return list(kept_many(request, "session-card", parts, render).values())


@register.simple_tag(takes_context=True)
def series_lists(context, series, tags) -> dict:
    """A series page's upcoming and past sessions, each a paginator page."""
    upcoming, past = read_series_lists(context["request"], series, tags)
    return {"upcoming": upcoming, "past": past}


@register.simple_tag
def session_when(session, language: str | None = None) -> str:
    """'torsdag 28. oktober 2021 kl. 09.00–10.15 (CEST)', the part from 'kl.' kept on
    one line; a session over several days is written in full."""
    language = language or get_language()
    full = session.formatted_time(language)
    zone = time_zone_name(session.starts_at, session.tz)
    date = format_date(session.starts_at, session.tz, language)
    same_day = session.local_starts_at.date() == session.local_ends_at.date()
    if not same_day or not full.startswith(date):
        return format_html('{} <span class="tz">({})</span>', full, zone)
    rest = full[len(date) :]
    separator = SEPARATOR.match(rest)
    joiner = separator.group(0) if separator else ""
    return format_html(
        '{}{}<span class="nowrap">{} <span class="tz">({})</span></span>',
        date,
        joiner,
        rest[len(joiner) :],
        zone,
    )


@register.filter
def takes_registrations(state: RegistrationState | None) -> bool:
    return bool(state) and state.state in ("open", "few_left", "waitlist")


@register.filter
def is_already_registered(error) -> bool:
    """A form error (from `non_field_errors.as_data`) that is the duplicate refusal."""
    return getattr(error, "code", None) == AlreadyRegistered.code or str(
        getattr(error, "message", error)
    ) == str(AlreadyRegistered.default_message)


@register.simple_tag(takes_context=True)
def share_links(context, page) -> dict[str, str]:
    """Share links with nothing but the page's address (and title, by e-mail)."""
    url = page_url(page, context.get("request"))
    return {
        "url": url,
        "linkedin": "https://www.linkedin.com/sharing/share-offsite/?"
        + urlencode({"url": url}),
        "facebook": "https://www.facebook.com/sharer/sharer.php?"
        + urlencode({"u": url}),
        "email": "mailto:?"
        + urlencode({"subject": page.title, "body": url}, quote_via=quote),
    }
