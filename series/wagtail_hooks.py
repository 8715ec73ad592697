"""Registrations with Wagtail's admin only: viewsets, panels, hooks."""

from django.urls import path, reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .admin import log_actions
from .admin.dashboard import UpcomingSessionsPanel
from .admin.followers import follower_permission_policy, follower_viewset
from .admin.listing import annotate_session_status
from .admin.permissions import LocaleScopedPermissionPolicy
from .admin.preview import HeadlessPreviewButton, headless_preview
from .admin.registrations import registration_viewset
from .admin.speakers import LIST_DISPLAY, SpeakerIndexView
from .admin.topics import TopicViewSet
from .admin.translation_panels import TranslationsToReviewPanel, UntranslatedPanel
from .admin.translation_views import (
    LocaleScopedEditView,
    SubmitPageTranslationView,
    SubmitSnippetTranslationView,
    UpdateTranslationsView,
    convert_to_alias,
    edit_override,
    hide_publishers_actions,
    refuse_unless_publisher,
)
from .models import Follower, Speaker, Topic

# Before any view asks for it, or Wagtail falls back to model-wide permissions.
register_permission_policy(Speaker, LocaleScopedPermissionPolicy(Speaker))
register_permission_policy(Topic, LocaleScopedPermissionPolicy(Topic))
register_permission_policy(Follower, follower_permission_policy)


class SpeakerViewSet(SnippetViewSet):
    model = Speaker
    icon = "user"
    menu_order = 250
    add_to_admin_menu = True
    list_display = LIST_DISPLAY
    index_view_class = SpeakerIndexView
    # Wagtail adds a locale filter to translatable models by itself.
    list_filter = ["live"]
    # The ORM, not the search index: the index is updated by the task worker.
    search_backend_name = None
    search_fields = ["name", "role", "organisation"]
    edit_view_class = LocaleScopedEditView

    @property
    def breadcrumbs_items(self):
        # Wagtail's are translated once at start-up; lazy ones follow each user.
        return [{"url": reverse_lazy("wagtailadmin_home"), "label": _("Home")}]


register_snippet(SpeakerViewSet)
register_snippet(TopicViewSet)


@hooks.register("construct_homepage_panels")
def add_translation_panels(request, panels) -> None:
    panels += [TranslationsToReviewPanel(request), UntranslatedPanel(request)]


@hooks.register("register_admin_urls", order=-1)
def override_translation_urls():
    # The same paths as wagtail-localize's views, registered first, so these win.
    return [
        path(
            "localize/submit/page/<int:page_id>/",
            SubmitPageTranslationView.as_view(),
            name="series_submit_page_translation",
        ),
        path(
            "localize/submit/snippet/<slug:app_label>/<slug:model_name>/<str:pk>/",
            SubmitSnippetTranslationView.as_view(),
            name="series_submit_snippet_translation",
        ),
        path(
            "localize/page/<int:page_id>/convert_to_alias/",
            convert_to_alias,
            name="series_convert_to_alias",
        ),
        path(
            "localize/translate/<int:translation_id>/overrides/"
            "<int:overridable_segment_id>/edit/",
            edit_override,
            name="series_edit_override",
        ),
        path(
            "localize/update/<int:translation_source_id>/",
            UpdateTranslationsView.as_view(),
            name="series_update_translations",
        ),
    ]


@hooks.register("register_log_actions")
def register_log_actions(actions) -> None:
    log_actions.register(actions)


@hooks.register("register_admin_viewset")
def register_registration_viewset():
    return registration_viewset


@hooks.register("register_admin_viewset")
def register_follower_viewset():
    return follower_viewset


@hooks.register("construct_homepage_panels")
def add_upcoming_sessions_panel(request, panels) -> None:
    panels.append(UpcomingSessionsPanel(request))


@hooks.register("construct_explorer_page_queryset")
def annotate_session_badges(parent_page, pages, request):
    return annotate_session_status(pages)


@hooks.register("before_delete_page")
def only_publishers_delete(request, page):
    refuse_unless_publisher(request, page)


@hooks.register("construct_page_action_menu")
def only_publishers_see_their_actions(menu_items, request, context):
    hide_publishers_actions(menu_items, request, context)


@hooks.register("register_admin_urls")
def register_headless_preview_url():
    return [
        path(
            "series/preview/<int:page_id>/",
            headless_preview,
            name="series_headless_preview",
        )
    ]


@hooks.register("register_page_header_buttons")
def headless_preview_button(page, user, view_name=None, next_url=None):
    yield HeadlessPreviewButton(page=page, priority=5)
