"""Create published sessions for the fault tests in the database the environment names.

    python tests/faults/create_sessions.py '{"outage": 500, "load": 50}'

prints {"outage": <page id>, ...}. Run with the production settings of the processes
under test (DJANGO_SETTINGS_MODULE, DATABASE_URL, ...).
"""

import json
import sys
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))


def main(capacities: dict[str, int | None]) -> dict[str, int]:
    import django

    django.setup()
    from django.utils import timezone

    from series.models import SeriesIndexPage, SoTalkSessionPage

    series = SeriesIndexPage.objects.get(locale__language_code="nb")
    starts = timezone.now() + timedelta(days=20)
    created = {}
    for name, capacity in capacities.items():
        stamp = timezone.now().strftime("%H%M%S%f")
        session = series.add_child(
            instance=SoTalkSessionPage(
                title=f"Fault test: {name} {stamp}",
                slug=f"fault-{name}-{stamp}",
                starts_at=starts,
                ends_at=starts + timedelta(hours=1),
                capacity=capacity,
                waitlist_enabled=True,
                join_url="https://meet.example.org/fault-test",
            )
        )
        session.save_revision().publish()
        created[name] = session.pk
    return created


if __name__ == "__main__":
    print(json.dumps(main(json.loads(sys.argv[1]))))
