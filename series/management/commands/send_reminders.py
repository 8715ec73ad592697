from django.core.management.base import BaseCommand

from series.domain.announcements import announcements_queue_due
from series.domain.followups import followups_queue_due
from series.domain.offers import offers_lapse_due
from series.domain.opt_in import pending_erase
from series.domain.sessions import waitlists_fill
from series.outbox.recovery import deliveries_requeue_lost, reminders_queue_missing


class Command(BaseCommand):
    help = (
        "For cron: queue reminders that are due but missing, requeue outbox e-mails "
        "whose task was lost (e.g. a worker killed mid-send) or whose retries ran out "
        "during a long ESP outage, lapse seat offers past their time, give free seats "
        "to waiting lists, queue follow-ups that are due and delete registrations "
        "never confirmed by e-mail."
    )

    def handle(self, *args, **options):
        reminders = reminders_queue_missing()
        requeued = deliveries_requeue_lost()
        lapsed = offers_lapse_due()
        promoted = waitlists_fill()
        followups = followups_queue_due()
        erased = pending_erase()
        announced = announcements_queue_due()
        self.stdout.write(
            f"Reminders queued: {reminders}; e-mails requeued: {requeued}; "
            f"offers lapsed: {lapsed}; moved up or offered a seat from waiting lists: "
            f"{promoted}; follow-ups queued: {followups}; unconfirmed registrations "
            f"deleted: {erased}; followers told of new sessions: {announced}"
        )
