"""Followers in the admin: a list per series and its export, for the staff who may
see registrations (the same permissions); nothing to add or edit by hand."""

import csv

import django_filters
from django.conf import settings
from django.utils.functional import cached_property
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.generic import IndexView
from wagtail.admin.views.mixins import Echo
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy

from ..models import Follower, FollowMode, Registration, SeriesIndexPage
from .exports import csv_delimiter, neutralise_formula


def series_choices(request=None):
    return SeriesIndexPage.objects.filter(
        pk__in=Follower.objects.values("series_id")
    ).order_by("title")


class FollowerFilterSet(WagtailFilterSet):
    series = django_filters.ModelChoiceFilter(
        label=pgettext_lazy("one series", "Series"),
        queryset=series_choices,
        empty_label=_("All series"),
    )
    mode = django_filters.ChoiceFilter(
        label=_("What we send"), choices=FollowMode.choices
    )
    language = django_filters.ChoiceFilter(
        label=_("Language"), choices=settings.WAGTAIL_CONTENT_LANGUAGES
    )
    confirmed = django_filters.BooleanFilter(
        label=_("Confirmed"),
        field_name="confirmed_at",
        lookup_expr="isnull",
        exclude=True,
    )

    class Meta:
        model = Follower
        fields = []


class FollowerIndexView(IndexView):
    """The list; its CSV opens cleanly in a spreadsheet, as registrations' does."""

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("series")

    @cached_property
    def no_results_message(self):
        if self.is_searching or self.is_filtering:
            return _("No followers match your choices.")
        return _("Nobody follows a series yet.")

    def to_row_dict(self, item):
        row = super().to_row_dict(item)
        row["series"] = item.series.title
        row["mode"] = item.get_mode_display()
        return row

    def preprocess_field_value(self, field, value, export_format):
        if export_format == self.FORMAT_CSV and hasattr(value, "strftime"):
            return value.strftime("%Y-%m-%d %H:%M")
        value = super().preprocess_field_value(field, value, export_format)
        return neutralise_formula(value)

    def stream_csv(self, queryset):
        writer = csv.DictWriter(
            Echo(),
            fieldnames=self.list_export,
            delimiter=csv_delimiter(get_language() or "en"),
            quoting=csv.QUOTE_ALL,
        )
        headings = {
            field: self.get_heading(queryset, field) for field in self.list_export
        }
        yield "\ufeff"  # so that Excel reads the file as UTF-8 (æøå)
        yield writer.writerow(headings)
        for item in queryset:
            yield self.write_csv_row(writer, self.to_row_dict(item))


class FollowerPermissionPolicy(ModelPermissionPolicy):
    """Who may see registrations may see followers (the same personal data); nobody
    adds one by hand: only the person can, by confirming the address."""

    def user_has_permission(self, user, action):
        return action != "add" and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        actions = [action for action in actions if action != "add"]
        return bool(actions) and super().user_has_any_permission(user, actions)


follower_permission_policy = FollowerPermissionPolicy(Follower, auth_model=Registration)


class FollowerViewSet(ModelViewSet):
    model = Follower
    icon = "mail"
    menu_label = _("Followers")
    menu_order = 261
    add_to_admin_menu = True
    url_prefix = "followers"
    url_namespace = "follower"
    index_view_class = FollowerIndexView
    filterset_class = FollowerFilterSet
    copy_view_enabled = False
    inspect_view_enabled = True
    search_backend_name = None
    search_fields = ["name"]
    form_fields = ["name"]
    list_display = [
        Column("email", label=_("E-mail")),
        Column("series", label=pgettext_lazy("one series", "Series")),
        Column("get_mode_display", label=_("What we send")),
        "language",
        DateColumn("created_at", label=_("Created")),
        DateColumn("confirmed_at", label=_("Confirmed")),
    ]
    list_export = [
        "series",
        "email",
        "name",
        "language",
        "mode",
        "created_at",
        "confirmed_at",
        "consent_version",
    ]
    export_headings = {
        "series": pgettext_lazy("one series", "Series"),
        "mode": _("What we send"),
    }
    export_filename = "followers"
    inspect_view_fields = [
        "series",
        "email",
        "name",
        "language",
        "mode",
        "created_at",
        "confirmed_at",
        "consent_version",
    ]


follower_viewset = FollowerViewSet("follower")
