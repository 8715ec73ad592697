from datetime import timedelta

from django.core.management.base import BaseCommand
from django.utils import timezone

from series import conf
from series.domain.following import followers_pending_erase
from series.domain.privacy import registrations_purge


class Command(BaseCommand):
    help = (
        "For cron: erase registrants' personal data SERIES_RETENTION_DAYS after "
        "their session ended (anonymous counts stay)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days", type=int, default=None, help="Override the setting"
        )

    def handle(self, *args, days: int | None, **options):
        days = conf.get("RETENTION_DAYS") if days is None else days
        count = registrations_purge(before=timezone.now() - timedelta(days=days))
        self.stdout.write(f"Erased the personal data of {count} registration(s).")
        # Followers are kept while they follow; those who never confirmed, not.
        followers = followers_pending_erase()
        self.stdout.write(f"Deleted {followers} unconfirmed follower(s).")
