"""Double opt-in, per series: a registration waits as `pending`, holding no seat,
until its person opens the link in the e-mail; unconfirmed ones are deleted after
SERIES_PENDING_HOURS."""

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from .. import conf
from ..models import EmailKind, Registration, RegistrationStatus, SoTalkSessionPage
from ..outbox.queue import email_queue
from ..outbox.reminders import reminder_schedule
from .audit import registration_log
from .errors import ConfirmationExpired, RegistrationError
from .seats import registration_window_check, session_lock, status_for_newcomer


def confirmation_required(source: SoTalkSessionPage) -> bool:
    series = source.series
    return bool(series and series.require_email_confirmation)


def pending_expires_at(registration: Registration) -> datetime:
    return registration.created_at + timedelta(hours=conf.get("PENDING_HOURS"))


@task()
def pending_expire_task(registration_id: int) -> int:
    return pending_erase(registration_ids=[registration_id])


def address_confirmation_request(*, registration: Registration) -> None:
    """Ask the new registrant to confirm the address; forget them if they never do."""
    email_queue(registration=registration, kind=EmailKind.CONFIRM_ADDRESS)
    pending_expire_task.using(run_after=pending_expires_at(registration)).enqueue(
        registration.pk
    )


def pending_erase(
    *, registration_ids: list[int] | None = None, now: datetime | None = None
) -> int:
    """Delete unconfirmed registrations past their time (all of them, or these);
    they never held a seat. Returns how many."""
    now = now or timezone.now()
    expired = Registration.objects.pending().filter(
        created_at__lte=now - timedelta(hours=conf.get("PENDING_HOURS"))
    )
    if registration_ids is not None:
        expired = expired.filter(pk__in=registration_ids)
    return expired.delete()[1].get(Registration._meta.label, 0)


def address_confirm(
    *, registration: Registration, now: datetime | None = None
) -> Registration:
    """The registrant opened the link: the registration counts from now, as a seat
    or a place on the waiting list, and the usual e-mail follows."""
    now = now or timezone.now()
    refusal: RegistrationError
    with transaction.atomic():
        source = session_lock(registration.session)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status != RegistrationStatus.PENDING:
            return registration  # confirmed before: the link may be opened twice
        if pending_expires_at(registration) <= now:
            registration.delete()
            refusal = ConfirmationExpired()
        else:
            try:
                registration_window_check(session=source, now=now)
                status = status_for_newcomer(source)[0]
            except RegistrationError as error:
                registration.status = RegistrationStatus.CANCELLED
                registration.cancelled_at = now
                registration.save(
                    update_fields=["status", "cancelled_at", "updated_at"]
                )
                refusal = error
            else:
                return _confirmed(registration, source, status, now)
    raise refusal


def _confirmed(
    registration: Registration,
    source: SoTalkSessionPage,
    status: RegistrationStatus,
    now: datetime,
) -> Registration:
    registration.status = status
    registration.email_confirmed_at = now
    registration.waitlisted_at = (
        now if status == RegistrationStatus.WAITLISTED else None
    )
    registration.save(
        update_fields=["status", "email_confirmed_at", "waitlisted_at", "updated_at"]
    )
    if status == RegistrationStatus.CONFIRMED:
        email_queue(registration=registration, kind=EmailKind.CONFIRMATION)
        reminder_schedule(registration=registration, session=source)
    else:
        email_queue(registration=registration, kind=EmailKind.WAITLISTED)
    registration_log(registration, "series.registration.confirm_address")
    return registration
