"""Registration figures where staff look: the dashboard and the session editor."""

from datetime import timedelta

from django.conf import settings
from django.db.models import Count, Q
from django.utils import timezone
from wagtail.admin.panels import Panel
from wagtail.admin.ui.components import Component

PERMISSION = "series.view_registration"


def with_registration_counts(sessions):
    from ..models import RegistrationStatus  # the page models import this module

    week_ago = timezone.now() - timedelta(days=7)
    return sessions.annotate(
        confirmed=Count(
            "registrations",
            filter=Q(registrations__status=RegistrationStatus.CONFIRMED),
        ),
        waitlisted=Count(
            "registrations",
            filter=Q(registrations__status=RegistrationStatus.WAITLISTED),
        ),
        cancelled=Count(
            "registrations",
            filter=Q(registrations__status=RegistrationStatus.CANCELLED),
        ),
        recent=Count(
            "registrations", filter=Q(registrations__created_at__gte=week_ago)
        ),
    )


class UpcomingSessionsPanel(Component):
    """Dashboard: upcoming sessions with seats taken, waiting list and the last week."""

    name = "series_upcoming_sessions"
    order = 90
    template_name = "series/admin/upcoming_sessions_panel.html"

    def __init__(self, request):
        self.request = request

    def render_html(self, parent_context=None):
        if not self.request.user.has_perm(PERMISSION):
            return ""
        return super().render_html(parent_context)

    def get_context_data(self, parent_context=None):
        from ..models import SoTalkSessionPage

        sessions = with_registration_counts(
            SoTalkSessionPage.objects.filter(
                locale__language_code=settings.LANGUAGE_CODE,
                ends_at__gte=timezone.now(),
            ).order_by("starts_at", "pk")
        )[:10]
        return {"sessions": sessions}


class RegistrationSummaryPanel(Panel):
    """In the session editor: the registration figures and where to act on them."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "series/admin/registration_summary_panel.html"

        def is_shown(self):
            return self.request.user.has_perm(PERMISSION) and bool(self.instance.pk)

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            source = self.instance.source
            context["event"] = with_registration_counts(
                type(source).objects.filter(pk=source.pk)
            ).first()
            return context
