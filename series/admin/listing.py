"""A registration badge for sessions in the page explorer, from the one rule."""

from dataclasses import fields

from django.db.models import F, QuerySet
from django.utils import timezone

from ..models import RegistrationPhase
from ..models.availability import EventFacts, phase_of
from ..models.querysets import registration_figures

SESSION = "sotalksessionpage"
FACTS = [field.name for field in fields(EventFacts)]


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
    event = EventFacts(**{name: getattr(page, f"session_{name}") for name in FACTS})
    taken = page.registrations_confirmed + page.registrations_offered
    phase, _seats = phase_of(event, taken, timezone.now())
    return phase.value, str(RegistrationPhase(phase).label)
