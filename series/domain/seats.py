"""The scarce resource: a session's seats. Whoever changes who holds one locks the
event's source page first, then counts."""

import time
from datetime import datetime, timedelta

from django.db import OperationalError, transaction
from django.utils import timezone
from django_tasks import task

from ..models import (
    EmailDelivery,
    EmailKind,
    EventStatus,
    Registration,
    RegistrationStatus,
    SoTalkSessionPage,
)
from ..outbox.queue import email_queue
from ..outbox.reminders import reminder_schedule
from .audit import registration_log, registration_log_amend
from .errors import (
    RegistrationClosed,
    RegistrationNotOpen,
    SessionFull,
)

# Tests widen the race between counting and writing with this pause (seconds).
PAUSE_AFTER_COUNT = 0.0
DEADLOCK_DETECTED = "40P01"  # PostgreSQL's SQLSTATE


def session_lock(session: SoTalkSessionPage) -> SoTalkSessionPage:
    """Lock the event's source page row (PostgreSQL); on SQLite the IMMEDIATE
    transaction already serialises writers. Returns the fresh source page."""
    source = session.source
    # The series' settings (confirmation, offers) are not what the lock guards: read
    # them before it, once for both pages, so that no query for them waits under it.
    series = source.series
    locked = (
        SoTalkSessionPage.objects.select_for_update(of=("self",))
        .defer_streamfields()  # the body is not needed, and is the row's bulk
        .get(pk=source.pk)
    )
    locked.series = series
    return locked


def lost_to_a_deadlock(error: OperationalError) -> bool:
    """A transaction that wrote a registration before `session_lock` can deadlock
    with staff adding the same address meanwhile (each waits for the other's lock or
    unique index entry); PostgreSQL ends one of them with this error."""
    return getattr(error.__cause__, "sqlstate", None) == DEADLOCK_DETECTED


def seat_claim(*, registration: Registration, source: SoTalkSessionPage) -> None:
    """Under the lock, for a registration already written as a seat: keep it if the
    seats taken, this one included, fit the capacity; else move it to the waiting
    list, its first e-mail and log entry with it, or refuse (SessionFull), which
    rolls it all back."""
    if source.capacity is None or seats_taken(source) <= source.capacity:
        return
    if not source.waitlist_enabled:
        raise SessionFull()
    status = RegistrationStatus.WAITLISTED
    registration.status = status
    registration.waitlisted_at = timezone.now()
    registration.save(update_fields=["status", "waitlisted_at", "updated_at"])
    EmailDelivery.objects.filter(
        registration=registration, kind=EmailKind.CONFIRMATION
    ).update(kind=EmailKind.WAITLISTED)
    registration_log_amend(
        registration, "series.registration.create", {"status": status}
    )


def seats_taken(source: SoTalkSessionPage) -> int:
    """Confirmed seats and seats held by an offer."""
    taken = Registration.objects.filter(session=source).seat_holding().count()
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


def offer_hours(source: SoTalkSessionPage) -> int:
    """How long someone from the waiting list may take to claim a freed seat; 0
    gives it at once."""
    series = source.series
    return series.waitlist_offer_hours if series else 0


@task()
def offer_lapse_task(registration_id: int) -> str:
    """Deferred to the offer's expiry; `send_reminders` is the safety net."""
    return offer_lapse(registration_id=registration_id)


def seat_offer(
    *, registration: Registration, source: SoTalkSessionPage, now: datetime
) -> None:
    """Hold a seat for someone who waited, until they claim it or the offer lapses
    (never past the start), and tell them (under the session lock)."""
    expires_at = min(now + timedelta(hours=offer_hours(source)), source.starts_at)
    registration.status = RegistrationStatus.OFFERED
    registration.offered_at = now
    registration.offer_expires_at = expires_at
    registration.save(
        update_fields=["status", "offered_at", "offer_expires_at", "updated_at"]
    )
    email_queue(registration=registration, kind=EmailKind.OFFER)
    offer_lapse_task.using(run_after=expires_at).enqueue(registration.pk)


def waitlist_fill(
    *, source: SoTalkSessionPage, staff_user=None, now: datetime | None = None
) -> list[Registration]:
    """Give the free seats of a locked session to the waiting list, in order: at
    once, or as offers when the series gives time to claim them.

    Nobody moves up while the session is full or over capacity, nor after it ended;
    no offer is made once it has started.
    """
    now = now or timezone.now()
    offering = offer_hours(source) > 0
    if source.ends_at <= now or (offering and source.starts_at <= now):
        return []
    free = seats_free(source)
    waiting = Registration.objects.filter(session=source).waiting_line()
    if free is not None:
        waiting = waiting[:free] if free > 0 else waiting.none()
    promoted = []
    for registration in waiting:
        if offering:
            seat_offer(registration=registration, source=source, now=now)
            registration_log(registration, "series.registration.offer", staff_user)
        else:
            seat_give(registration=registration, source=source)
            registration_log(registration, "series.registration.promote", staff_user)
        promoted.append(registration)
    return promoted


@transaction.atomic
def offer_lapse(*, registration_id: int, now: datetime | None = None) -> str:
    """An unclaimed offer past its time lapses and the seat goes to the next in
    line. Under the session lock, so that a claim and a lapse never both win."""
    now = now or timezone.now()
    registration = (
        Registration.objects.select_related("session")
        .filter(pk=registration_id)
        .first()
    )
    if registration is None:
        return "gone"
    source = session_lock(registration.session)
    registration = Registration.objects.select_for_update().get(pk=registration_id)
    if registration.status != RegistrationStatus.OFFERED:
        return "not-offered"
    if registration.offer_expires_at > now:
        return "not-due"  # the offer was renewed; its own task comes later
    registration.status = RegistrationStatus.CANCELLED
    registration.cancelled_at = now
    registration.save(update_fields=["status", "cancelled_at", "updated_at"])
    email_queue(registration=registration, kind=EmailKind.OFFER_LAPSED)
    registration_log(registration, "series.registration.offer_lapse")
    waitlist_fill(source=source, now=now)
    return "lapsed"
