"""Reads shared by pages, the API and e-mails, each in a fixed number of queries."""

from collections.abc import Iterable

from django.db.models import QuerySet

from .models import SeriesIndexPage, SoTalkSessionPage


def session_list_with_series(
    sessions: QuerySet[SoTalkSessionPage] | Iterable[SoTalkSessionPage],
) -> list[SoTalkSessionPage]:
    """Sessions with their series attached in one query, instead of one per session."""
    sessions = list(sessions)
    parent_paths = {session.path[: -session.steplen] for session in sessions}
    series_by_path = {
        series.path: series
        for series in SeriesIndexPage.objects.filter(path__in=parent_paths)
    }
    for session in sessions:
        session.series = series_by_path.get(session.path[: -session.steplen])
    return sessions
