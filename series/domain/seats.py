"""The scarce resource: a session's seats. Whoever changes who holds one locks the
event's source page first, then counts."""

import time
from datetime import datetime

from django.utils import timezone

from ..models import (
    EmailKind,
    EventStatus,
    Registration,
    RegistrationStatus,
    SoTalkSessionPage,
)
from ..outbox.queue import email_queue
from ..outbox.reminders import reminder_schedule
from .audit import registration_log
from .errors import RegistrationClosed, RegistrationNotOpen, SessionFull

# Tests widen the race between counting and writing with this pause (seconds).
PAUSE_AFTER_COUNT = 0.0


def session_lock(session: SoTalkSessionPage) -> SoTalkSessionPage:
    """Lock the event's source page row (PostgreSQL); on SQLite the IMMEDIATE
    transaction already serialises writers. Returns the fresh source page."""
    return (
        SoTalkSessionPage.objects.select_for_update(of=("self",))
        .defer_streamfields()  # the body is not needed, and is the row's bulk
        .get(pk=session.source.pk)
    )


def seats_taken(source: SoTalkSessionPage) -> int:
    taken = Registration.objects.filter(session=source).confirmed().count()
    if PAUSE_AFTER_COUNT:
        time.sleep(PAUSE_AFTER_COUNT)
    return taken


def seats_free(source: SoTalkSessionPage) -> int | None:
    """Free seats (never below zero, even when staff overbooked); None: unlimited."""
    if source.capacity is None:
        return None
    return max(source.capacity - seats_taken(source), 0)


def status_for_newcomer(
    source: SoTalkSessionPage, *, overbook: bool = False
) -> tuple[RegistrationStatus, bool]:
    """A seat while one is free, else the waiting list (or a seat over capacity when
    staff overbook); returns the status and whether it overbooks. SessionFull when
    neither applies."""
    free = seats_free(source)
    if free is None or free > 0:
        return RegistrationStatus.CONFIRMED, False
    if overbook:
        return RegistrationStatus.CONFIRMED, True
    if source.waitlist_enabled:
        return RegistrationStatus.WAITLISTED, False
    raise SessionFull()


def registration_window_check(*, session: SoTalkSessionPage, now: datetime) -> None:
    """Raise the refusal that applies if a visitor cannot register now."""
    if session.event_status != EventStatus.SCHEDULED or session.starts_at <= now:
        raise RegistrationClosed()
    if session.registration_opens_at and now < session.registration_opens_at:
        raise RegistrationNotOpen(session.registration_opens_at)
    if session.registration_closes_at and now >= session.registration_closes_at:
        raise RegistrationClosed()


def seat_give(
    *, registration: Registration, source: SoTalkSessionPage, overbooked: bool = False
) -> None:
    """Confirm a registration that waited, and tell them (under the session lock)."""
    registration.status = RegistrationStatus.CONFIRMED
    registration.promoted_at = timezone.now()
    registration.overbooked = overbooked
    registration.save(
        update_fields=["status", "promoted_at", "overbooked", "updated_at"]
    )
    email_queue(registration=registration, kind=EmailKind.PROMOTED)
    reminder_schedule(registration=registration, session=source)


def waitlist_fill(*, source: SoTalkSessionPage, staff_user=None) -> list[Registration]:
    """Give the free seats of a locked session to the waiting list, in order.

    Nobody moves up while the session is full or over capacity, nor after it ended.
    """
    if source.ends_at <= timezone.now():
        return []
    free = seats_free(source)
    waiting = Registration.objects.filter(session=source).waiting_line()
    if free is not None:
        waiting = waiting[:free] if free > 0 else waiting.none()
    promoted = []
    for registration in waiting:
        seat_give(registration=registration, source=source)
        registration_log(registration, "series.registration.promote", staff_user)
        promoted.append(registration)
    return promoted
