"""A visitor's registration: create, cancel, and ask for the e-mail again. Each
operation is one transaction; the e-mail is queued in it."""

from dataclasses import dataclass, field
from functools import partial

from django.db import IntegrityError, OperationalError, transaction
from django.utils import timezone

from ..models import EmailKind, Registration, RegistrationStatus, SoTalkSessionPage
from ..outbox.queue import email_queue
from ..outbox.reminders import reminder_schedule
from .audit import registration_log
from .errors import (
    AlreadyRegistered,
    RegistrationNotCancellable,
    SessionNotFound,
)
from .opt_in import address_confirmation_request, confirmation_required
from .seats import (
    lost_to_a_deadlock,
    registration_window_check,
    seat_claim,
    session_lock,
    waitlist_fill,
)


@dataclass(frozen=True)
class Registrant:
    """Who registers, as they gave it (already validated by the form)."""

    name: str
    email: str
    language: str
    consent_version: str = ""
    organisation: str = ""
    answers: dict = field(default_factory=dict)
    access_needs: tuple[str, ...] = ()
    access_needs_other: str = ""


def is_registered(*, session: SoTalkSessionPage, email: str) -> bool:
    """A live registration of this address for the event (as the index compares)."""
    return (
        Registration.objects.filter(session=session.source)
        .live()
        .of_email(email)
        .exists()
    )


def registration_insert(
    *,
    source: SoTalkSessionPage,
    registrant: Registrant,
    status: RegistrationStatus,
    overbooked: bool = False,
    user=None,
) -> Registration:
    """Write the registration and queue its e-mail; the caller holds the lock."""
    now = timezone.now()
    try:
        # No savepoint (two round trips under the lock): an IntegrityError ends the
        # whole registration, which the caller's transaction rolls back.
        with transaction.atomic(savepoint=False):
            registration = Registration.objects.create(
                session=source,
                name=registrant.name,
                email=registrant.email,
                organisation=registrant.organisation,
                answers=registrant.answers,
                access_needs=list(registrant.access_needs),
                access_needs_other=registrant.access_needs_other,
                language=registrant.language,
                status=status,
                consent_given_at=now if registrant.consent_version else None,
                consent_version=registrant.consent_version,
                waitlisted_at=now if status == RegistrationStatus.WAITLISTED else None,
                overbooked=overbooked,
            )
    except IntegrityError as error:  # the same address, in a race we lost
        raise AlreadyRegistered() from error
    if status == RegistrationStatus.PENDING:
        address_confirmation_request(registration=registration)
    elif status == RegistrationStatus.CONFIRMED:
        email_queue(registration=registration, kind=EmailKind.CONFIRMATION)
        # After commit, out of the lock: `send_reminders` queues one that is missing.
        transaction.on_commit(partial(_reminder_if_seated, registration, source))
    else:
        email_queue(registration=registration, kind=EmailKind.WAITLISTED)
    registration_log(
        registration, "series.registration.create", user, {"status": status}
    )
    if overbooked:
        registration_log(registration, "series.registration.overbook", user)
    return registration


def _reminder_if_seated(registration: Registration, source: SoTalkSessionPage) -> None:
    # A visitor's seat may have become a place on the waiting list under the lock.
    if registration.status == RegistrationStatus.CONFIRMED:
        reminder_schedule(registration=registration, session=source)


@transaction.atomic
def registration_create(
    *, session: SoTalkSessionPage, registrant: Registrant
) -> Registration:
    """A visitor registers: a seat if one is free, else the waiting list.

    Every registration for a session waits for its lock until commit, so the lock
    is taken last: the registration, its e-mail and the log entry are written
    first, as a seat, and only the count that decides it runs under the lock."""
    if not type(session).objects.visible().filter(pk=session.pk).exists():
        raise SessionNotFound()
    source = session.source
    # As last read; checked again under the lock, which decides.
    registration_window_check(session=source, now=timezone.now())
    if is_registered(session=session, email=registrant.email):
        raise AlreadyRegistered()  # a racing duplicate fails on the unique index
    pending = confirmation_required(source)
    registration = registration_insert(
        source=source,
        registrant=registrant,
        status=RegistrationStatus.PENDING if pending else RegistrationStatus.CONFIRMED,
    )
    try:
        locked = session_lock(session)
    except OperationalError as error:
        if lost_to_a_deadlock(error):  # to staff adding this address meanwhile
            raise AlreadyRegistered() from error
        raise
    registration_window_check(session=locked, now=timezone.now())
    if not pending:  # a pending registration holds no seat
        seat_claim(registration=registration, source=locked)
    return registration


@transaction.atomic
def registration_cancel(
    *, registration: Registration, staff_user=None, notify: bool = True
) -> Registration:
    """Cancel a registration; a freed seat goes to the first on the waiting list."""
    source = session_lock(registration.session)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status == RegistrationStatus.CANCELLED:
        return registration
    if staff_user is None and source.ends_at <= timezone.now():
        raise RegistrationNotCancellable()
    had_seat = registration.status == RegistrationStatus.CONFIRMED
    # An offered seat is held too: cancelling frees it for the next in line.
    freed_seat = registration.status in RegistrationStatus.seat_holding()
    registration.status = RegistrationStatus.CANCELLED
    registration.cancelled_at = timezone.now()
    registration.save(update_fields=["status", "cancelled_at", "updated_at"])
    if notify:
        email_queue(
            registration=registration,
            kind=EmailKind.CANCELLED,
            context={"had_seat": had_seat},
        )
    registration_log(registration, "series.registration.cancel", staff_user)
    if freed_seat:
        waitlist_fill(source=source, staff_user=staff_user)
    return registration


@transaction.atomic
def registration_resend(*, email: str) -> int:
    """Send the registration e-mail again for every upcoming session of an address."""
    registrations = (
        Registration.objects.live()
        .of_email(email)
        .filter(session__ends_at__gt=timezone.now())
    )
    count = 0
    for registration in registrations:
        email_queue(registration=registration, kind=EmailKind.RESEND)
        count += 1
    return count
