"""Editor panels that belong to the session page's own edit form."""

from django.conf import settings
from django.utils import timezone
from django.utils.translation import get_language
from wagtail.admin.panels import Panel

from ..formatting import language_name, time_zone_name

VIEW_REGISTRATIONS = "series.view_registration"


class RegistrationSummaryPanel(Panel):
    """In the session editor: the event's registration figures and where to act."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "series/admin/registration_summary_panel.html"

        def is_shown(self):
            user = self.request.user
            return user.has_perm(VIEW_REGISTRATIONS) and bool(self.instance.pk)

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            page = self.instance
            context["event"] = (
                type(page)
                .objects.filter(translation_key=page.translation_key)
                .sources()
                .with_attendance_figures()
                .first()
            )
            return context


class SessionTimePanel(Panel):
    """Under the start and end fields: the time zone they are in, and how the saved
    time reads on the site in each content language."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "series/admin/session_time_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            page = self.instance
            series_zone = page.tz
            entered_zone = timezone.get_current_timezone()
            preview = []
            if page.starts_at and page.ends_at:
                for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES:
                    preview.append(
                        {
                            "code": code,
                            "name": language_name(code, get_language() or code),
                            "text": page.formatted_time(code),
                            "zone": time_zone_name(page.starts_at, series_zone),
                        }
                    )
            context.update(
                series_zone=str(series_zone),
                entered_zone=str(entered_zone),
                same_zone=str(series_zone) == str(entered_zone),
                preview=preview,
            )
            return context
