"""The dashboard panel: the next sessions' registration figures."""

from datetime import timedelta

from django.utils import timezone
from wagtail.admin.ui.components import Component

from ..models import SoTalkSessionPage
from ..models.panels import VIEW_REGISTRATIONS
from .attendance import past_sessions_attendance, series_attendance


class UpcomingSessionsPanel(Component):
    """Dashboard: upcoming sessions with seats taken, waiting list and the last week."""

    name = "series_upcoming_sessions"
    order = 90
    template_name = "series/admin/upcoming_sessions_panel.html"

    def __init__(self, request):
        self.request = request

    def render_html(self, parent_context=None):
        if not self.request.user.has_perm(VIEW_REGISTRATIONS):
            return ""
        return super().render_html(parent_context)

    def get_context_data(self, parent_context=None):
        sessions = (
            SoTalkSessionPage.objects.sources()
            .filter(ends_at__gte=timezone.now())
            .with_registration_figures(since=timezone.now() - timedelta(days=7))
            .with_attendance_figures()
            .order_by("starts_at", "pk")[:10]
        )
        past = past_sessions_attendance()
        return {
            "sessions": sessions,
            "recent_sessions": past[:5],
            "series_attendance": series_attendance(past),
        }
