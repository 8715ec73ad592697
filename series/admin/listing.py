"""A registration badge (open, full, closed, past) for sessions in the page explorer."""

from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

BADGES = {
    "open": _("Open"),
    "full": _("Full"),
    "closed": _("Closed"),
    "past": _("Past"),
    "cancelled": _("Cancelled"),
}


def annotate_session_status(pages: QuerySet) -> QuerySet:
    """The facts a badge needs, fetched with the listing itself (one query)."""
    session = "sotalksessionpage"
    return pages.annotate(
        series_starts_at=F(f"{session}__starts_at"),
        series_ends_at=F(f"{session}__ends_at"),
        series_capacity=F(f"{session}__capacity"),
        series_closes_at=F(f"{session}__registration_closes_at"),
        series_event_status=F(f"{session}__event_status"),
        series_confirmed=Count(
            f"{session}__registrations",
            filter=Q(**{f"{session}__registrations__status": "confirmed"}),
        ),
    )


def session_badge(page) -> tuple[str, str] | None:
    """(state, label) for an annotated session row, None for other pages."""
    starts_at = getattr(page, "series_starts_at", None)
    if starts_at is None:
        return None
    now = timezone.now()
    if page.series_event_status == "cancelled":
        state = "cancelled"
    elif page.series_ends_at < now:
        state = "past"
    elif (
        page.series_event_status != "scheduled"
        or (page.series_closes_at or starts_at) <= now
    ):
        state = "closed"
    elif (
        page.series_capacity is not None
        and page.series_confirmed >= page.series_capacity
    ):
        state = "full"
    else:
        state = "open"
    return state, str(BADGES[state])
