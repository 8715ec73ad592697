"""The API's session list, item by item from the shared cache.

A session's item changes only when content is published (the content version of
`read.versions`), so it is kept under its page id, language, host and that version.
What changes without a publish is computed per request, outside the kept part: the
registration state and seats (from figures kept under the seats version), and what
the passing of time changes (`is_past`, the recording link). The list is then
rendered once, without validating its items again: each was built by the same
builders the schema is tested against.
"""

import zoneinfo
from collections.abc import Callable
from datetime import datetime
from typing import Any

from django.core.cache import cache
from django.http import HttpRequest
from django.utils import timezone

from .. import conf
from ..models import RegistrationState, SoTalkSessionPage, session_registration_states
from ..models.availability import attach_event_figures
from ..read.fragments import kept_figures, request_versions
from ..read.sessions import with_speakers
from .schemas import Batch, registration_out, session_out

# Kept beside each item, dropped from the answer.
PRIVATE = ("_modified", "_asks_access_needs")


def item_key(request: HttpRequest, session: SoTalkSessionPage, content: int) -> str:
    host = f"{request.scheme}://{request.get_host()}"
    language = session.locale.language_code
    return f"series:api:item:{content}:{host}:{language}:{session.pk}"


def kept_part(session: SoTalkSessionPage, batch: Batch) -> dict[str, Any]:
    """An item as the builders make it, with what each request sets left out."""
    item = session_out(session, batch)
    event = session.source
    moments = [
        session.last_published_at,
        event.last_published_at,
        session.series.last_published_at if session.series else None,
        *(
            appearance.speaker.last_published_at
            for appearance in session.session_speakers.all()
        ),
    ]
    item.update(
        registration=None,
        _asks_access_needs=item["registration"]["asks_access_needs"],
        _modified=max((m for m in moments if m is not None), default=None),
    )
    return item


def items_build(
    request: HttpRequest,
    pks: list[int],
    states: dict[int, RegistrationState],
    batch_for: Callable[[HttpRequest, list, dict], Batch],
) -> dict[int, dict[str, Any]]:
    sessions = list(with_speakers(SoTalkSessionPage.objects.filter(pk__in=pks)))
    batch = batch_for(request, sessions, states)
    return {session.pk: kept_part(session, batch) for session in sessions}


def answer_item(
    kept: dict[str, Any], event: SoTalkSessionPage, state: RegistrationState, now
) -> dict[str, Any]:
    """The kept part with this request's state and time (`event` as read now)."""
    item = {key: value for key, value in kept.items() if key not in PRIVATE}
    tz = zoneinfo.ZoneInfo(kept["time_zone"])
    is_past = event.ends_at < now
    item["is_past"] = is_past
    item["recording_url"] = (event.recording_url or None) if is_past else None
    item["registration"] = {
        **registration_out(event, state, tz),
        "asks_access_needs": kept["_asks_access_needs"],  # a series setting
    }
    return item


def session_items(
    request: HttpRequest,
    sessions: list[SoTalkSessionPage],
    batch_for: Callable[[HttpRequest, list, dict], Batch],
) -> tuple[list[dict[str, Any]], list[datetime | None]]:
    """The list's items, in order, and the moments their Last-Modified comes from.
    `sessions` need no speakers or body: only what the registration states read."""
    keys = {session.translation_key for session in sessions}
    attach_event_figures(sessions, kept_figures(request, keys))
    states = session_registration_states(sessions)
    content = request_versions(request)[0]
    keys = {session.pk: item_key(request, session, content) for session in sessions}
    found = cache.get_many(list(keys.values()))
    kept = {pk: found[key] for pk, key in keys.items() if key in found}
    missing = [pk for pk in keys if pk not in kept]
    if missing:
        built = items_build(request, missing, states, batch_for)
        cache.set_many(
            {keys[pk]: item for pk, item in built.items()},
            conf.get("API_CACHE_SECONDS"),
        )
        kept.update(built)
    now = timezone.now()
    items, moments = [], []
    for session in sessions:
        state = states[session.pk]
        items.append(answer_item(kept[session.pk], session.source, state, now))
        moments += [kept[session.pk]["_modified"], state.changed_at]
        moments += [
            moment
            for moment in (state.opens_at, state.closes_at, session.source.ends_at)
            if moment and moment <= now
        ]
    return items, moments
