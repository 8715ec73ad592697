"""A registration badge for sessions in the page explorer, from the one rule."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import F, QuerySet
from django.utils import timezone

from ..models import RegistrationPhase
from ..models.availability import phase_of
from ..models.querysets import registration_figures

SESSION = "sotalksessionpage"
FACTS = (
    "starts_at",
    "ends_at",
    "capacity",
    "waitlist_enabled",
    "event_status",
    "registration_opens_at",
    "registration_closes_at",
)


@dataclass(frozen=True)
class ListedEvent:
    """The facts of a session row, as the availability rule reads them."""

    starts_at: datetime
    ends_at: datetime
    capacity: int | None
    waitlist_enabled: bool
    event_status: str
    registration_opens_at: datetime | None
    registration_closes_at: datetime | None


def annotate_session_status(pages: QuerySet) -> QuerySet:
    """The facts a badge needs, fetched with the listing itself (one query). Facts
    are synchronised across translations; counts are the event's, in any locale."""
    return registration_figures(
        pages.annotate(**{f"session_{name}": F(f"{SESSION}__{name}") for name in FACTS})
    )


def session_badge(page) -> tuple[str, str] | None:
    """(phase, label) for an annotated session row, None for other pages."""
    if getattr(page, "session_starts_at", None) is None:
        return None
    event = ListedEvent(**{name: getattr(page, f"session_{name}") for name in FACTS})
    phase, _seats = phase_of(event, page.registrations_confirmed, timezone.now())
    return phase.value, str(RegistrationPhase(phase).label)
