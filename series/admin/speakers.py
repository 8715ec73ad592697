"""The speaker list in the admin: photo, organisation, language and their sessions."""

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column
from wagtail.snippets.views.snippets import IndexView

from ..models import SessionSpeaker


class PhotoColumn(Column):
    cell_template_name = "series/admin/speaker_photo_cell.html"


class SessionsColumn(Column):
    cell_template_name = "series/admin/speaker_sessions_cell.html"


class SpeakerIndexView(IndexView):
    """Prefetches photos and appearances, so the list costs the same for any length."""

    def get_base_queryset(self):
        appearances = SessionSpeaker.objects.select_related("page").order_by(
            "-page__starts_at"
        )
        return (
            super()
            .get_base_queryset()
            .select_related("photo", "locale")
            .prefetch_related(
                "photo__renditions",
                Prefetch("session_appearances", queryset=appearances),
            )
        )


LIST_DISPLAY = [
    "name",  # first: Wagtail links the first column to the editor
    PhotoColumn("photo", label=_("Photo"), width="8%"),
    "role",
    "organisation",
    "locale",
    SessionsColumn("sessions", label=_("Sessions"), accessor="pk"),
]
