"""The registration state of a session: the one rule that the page, the API, the
page explorer, the dashboard and the e-mails all read."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

from .choices import EventStatus, RegistrationPhase
from .querysets import REGISTRATION_FIGURES, attach_sources, event_figures


@dataclass(frozen=True)
class EventFacts:
    """What the rule reads of an event: a source page has these fields; a listing
    row annotated with them builds one."""

    starts_at: datetime
    ends_at: datetime
    capacity: int | None
    waitlist_enabled: bool
    event_status: str
    registration_opens_at: datetime | None
    registration_closes_at: datetime | None


@dataclass(frozen=True)
class RegistrationState:
    """Whether a session takes registrations now, and how many seats are left."""

    phase: RegistrationPhase
    seats_left: int | None  # None: unlimited
    opens_at: datetime | None  # None: open since the page was published
    closes_at: datetime
    confirmed: int = 0
    waitlisted: int = 0
    offered: int = 0  # seats held for people from the waiting list
    # Latest registration change: part of the API's Last-Modified.
    changed_at: datetime | None = None

    @property
    def state(self) -> str:
        return self.phase.value

    @property
    def accepts_registrations(self) -> bool:
        return self.phase.accepts_registrations

    @property
    def label(self) -> str:
        return str(self.phase.label)


def few_seats_left(capacity: int | None, seats_left: int | None) -> bool:
    """Once seats are taken, one in ten or fewer left (at least the last one)."""
    if not capacity or seats_left is None or seats_left >= capacity:
        return False
    return 0 < seats_left <= max(1, capacity // 10)


def phase_of(
    event: EventFacts, taken: int, now: datetime
) -> tuple[RegistrationPhase, int | None]:
    """The phase of an event with `taken` seats (confirmed or offered), and the seats
    left."""
    seats_left = None if event.capacity is None else max(event.capacity - taken, 0)
    closes_at = event.registration_closes_at or event.starts_at
    if event.event_status == EventStatus.CANCELLED:
        return RegistrationPhase.CANCELLED, seats_left
    if event.ends_at <= now:
        return RegistrationPhase.PAST, seats_left
    if event.event_status == EventStatus.POSTPONED or closes_at <= now:
        return RegistrationPhase.CLOSED, seats_left
    if event.registration_opens_at and now < event.registration_opens_at:
        return RegistrationPhase.NOT_OPEN, seats_left
    if seats_left == 0:
        if event.waitlist_enabled:
            return RegistrationPhase.WAITLIST, seats_left
        return RegistrationPhase.FULL, seats_left
    if few_seats_left(event.capacity, seats_left):
        return RegistrationPhase.FEW_LEFT, seats_left
    return RegistrationPhase.OPEN, seats_left


def state_of(
    event: EventFacts,
    *,
    confirmed: int,
    waitlisted: int = 0,
    offered: int = 0,
    changed_at: datetime | None = None,
    now: datetime | None = None,
) -> RegistrationState:
    phase, seats_left = phase_of(event, confirmed + offered, now or timezone.now())
    return RegistrationState(
        phase=phase,
        seats_left=seats_left,
        opens_at=event.registration_opens_at,
        closes_at=event.registration_closes_at or event.starts_at,
        confirmed=confirmed,
        waitlisted=waitlisted,
        offered=offered,
        changed_at=changed_at,
    )


def _has_figures(page) -> bool:
    return all(name in page.__dict__ for name in REGISTRATION_FIGURES)


def attach_event_figures(sessions: Iterable, figures: dict | None = None) -> None:
    """Give each session its event's registration figures (`event_figures`), read
    now in one query for all of them unless given (several lists on one page share
    them)."""
    sessions = list(sessions)
    if not sessions:
        return
    if figures is None:
        figures = event_figures({session.translation_key for session in sessions})
    for session in sessions:
        row = figures.get(session.translation_key, {})
        for name in REGISTRATION_FIGURES:
            session.__dict__[name] = row.get(name)


def session_registration_states(
    sessions: Iterable, *, now: datetime | None = None
) -> dict[int, RegistrationState]:
    """State per session pk, pages of any locale, with each event's facts from its
    source page. Two queries at most; none for pages annotated with
    `with_registration_figures()` whose sources are attached."""
    sessions = list(sessions)
    if not sessions:
        return {}
    attach_sources(sessions)
    missing = {
        session.translation_key
        for session in sessions
        if not _has_figures(session) and not _has_figures(session.source)
    }
    figures = event_figures(missing) if missing else {}
    states = {}
    for session in sessions:
        holder = session if _has_figures(session) else session.source
        row = figures.get(session.translation_key) or {
            name: holder.__dict__.get(name) for name in REGISTRATION_FIGURES
        }
        states[session.pk] = state_of(
            session.source,
            confirmed=row.get("registrations_confirmed") or 0,
            waitlisted=row.get("registrations_waitlisted") or 0,
            offered=row.get("registrations_offered") or 0,
            changed_at=row.get("registrations_changed_at"),
            now=now,
        )
    return states


def registration_state(session, *, now: datetime | None = None) -> RegistrationState:
    """The registration state of one session (a page in any locale)."""
    return session_registration_states([session], now=now)[session.pk]
