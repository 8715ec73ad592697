"""Attendance figures for staff: who came (joined online or checked in) and the
no-show rate, per session and per series."""

from dataclasses import dataclass

from django.db.models import OuterRef, Subquery
from django.db.models.functions import Length, Substr
from django.utils import timezone

from ..models import SeriesIndexPage, SoTalkSessionPage


def no_show_rate(figures) -> int | None:
    """Per cent of confirmed registrants of a past session who neither joined nor
    were checked in; None before the end or without registrants."""
    confirmed = getattr(figures, "registrations_confirmed", 0)
    ends_at = getattr(figures, "ends_at", None)
    if not confirmed or ends_at is None or ends_at > timezone.now():
        return None
    attended = getattr(figures, "registrations_attended", 0)
    return round(100 * (confirmed - attended) / confirmed)


@dataclass
class SeriesAttendance:
    """A series' sums over its recent past sessions."""

    title: str
    sessions: int = 0
    registrations_confirmed: int = 0
    registrations_attended: int = 0
    registrations_joined: int = 0
    registrations_checked_in: int = 0
    registrations_cancelled: int = 0

    @property
    def no_show_rate(self) -> int | None:
        if not self.registrations_confirmed:
            return None
        missed = self.registrations_confirmed - self.registrations_attended
        return round(100 * missed / self.registrations_confirmed)


SUMMED = (
    "registrations_confirmed",
    "registrations_attended",
    "registrations_joined",
    "registrations_checked_in",
    "registrations_cancelled",
)


def past_sessions_attendance(limit: int = 50) -> list[SoTalkSessionPage]:
    """The last past sessions (source pages) with their attendance figures and
    their series' title, in one query."""
    parent_path = Substr(
        OuterRef("path"), 1, Length(OuterRef("path")) - SoTalkSessionPage.steplen
    )
    series_title = SeriesIndexPage.objects.filter(path=parent_path).values("title")
    return list(
        SoTalkSessionPage.objects.sources()
        .filter(ends_at__lte=timezone.now())
        .with_attendance_figures()
        .annotate(series_title=Subquery(series_title[:1]))
        .defer_streamfields()
        .order_by("-ends_at", "-pk")[:limit]
    )


def series_attendance(sessions: list[SoTalkSessionPage]) -> list[SeriesAttendance]:
    """Sums per series of `sessions` (read by `past_sessions_attendance`)."""
    by_series: dict[str, SeriesAttendance] = {}
    for session in sessions:
        title = session.series_title or ""
        row = by_series.setdefault(title, SeriesAttendance(title=title))
        row.sessions += 1
        for name in SUMMED:
            setattr(row, name, getattr(row, name) + getattr(session, name))
    return list(by_series.values())
