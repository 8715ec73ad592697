"""Create the scale-out scenarios' sessions and an admin in the database the
environment names (run with the production settings of the processes under test).

    SCALEOUT_ADMIN_PASSWORD=... python tests/scaleout/prepare_site.py <admin user>

prints {"<scenario>": {"id": <page id>, "path": "/nb/..."}, ...}.
"""

import json
import os
import sys
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

CAPACITIES = {
    "capacity": 50,
    "ratelimit": None,
    "publish": None,
    "mail": None,
    "redis": None,
}


def main(admin: str) -> dict[str, dict]:
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from series.models import SeriesIndexPage, SoTalkSessionPage

    get_user_model().objects.create_superuser(
        admin, f"{admin}@example.invalid", os.environ["SCALEOUT_ADMIN_PASSWORD"]
    )
    series = SeriesIndexPage.objects.get(locale__language_code="nb")
    starts = timezone.now() + timedelta(days=20)
    created = {}
    for name, capacity in CAPACITIES.items():
        stamp = timezone.now().strftime("%H%M%S%f")
        session = series.add_child(
            instance=SoTalkSessionPage(
                title=f"Scale-out: {name} {stamp}",
                slug=f"scaleout-{name}-{stamp}",
                starts_at=starts,
                ends_at=starts + timedelta(hours=1),
                capacity=capacity,
                waitlist_enabled=True,
                join_url="https://meet.example.org/scaleout",
            )
        )
        session.save_revision().publish()
        session.refresh_from_db()
        created[name] = {"id": session.pk, "path": session.get_url()}
    return created


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1])))
