"""What staff do to registrations: add someone (overbooking only on purpose), give a
seat now, move to the waiting list, check in, and write to the registrants."""

from django.db import transaction
from django.utils import timezone
from wagtail.log_actions import log

from ..models import (
    EmailKind,
    MessageAudience,
    RegistrantMessage,
    RegistrantMessageText,
    Registration,
    RegistrationStatus,
    SoTalkSessionPage,
)
from ..outbox.queue import email_queue
from .audit import registration_log
from .errors import AlreadyRegistered
from .registration import Registrant, is_registered, registration_insert
from .seats import (
    seat_give,
    seats_free,
    session_lock,
    status_for_newcomer,
    waitlist_fill,
)


@transaction.atomic
def registration_add(
    *,
    session: SoTalkSessionPage,
    registrant: Registrant,
    staff_user,
    overbook: bool = False,
) -> Registration:
    """Staff register someone, outside the registration window too. When the session
    is full they join the waiting list, or take a seat over capacity if `overbook`
    (logged)."""
    duplicate = is_registered(session=session, email=registrant.email)
    source = session_lock(session)
    if duplicate:
        raise AlreadyRegistered()
    status, overbooked = status_for_newcomer(source, overbook=overbook)
    return registration_insert(
        source=source,
        registrant=registrant,
        status=status,
        overbooked=overbooked,
        user=staff_user,
    )


@transaction.atomic
def registration_promote(*, registration: Registration, staff_user) -> Registration:
    """Give a waitlisted person a seat now, even over capacity (staff decide)."""
    source = session_lock(registration.session)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status != RegistrationStatus.WAITLISTED:
        return registration
    over_capacity = seats_free(source) == 0
    seat_give(registration=registration, source=source, overbooked=over_capacity)
    registration_log(registration, "series.registration.promote", staff_user)
    if over_capacity:
        registration_log(registration, "series.registration.overbook", staff_user)
    return registration


@transaction.atomic
def registration_move_to_waitlist(
    *, registration: Registration, staff_user
) -> Registration:
    """Put a confirmed person at the end of the waiting list; their seat is refilled."""
    source = session_lock(registration.session)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status != RegistrationStatus.CONFIRMED:
        return registration
    registration.status = RegistrationStatus.WAITLISTED
    registration.waitlisted_at = timezone.now()
    registration.overbooked = False
    registration.save(
        update_fields=["status", "waitlisted_at", "overbooked", "updated_at"]
    )
    email_queue(registration=registration, kind=EmailKind.WAITLISTED)
    registration_log(registration, "series.registration.waitlist", staff_user)
    others = waitlist_fill(source=source, staff_user=staff_user)
    # They stand last in line, so they only move up if the list was otherwise empty.
    if any(promoted.pk == registration.pk for promoted in others):
        registration.refresh_from_db()
    return registration


@transaction.atomic
def registrations_check_in(
    *, session: SoTalkSessionPage, checked_in_ids: set[int], staff_user
) -> int:
    """Set who attended a session: those in `checked_in_ids`, nobody else."""
    registrations = (
        Registration.objects.filter(session=session.source)
        .confirmed()
        .select_for_update()
    )
    changed = 0
    now = timezone.now()
    for registration in registrations:
        attended = registration.pk in checked_in_ids
        if attended == (registration.checked_in_at is not None):
            continue
        registration.checked_in_at = now if attended else None
        registration.save(update_fields=["checked_in_at", "updated_at"])
        action = "check_in" if attended else "undo_check_in"
        registration_log(registration, f"series.registration.{action}", staff_user)
        changed += 1
    return changed


def message_recipients(session: SoTalkSessionPage, audience: str):
    registrations = Registration.objects.filter(
        session=session.source, email__isnull=False
    )
    if audience == MessageAudience.CONFIRMED:
        return registrations.confirmed()
    if audience == MessageAudience.WAITLISTED:
        return registrations.waitlisted()
    if audience == MessageAudience.ATTENDED:
        return registrations.confirmed().attended()
    return registrations.live()


@transaction.atomic
def message_send(
    *,
    session: SoTalkSessionPage,
    audience: str,
    texts: dict[str, tuple[str, str]],
    staff_user,
) -> RegistrantMessage:
    """Queue a message to a session's registrants, each in their own language.

    `texts` maps a language to (subject, body); a registrant whose language has no
    text reads the first one given.
    """
    source = session.source
    recipients = list(message_recipients(source, audience))
    message = RegistrantMessage.objects.create(
        session=source,
        audience=audience,
        sent_by=staff_user,
        recipient_count=len(recipients),
    )
    RegistrantMessageText.objects.bulk_create(
        RegistrantMessageText(
            message=message, language=language, subject=subject, body=body
        )
        for language, (subject, body) in texts.items()
    )
    for registration in recipients:
        email_queue(
            registration=registration,
            kind=EmailKind.MESSAGE,
            context={"message": message.pk},
        )
    log(
        instance=source,
        action="series.session.message",
        user=staff_user,
        data={"audience": audience, "recipients": len(recipients)},
    )
    return message
