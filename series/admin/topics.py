"""Topics in the admin: a snippet list per locale, translated with wagtail-localize."""

from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail.snippets.views.snippets import SnippetViewSet

from ..models import Topic
from .translation_views import LocaleScopedEditView


class TopicViewSet(SnippetViewSet):
    model = Topic
    icon = "tag"
    menu_label = _("Topics")
    menu_order = 260
    add_to_admin_menu = True
    # Wagtail adds a locale filter to translatable models by itself.
    list_display = ["name", "slug", "locale"]
    search_backend_name = None  # the ORM: the search index waits for the worker
    search_fields = ["name", "slug"]
    edit_view_class = LocaleScopedEditView

    @property
    def breadcrumbs_items(self):
        return [{"url": reverse_lazy("wagtailadmin_home"), "label": _("Home")}]
