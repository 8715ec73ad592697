"""Seats offered from the waiting list: the registrant claims one in time, or the
offer lapses and the seat goes to the next in line (see `seats.waitlist_fill`)."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from ..models import EmailKind, Registration, RegistrationStatus
from ..outbox.queue import email_queue
from ..outbox.reminders import reminder_schedule
from .audit import registration_log
from .errors import NotOffered, OfferExpired, RegistrationError
from .seats import offer_lapse, session_lock


def offer_claim(
    *, registration: Registration, now: datetime | None = None
) -> Registration:
    """Take the offered seat: confirmed, with the confirmation and its calendar.

    Under the session lock, as the lapse is, so whichever comes first wins. A claim
    too late lapses the offer there and then (the next person is offered the seat)
    and is refused with OfferExpired.
    """
    now = now or timezone.now()
    refusal: RegistrationError
    with transaction.atomic():
        source = session_lock(registration.session)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status != RegistrationStatus.OFFERED:
            refusal = NotOffered()
        elif registration.offer_expires_at <= now or source.starts_at <= now:
            offer_lapse(registration_id=registration.pk, now=now)
            refusal = OfferExpired()
        else:
            registration.status = RegistrationStatus.CONFIRMED
            registration.promoted_at = now
            registration.save(update_fields=["status", "promoted_at", "updated_at"])
            email_queue(registration=registration, kind=EmailKind.CONFIRMATION)
            reminder_schedule(registration=registration, session=source)
            registration_log(registration, "series.registration.claim")
            return registration
    # Raised after the block, so that a lapse found here is kept.
    raise refusal


def offers_lapse_due(*, now: datetime | None = None) -> int:
    """For cron, the safety net behind each offer's own task: lapse every offer past
    its time; returns how many lapsed."""
    now = now or timezone.now()
    due = Registration.objects.offered().filter(offer_expires_at__lte=now)
    return sum(
        offer_lapse(registration_id=pk, now=now) == "lapsed"
        for pk in due.values_list("pk", flat=True)
    )
