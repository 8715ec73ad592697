"""Operations that write: each is one transaction; views change state only here."""

import logging
import time
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log
from wagtail.models import Page
from wagtail_localize.models import TranslationSource

from . import conf
from .models import (
    DeliveryStatus,
    EmailDelivery,
    EmailKind,
    EventStatus,
    MessageAudience,
    PublishedFacts,
    RegistrantMessage,
    Registration,
    RegistrationStatus,
    SoTalkSessionPage,
)

LIVE_STATUSES = (RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED)

logger = logging.getLogger(__name__)


@transaction.atomic
def translations_sync(*, page: Page) -> int:
    """Carry a published source page over to its translations; returns how many.

    wagtail-localize only syncs on request. Live translations are republished so that
    event facts never differ between languages; unpublished ones get a draft to review.
    """
    source = TranslationSource.objects.get_for_instance_or_none(page)
    if source is None:
        return 0
    source.update_from_db()
    translations = list(
        source.translations.filter(enabled=True).select_related("target_locale")
    )
    live_locales = set(
        Page.objects.filter(
            translation_key=page.translation_key, live=True
        ).values_list("locale_id", flat=True)
    )
    for translation in translations:
        translation.save_target(publish=translation.target_locale_id in live_locales)
    if translations:
        logger.info(
            "Synchronised %d translation(s) of page %s", len(translations), page.pk
        )
    return len(translations)


# Registration


class RegistrationError(Exception):
    """A refusal the registrant should read; `code` is the stable API problem type."""

    code = "registration-error"
    status = 409
    default_message = _("Registration failed.")

    def __init__(self, message: str | None = None):
        self.message = str(message or self.default_message)
        super().__init__(self.message)


class RegistrationNotOpen(RegistrationError):
    code = "registration-not-open"
    status = 409

    def __init__(self, opens_at: datetime):
        self.opens_at = opens_at
        super().__init__(_("Registration has not opened yet."))


class RegistrationClosed(RegistrationError):
    code = "registration-closed"
    status = 410
    default_message = _("Registration for this session is closed.")


class SessionFull(RegistrationError):
    code = "session-full"
    status = 409
    default_message = _("Sorry, the session is full.")


class AlreadyRegistered(RegistrationError):
    code = "already-registered"
    status = 409
    default_message = _(
        "This e-mail address is already registered for this session. "
        "Check your inbox for the confirmation, or ask us to send it again."
    )


class RegistrationNotCancellable(RegistrationError):
    code = "not-cancellable"
    status = 409
    default_message = _("This registration can no longer be cancelled.")


# Tests widen the race between counting and writing with this pause (seconds).
PAUSE_AFTER_COUNT = 0.0


def _lock_session(source: SoTalkSessionPage) -> SoTalkSessionPage:
    """Lock the scarce resource: the source page row (PostgreSQL); on SQLite the
    IMMEDIATE transaction already serialises writers."""
    return (
        SoTalkSessionPage.objects.select_for_update(of=("self",))
        .defer_streamfields()  # the body is not needed, and is the row's bulk
        .get(pk=source.pk)
    )


def _confirmed_count(source: SoTalkSessionPage) -> int:
    return Registration.objects.filter(
        session=source, status=RegistrationStatus.CONFIRMED
    ).count()


def registration_window_check(*, session: SoTalkSessionPage, now: datetime) -> None:
    """Raise the refusal that applies if a visitor cannot register now."""
    if session.event_status != EventStatus.SCHEDULED or session.starts_at <= now:
        raise RegistrationClosed()
    if session.registration_opens_at and now < session.registration_opens_at:
        raise RegistrationNotOpen(session.registration_opens_at)
    if session.registration_closes_at and now >= session.registration_closes_at:
        raise RegistrationClosed()


def email_queue(
    *, registration: Registration, kind: str, context: dict | None = None
) -> EmailDelivery:
    """Write the outbox row and its task in the caller's transaction."""
    from .tasks import send_email

    delivery = EmailDelivery.objects.create(
        registration=registration, kind=kind, context=context or {}
    )
    send_email.enqueue(delivery.pk)
    return delivery


def reminder_schedule(
    *, registration: Registration, session: SoTalkSessionPage
) -> None:
    from .tasks import send_reminder

    remind_at = session.starts_at - timedelta(hours=conf.get("REMINDER_HOURS_BEFORE"))
    if remind_at > timezone.now():
        send_reminder.using(run_after=remind_at).enqueue(registration.pk)


@transaction.atomic
def registration_create(
    *,
    session: SoTalkSessionPage,
    name: str,
    email: str,
    language: str,
    consent_version: str,
    organisation: str = "",
    answers: dict | None = None,
    staff_user=None,
    overbook: bool = False,
) -> Registration:
    """Register someone for a session: a seat if one is free, else the waiting list.

    Staff (staff_user given) may register outside the window, and over capacity only
    with overbook=True, which is logged.
    """
    # Read before the lock, which every registration for this session waits for until
    # commit; a duplicate racing this one still fails on the unique index below.
    # lower(email), not iexact's UPPER(): the unique index is on lower(email).
    duplicate = (
        Registration.objects.annotate(email_lower=Lower("email"))
        .filter(
            session_id=session.source.pk,
            email_lower=email.lower(),
            status__in=LIVE_STATUSES,
        )
        .exists()
    )
    source = _lock_session(session.source)
    now = timezone.now()
    if staff_user is None:
        registration_window_check(session=source, now=now)
    if duplicate:
        raise AlreadyRegistered()
    confirmed = _confirmed_count(source)
    if PAUSE_AFTER_COUNT:
        time.sleep(PAUSE_AFTER_COUNT)
    has_seat = source.capacity is None or confirmed < source.capacity
    if has_seat or (staff_user is not None and overbook):
        status = RegistrationStatus.CONFIRMED
    elif source.waitlist_enabled:
        status = RegistrationStatus.WAITLISTED
    else:
        raise SessionFull()
    try:
        # No savepoint (two round trips under the lock): an IntegrityError ends the
        # whole registration, which this function's own transaction rolls back.
        with transaction.atomic(savepoint=False):
            registration = Registration.objects.create(
                session=source,
                name=name,
                email=email,
                organisation=organisation,
                answers=answers or {},
                language=language,
                status=status,
                consent_given_at=now if consent_version else None,
                consent_version=consent_version,
                waitlisted_at=now if status == RegistrationStatus.WAITLISTED else None,
                overbooked=not has_seat and status == RegistrationStatus.CONFIRMED,
            )
    except IntegrityError as error:  # the same address, in a race we lost
        raise AlreadyRegistered() from error
    if status == RegistrationStatus.CONFIRMED:
        email_queue(registration=registration, kind=EmailKind.CONFIRMATION)
        reminder_schedule(registration=registration, session=source)
    else:
        email_queue(registration=registration, kind=EmailKind.WAITLISTED)
    _log(registration, "series.registration.create", staff_user, {"status": status})
    if registration.overbooked:
        _log(registration, "series.registration.overbook", staff_user, {})
    return registration


@transaction.atomic
def registration_cancel(
    *, registration: Registration, staff_user=None, notify: bool = True
) -> Registration:
    """Cancel a registration; a freed seat goes to the first on the waiting list."""
    source = _lock_session(registration.session)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status == RegistrationStatus.CANCELLED:
        return registration
    if staff_user is None and source.ends_at <= timezone.now():
        raise RegistrationNotCancellable()
    freed_seat = registration.status == RegistrationStatus.CONFIRMED
    registration.status = RegistrationStatus.CANCELLED
    registration.cancelled_at = timezone.now()
    registration.save(update_fields=["status", "cancelled_at", "updated_at"])
    if notify:
        email_queue(
            registration=registration,
            kind=EmailKind.CANCELLED,
            context={"had_seat": freed_seat},
        )
    _log(registration, "series.registration.cancel", staff_user, {})
    if freed_seat:
        _waitlist_fill(source=source, staff_user=staff_user)
    return registration


def _waitlist_fill(*, source: SoTalkSessionPage, staff_user=None) -> list[Registration]:
    """Promote from the waiting list, in order, while there are free seats."""
    promoted = []
    if source.ends_at <= timezone.now():
        return promoted
    free = (
        None if source.capacity is None else source.capacity - _confirmed_count(source)
    )
    waiting = Registration.objects.filter(
        session=source, status=RegistrationStatus.WAITLISTED
    ).order_by("waitlisted_at", "pk")
    for registration in waiting[:free] if free is not None else waiting:
        registration.status = RegistrationStatus.CONFIRMED
        registration.promoted_at = timezone.now()
        registration.save(update_fields=["status", "promoted_at", "updated_at"])
        email_queue(registration=registration, kind=EmailKind.PROMOTED)
        reminder_schedule(registration=registration, session=source)
        _log(registration, "series.registration.promote", staff_user, {})
        promoted.append(registration)
    return promoted


@transaction.atomic
def waitlist_promote(
    *, session: SoTalkSessionPage, staff_user=None
) -> list[Registration]:
    """Fill any free seats from the waiting list (e.g. after capacity was raised)."""
    source = _lock_session(session.source)
    return _waitlist_fill(source=source, staff_user=staff_user)


def _log(registration: Registration, action: str, user, data: dict) -> None:
    # The label is str(registration): "Registration #id", never the person's data.
    log(instance=registration, action=action, user=user, data=data)


# Changes to a published session

NOTIFIED_FACTS = ("starts_at", "ends_at", "join_url", "event_status")


def _facts(session: SoTalkSessionPage) -> dict[str, str]:
    return {
        "starts_at": session.starts_at.isoformat(),
        "ends_at": session.ends_at.isoformat(),
        "join_url": session.join_url,
        "event_status": session.event_status,
    }


@transaction.atomic
def session_changes_notify(*, session: SoTalkSessionPage) -> int:
    """Tell live registrants what changed since they were last told; returns how many.

    Raises the calendar SEQUENCE so that calendar clients replace the old entry, and
    moves reminders to the new time.
    """
    source = _lock_session(session.source)
    if source.pk != session.pk:
        return 0
    current = _facts(source)
    record, created = PublishedFacts.objects.select_for_update().get_or_create(
        session=source, defaults={"facts": current}
    )
    changed = [
        name for name in NOTIFIED_FACTS if record.facts.get(name) != current[name]
    ]
    if created or not changed:
        return 0
    record.sequence += 1
    record.facts = current
    record.save()
    changes = sorted(
        {"time" if name in ("starts_at", "ends_at") else name for name in changed}
    )
    registrations = list(
        Registration.objects.filter(session=source, status__in=LIVE_STATUSES)
    )
    for registration in registrations:
        email_queue(
            registration=registration,
            kind=EmailKind.SESSION_CHANGED,
            context={"changes": changes, "sequence": record.sequence},
        )
        if "time" in changes and registration.status == RegistrationStatus.CONFIRMED:
            reminder_schedule(registration=registration, session=source)
    log(
        instance=source,
        action="series.session.notify_change",
        data={"changes": changes, "registrants": len(registrations)},
    )
    return len(registrations)


# Delivery status from ESP webhooks

TRACKING_STATUS = {
    "delivered": DeliveryStatus.DELIVERED,
    "bounced": DeliveryStatus.BOUNCED,
    "rejected": DeliveryStatus.BOUNCED,
    "failed": DeliveryStatus.FAILED,
    "complained": DeliveryStatus.COMPLAINED,
}


def delivery_status_update(*, message_id: str, event_type: str) -> int:
    """Record what the ESP says happened to an e-mail; returns registrations updated."""
    status = TRACKING_STATUS.get(event_type)
    if status is None:
        return 0
    return Registration.objects.filter(
        deliveries__message_id=message_id, deliveries__status=EmailDelivery.Status.SENT
    ).update(delivery_status=status)


@transaction.atomic
def registration_resend(*, email: str) -> int:
    """Send the registration e-mail again for every upcoming session of an address."""
    registrations = Registration.objects.filter(
        email__iexact=email,
        status__in=LIVE_STATUSES,
        session__ends_at__gt=timezone.now(),
    )
    count = 0
    for registration in registrations:
        email_queue(registration=registration, kind=EmailKind.RESEND)
        count += 1
    return count


# Personal data


def registrations_purge(*, before: datetime) -> int:
    """Erase the personal data of registrations to sessions that ended before `before`.

    Keeps the rows (status, language, times) as anonymous counts.
    """
    from django_tasks_db.models import DBTaskResult

    expired = Registration.objects.filter(
        session__ends_at__lt=before, erased_at__isnull=True
    )
    ids = list(expired.values_list("pk", flat=True))
    with transaction.atomic():
        count = Registration.objects.filter(pk__in=ids).update(
            name="",
            email=None,
            organisation="",
            answers={},
            message_id="",
            erased_at=timezone.now(),
        )
        EmailDelivery.objects.filter(registration_id__in=ids).update(message_id="")
        # Finished task results can hold tracebacks that quote an address.
        DBTaskResult.objects.filter(finished_at__lt=timezone.now()).delete()
    if count:
        logger.info("Erased the personal data of %d registration(s)", count)
    return count


# Staff operations


@transaction.atomic
def registration_promote(*, registration: Registration, staff_user) -> Registration:
    """Give a waitlisted person a seat now, even over capacity (staff decide)."""
    source = _lock_session(registration.session)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status != RegistrationStatus.WAITLISTED:
        return registration
    over_capacity = (
        source.capacity is not None and _confirmed_count(source) >= source.capacity
    )
    registration.status = RegistrationStatus.CONFIRMED
    registration.promoted_at = timezone.now()
    registration.overbooked = over_capacity
    registration.save(
        update_fields=["status", "promoted_at", "overbooked", "updated_at"]
    )
    email_queue(registration=registration, kind=EmailKind.PROMOTED)
    reminder_schedule(registration=registration, session=source)
    _log(registration, "series.registration.promote", staff_user, {})
    if over_capacity:
        _log(registration, "series.registration.overbook", staff_user, {})
    return registration


@transaction.atomic
def registration_move_to_waitlist(
    *, registration: Registration, staff_user
) -> Registration:
    """Put a confirmed person at the end of the waiting list; their seat is refilled."""
    source = _lock_session(registration.session)
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
    _log(registration, "series.registration.waitlist", staff_user, {})
    others = _waitlist_fill(source=source, staff_user=staff_user)
    # They stand last in line, so they only move up if the list was otherwise empty.
    if any(promoted.pk == registration.pk for promoted in others):
        registration.refresh_from_db()
    return registration


@transaction.atomic
def registrations_check_in(
    *, session: SoTalkSessionPage, checked_in_ids: set[int], staff_user
) -> int:
    """Set who attended a session: those in `checked_in_ids`, nobody else."""
    registrations = Registration.objects.filter(
        session=session.source, status=RegistrationStatus.CONFIRMED
    ).select_for_update()
    changed = 0
    now = timezone.now()
    for registration in registrations:
        attended = registration.pk in checked_in_ids
        if attended == (registration.checked_in_at is not None):
            continue
        registration.checked_in_at = now if attended else None
        registration.save(update_fields=["checked_in_at", "updated_at"])
        action = (
            "series.registration.check_in"
            if attended
            else "series.registration.undo_check_in"
        )
        _log(registration, action, staff_user, {})
        changed += 1
    return changed


AUDIENCE_FILTERS = {
    MessageAudience.ALL: {"status__in": LIVE_STATUSES},
    MessageAudience.CONFIRMED: {"status": RegistrationStatus.CONFIRMED},
    MessageAudience.WAITLISTED: {"status": RegistrationStatus.WAITLISTED},
    MessageAudience.ATTENDED: {
        "status": RegistrationStatus.CONFIRMED,
        "checked_in_at__isnull": False,
    },
}


@transaction.atomic
def message_send(
    *,
    session: SoTalkSessionPage,
    audience: str,
    subject_nb: str,
    body_nb: str,
    subject_en: str,
    body_en: str,
    staff_user,
) -> RegistrantMessage:
    """Queue a message to a session's registrants, each in their own language."""
    source = session.source
    recipients = list(
        Registration.objects.filter(
            session=source, email__isnull=False, **AUDIENCE_FILTERS[audience]
        )
    )
    message = RegistrantMessage.objects.create(
        session=source,
        audience=audience,
        subject_nb=subject_nb,
        body_nb=body_nb,
        subject_en=subject_en,
        body_en=body_en,
        sent_by=staff_user,
        recipient_count=len(recipients),
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


def person_registrations(*, email: str) -> list[Registration]:
    return list(
        Registration.objects.filter(email__iexact=email.strip())
        .select_related("session")
        .order_by("created_at")
    )


@transaction.atomic
def person_erase(*, email: str, staff_user) -> int:
    """Right to erasure: cancel upcoming registrations of an address, then erase it.

    The log records how many registrations were erased, never the address.
    """
    registrations = person_registrations(email=email)
    for registration in registrations:
        if registration.is_live and registration.session.ends_at > timezone.now():
            registration_cancel(
                registration=registration, staff_user=staff_user, notify=False
            )
    ids = [registration.pk for registration in registrations]
    now = timezone.now()
    count = Registration.objects.filter(pk__in=ids).update(
        name="", email=None, organisation="", answers={}, message_id="", erased_at=now
    )
    for registration in registrations:
        _log(registration, "series.registration.erase", staff_user, {})
    return count
