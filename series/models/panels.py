"""An editor panel that belongs to the session page's own edit form."""

from wagtail.admin.panels import Panel

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
