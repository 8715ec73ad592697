from django.core.management.base import BaseCommand

from series.domain.sessions import waitlists_fill
from series.outbox.recovery import deliveries_requeue_lost, reminders_queue_missing


class Command(BaseCommand):
    help = (
        "For cron: queue reminders that are due but missing, requeue outbox e-mails "
        "whose task was lost (e.g. a worker killed mid-send) or whose retries ran out "
        "during a long ESP outage, and give free seats to waiting lists."
    )

    def handle(self, *args, **options):
        reminders = reminders_queue_missing()
        requeued = deliveries_requeue_lost()
        promoted = waitlists_fill()
        self.stdout.write(
            f"Reminders queued: {reminders}; e-mails requeued: {requeued}; "
            f"moved up from waiting lists: {promoted}"
        )
