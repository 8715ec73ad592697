from datetime import timedelta

from django.core.management.base import BaseCommand
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from series import conf
from series.models import EmailDelivery, EmailKind, Registration, RegistrationStatus
from series.services import email_queue
from series.tasks import send_email

# A row claimed longer ago than SERIES_EMAIL_STALE_CLAIM_SECONDS whose worker never
# finished is taken to be lost; SERIES_EMAIL_REQUEUE_GRACE_SECONDS lets young rows'
# own tasks run first.


def stale_claim() -> timedelta:
    return timedelta(seconds=conf.get("EMAIL_STALE_CLAIM_SECONDS"))


def grace() -> timedelta:
    return timedelta(seconds=conf.get("EMAIL_REQUEUE_GRACE_SECONDS"))


class Command(BaseCommand):
    help = (
        "For cron: queue reminders that are due but missing, and requeue outbox "
        "e-mails whose task was lost (e.g. a worker killed mid-send) or whose retries "
        "ran out during a long ESP outage."
    )

    def handle(self, *args, **options):
        reminders = self.queue_missing_reminders()
        requeued = self.requeue_lost_emails()
        self.stdout.write(
            f"Reminders queued: {reminders}; e-mails requeued: {requeued}"
        )

    def queue_missing_reminders(self) -> int:
        now = timezone.now()
        due = Registration.objects.filter(
            status=RegistrationStatus.CONFIRMED,
            session__starts_at__gt=now,
            session__starts_at__lte=now
            + timedelta(hours=conf.get("REMINDER_HOURS_BEFORE")),
            created_at__lt=now - grace(),
        ).exclude(deliveries__kind=EmailKind.REMINDER)
        count = 0
        for registration in due:
            try:
                with transaction.atomic():
                    email_queue(registration=registration, kind=EmailKind.REMINDER)
                count += 1
            except IntegrityError:
                continue
        return count

    def requeue_lost_emails(self) -> int:
        now = timezone.now()
        stale_claims = EmailDelivery.objects.filter(
            status=EmailDelivery.Status.SENDING, claimed_at__lt=now - stale_claim()
        )
        stale_claims.update(status=EmailDelivery.Status.QUEUED)
        # An ESP outage longer than the retry budget: one more try per run, while the
        # e-mail still matters (refused addresses and render errors are not retried).
        EmailDelivery.objects.filter(
            status=EmailDelivery.Status.FAILED,
            last_error__startswith="AnymailAPIError",
            registration__session__ends_at__gt=now,
        ).update(status=EmailDelivery.Status.QUEUED, next_attempt_at=None)
        # Rows younger than the grace period still have their own task waiting.
        waiting = EmailDelivery.objects.filter(
            status=EmailDelivery.Status.QUEUED, created_at__lt=now - grace()
        ).filter(
            Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now - grace())
        )
        count = 0
        for delivery_id in waiting.values_list("pk", flat=True):
            # A duplicate task is harmless: the first one to claim the row sends it.
            send_email.enqueue(delivery_id)
            count += 1
        return count
