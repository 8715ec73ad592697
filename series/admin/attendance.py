"""Attendance figures for staff: who came (joined online or checked in) and the
no-show rate, per session and per series."""

from dataclasses import dataclass

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
    """A series' sums over its past sessions (source pages)."""

    series: SeriesIndexPage
    sessions: int = 0
    registrations_confirmed: int = 0
    registrations_attended: int = 0
    registrations_joined: int = 0
    registrations_checked_in: int = 0
    registrations_cancelled: int = 0
    ends_at = None

    @property
    def no_show_rate(self) -> int | None:
        if not self.registrations_confirmed:
            return None
        missed = self.registrations_confirmed - self.registrations_attended
        return round(100 * missed / self.registrations_confirmed)


def series_attendance(limit: int = 10) -> list[SeriesAttendance]:
    """Each series' attendance over its past sessions, most recent series first."""
    past = (
        SoTalkSessionPage.objects.sources()
        .filter(ends_at__lte=timezone.now())
        .with_attendance_figures()
        .defer_streamfields()
    )
    by_series: dict[str, SeriesAttendance] = {}
    parents = {
        page.path: page
        for page in SeriesIndexPage.objects.filter(
            path__in={session.path[: -session.steplen] for session in past}
        )
    }
    for session in past:
        parent = parents.get(session.path[: -session.steplen])
        if parent is None:
            continue
        row = by_series.setdefault(parent.path, SeriesAttendance(series=parent))
        row.sessions += 1
        for name in (
            "registrations_confirmed",
            "registrations_attended",
            "registrations_joined",
            "registrations_checked_in",
            "registrations_cancelled",
        ):
            setattr(row, name, getattr(row, name) + getattr(session, name))
    return list(by_series.values())[:limit]
