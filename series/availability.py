"""Registration state of sessions (open, full, waiting list...), read in bulk."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from django.db.models import Count, Max, Q
from django.utils import timezone

from .loaders import REGISTRATION_COUNTS, attach_sources
from .models import EventStatus, Registration, RegistrationStatus, SoTalkSessionPage

StateName = Literal[
    "not_open", "open", "waitlist", "full", "closed", "past", "cancelled"
]


@dataclass(frozen=True)
class RegistrationState:
    """Whether a session takes registrations now, and how many seats are left."""

    state: StateName
    seats_left: int | None  # None: unlimited
    opens_at: datetime | None  # None: open since the page was published
    closes_at: datetime
    confirmed: int = 0
    waitlisted: int = 0
    # Latest registration change: part of the API's Last-Modified.
    changed_at: datetime | None = None

    @property
    def accepts_registrations(self) -> bool:
        return self.state in ("open", "waitlist")


def _state_for(
    event: SoTalkSessionPage, confirmed: int, now: datetime
) -> tuple[StateName, int | None]:
    seats_left = None if event.capacity is None else max(event.capacity - confirmed, 0)
    closes_at = event.registration_closes_at or event.starts_at
    if event.event_status == EventStatus.CANCELLED:
        return "cancelled", seats_left
    if event.ends_at <= now:
        return "past", seats_left
    if event.event_status == EventStatus.POSTPONED or closes_at <= now:
        return "closed", seats_left
    if event.registration_opens_at and now < event.registration_opens_at:
        return "not_open", seats_left
    if seats_left == 0:
        return ("waitlist" if event.waitlist_enabled else "full"), seats_left
    return "open", seats_left


def session_registration_states(
    sessions: Iterable[SoTalkSessionPage], *, now: datetime | None = None
) -> dict[int, RegistrationState]:
    """State per session pk, with facts and counts from each one's source page.

    Takes pages in any locale; one query for the counts unless
    `loaders.with_registration_counts` loaded them (plus one for the source pages
    unless `loaders.attach_sources` already set them).
    """
    sessions = list(sessions)
    if not sessions:
        return {}
    now = now or timezone.now()
    attach_sources(sessions)
    counts = {
        session.source.pk: {
            "confirmed": session.source.registrations_confirmed,
            "waitlisted": session.source.registrations_waitlisted,
            "changed_at": session.source.registrations_changed_at,
        }
        for session in sessions
        if all(name in session.source.__dict__ for name in REGISTRATION_COUNTS)
    }
    counts |= {
        row["session_id"]: row
        for row in Registration.objects.filter(
            session_id__in={session.source.pk for session in sessions} - counts.keys()
        )
        .values("session_id")
        .annotate(
            confirmed=Count("pk", filter=Q(status=RegistrationStatus.CONFIRMED)),
            waitlisted=Count("pk", filter=Q(status=RegistrationStatus.WAITLISTED)),
            changed_at=Max("updated_at"),
        )
        .order_by()
    }
    states = {}
    for session in sessions:
        event = session.source
        row = counts.get(event.pk, {})
        confirmed = row.get("confirmed", 0)
        state, seats_left = _state_for(event, confirmed, now)
        states[session.pk] = RegistrationState(
            state=state,
            seats_left=seats_left,
            opens_at=event.registration_opens_at,
            closes_at=event.registration_closes_at or event.starts_at,
            confirmed=confirmed,
            waitlisted=row.get("waitlisted", 0),
            changed_at=row.get("changed_at"),
        )
    return states


def registration_state(
    session: SoTalkSessionPage, *, now: datetime | None = None
) -> RegistrationState:
    """The registration state of one session (page in any locale)."""
    return session_registration_states([session], now=now)[session.pk]
