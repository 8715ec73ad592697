"""The Registrations area of the admin: list, export, add, and status actions. Every
change goes through the domain operations, so e-mails follow."""

import django_filters
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.generic import CreateView, DeleteView, IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import Button

from ..domain.errors import RegistrationError
from ..domain.registration import Registrant, registration_cancel
from ..domain.staff import (
    registration_add,
    registration_move_to_waitlist,
    registration_promote,
)
from ..models import (
    DeliveryStatus,
    Registration,
    RegistrationStatus,
    SoTalkSessionPage,
)
from .exports import RegistrationExportMixin
from .followups import FollowupsView
from .staff_views import CheckInView, MessageView, PersonDataView


def source_sessions(request=None):
    """Sessions as registrations know them: the source pages, newest first."""
    return SoTalkSessionPage.objects.sources().order_by("-starts_at", "-pk")


class RegistrationFilterSet(WagtailFilterSet):
    session = django_filters.ModelChoiceFilter(
        label=_("Session"), queryset=source_sessions, empty_label=_("All sessions")
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=RegistrationStatus.choices
    )
    language = django_filters.ChoiceFilter(
        label=_("Language"), choices=settings.WAGTAIL_CONTENT_LANGUAGES
    )
    delivery_status = django_filters.ChoiceFilter(
        label=_("Delivery status"), choices=DeliveryStatus.choices
    )
    checked_in = django_filters.BooleanFilter(
        label=_("Checked in"),
        field_name="checked_in_at",
        lookup_expr="isnull",
        exclude=True,
    )
    attended = django_filters.BooleanFilter(
        label=_("Attended (joined online or checked in)"), method="filter_attended"
    )

    def filter_attended(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.attended() if value else queryset.absent()

    class Meta:
        model = Registration
        fields = []


class RegistrationIndexView(RegistrationExportMixin, IndexView):
    """The list, with exports that carry the extra questions' answers as columns."""

    base_export_fields = [
        "pk",
        "session",
        "name",
        "email",
        "organisation",
        "status",
        "language",
        "created_at",
        "waitlisted_at",
        "offer_expires_at",
        "checked_in_at",
        "joined_at",
        "attended",
        "delivery_status",
        "consent_version",
        "consent_given_at",
    ]

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("session")

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        for action in RegistrationActionView.actions_for(instance):
            buttons.append(
                MenuItem(
                    RegistrationActionView.ACTIONS[action][0],
                    url=reverse("registration:action", args=[instance.pk, action]),
                    icon_name=RegistrationActionView.ACTIONS[action][2],
                    priority=5,
                )
            )
        return buttons

    @cached_property
    def header_more_buttons(self):
        buttons = super().header_more_buttons.copy()
        buttons.append(
            Button(
                _("One person's data"),
                url=reverse("registration:person"),
                icon_name="user",
                priority=60,
            )
        )
        return buttons


class StaffRegistrationForm(WagtailAdminModelForm):
    """Staff add someone by hand; over capacity only with the explicit choice."""

    overbook = forms.BooleanField(
        label=_("Overbook"),
        required=False,
        help_text=_(
            "Give a seat even if the session is full. Without this, the person "
            "joins the waiting list. Overbooking is recorded in the log."
        ),
    )

    class Meta:
        model = Registration
        fields = ["session", "name", "email", "organisation", "language"]
        widgets = {"language": forms.Select(choices=settings.WAGTAIL_CONTENT_LANGUAGES)}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = source_sessions()
        self.fields["name"].required = True
        self.fields["email"].required = True


class RegistrationCreateView(CreateView):
    def save_instance(self):
        data = self.form.cleaned_data
        return registration_add(
            session=data["session"],
            registrant=Registrant(
                name=data["name"],
                email=data["email"],
                organisation=data["organisation"],
                language=data["language"],
            ),
            staff_user=self.request.user,
            overbook=data["overbook"],
        )

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except RegistrationError as error:
            form.add_error(None, error.message)
            return self.form_invalid(form)


class RegistrationDeleteView(DeleteView):
    def delete_action(self):
        # Cancel first, so that a freed seat goes to the waiting list.
        registration_cancel(
            registration=self.object, staff_user=self.request.user, notify=False
        )
        super().delete_action()


class RegistrationEditForm(WagtailAdminModelForm):
    class Meta:
        model = Registration
        fields = ["name", "email", "organisation"]


class RegistrationActionView(PermissionRequiredMixin, TemplateView):
    """Status changes from the admin: asks once, then calls the service."""

    permission_required = "series.change_registration"
    template_name = "series/admin/registrations/action_confirm.html"
    ACTIONS = {
        "cancel": (_("Cancel registration"), registration_cancel, "cross"),
        "promote": (_("Give a seat now"), registration_promote, "arrow-up"),
        "waitlist": (
            _("Move to the waiting list"),
            registration_move_to_waitlist,
            "arrow-down",
        ),
    }

    @staticmethod
    def actions_for(registration: Registration) -> list[str]:
        if registration.erased_at:
            return []
        if registration.status == RegistrationStatus.CONFIRMED:
            return ["waitlist", "cancel"]
        if registration.status == RegistrationStatus.WAITLISTED:
            return ["promote", "cancel"]
        if registration.status in (
            RegistrationStatus.OFFERED,
            RegistrationStatus.PENDING,
        ):
            return ["cancel"]
        return []

    def dispatch(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        self.registration = get_object_or_404(
            Registration.objects.select_related("session"), pk=kwargs["pk"]
        )
        self.action = kwargs["action"]
        if self.action not in self.actions_for(self.registration):
            messages.error(
                request, _("That is not possible for this registration now.")
            )
            return redirect("registration:index")
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            registration=self.registration,
            action_label=self.ACTIONS[self.action][0],
            page_title=self.ACTIONS[self.action][0],
        )
        return context

    def post(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        service = self.ACTIONS[self.action][1]
        service(registration=self.registration, staff_user=request.user)
        messages.success(request, _("Done. The registrant has been told by e-mail."))
        return redirect(
            reverse("registration:index") + f"?session={self.registration.session_id}"
        )


class RegistrationViewSet(ModelViewSet):
    model = Registration
    icon = "group"
    menu_label = _("Registrations")
    menu_order = 260
    add_to_admin_menu = True
    url_prefix = "registrations"
    url_namespace = "registration"
    index_view_class = RegistrationIndexView
    add_view_class = RegistrationCreateView
    delete_view_class = RegistrationDeleteView
    filterset_class = RegistrationFilterSet
    copy_view_enabled = False
    inspect_view_enabled = True
    # Not by e-mail: a search is a GET, and its address would land in access logs.
    # One person's data (a POST) finds every registration of an address.
    search_fields = ["name", "organisation"]
    search_backend_name = None  # the ORM: personal data stays out of the search index
    list_display = [
        TitleColumn("name", label=_("Name"), url_name="registration:edit"),
        "email",
        Column("session", label=_("Session")),
        Column("get_status_display", label=_("Status")),
        "language",
        DateColumn("created_at", label=_("Created")),
        Column("get_delivery_status_display", label=_("Delivery status")),
        DateColumn("checked_in_at", label=_("Checked in")),
        DateColumn("joined_at", label=_("Joined online")),
        Column("get_access_needs_display", label=_("Accommodations")),
    ]
    list_export = RegistrationIndexView.base_export_fields
    export_filename = "registrations"
    inspect_view_fields = [
        "session",
        "name",
        "email",
        "organisation",
        "answers",
        "access_needs",
        "access_needs_other",
        "language",
        "status",
        "created_at",
        "waitlisted_at",
        "promoted_at",
        "cancelled_at",
        "offered_at",
        "offer_expires_at",
        "email_confirmed_at",
        "checked_in_at",
        "joined_at",
        "overbooked",
        "consent_given_at",
        "consent_version",
        "delivery_status",
    ]

    def get_form_class(self, for_update=False):
        return RegistrationEditForm if for_update else StaffRegistrationForm

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path(
                "action/<int:pk>/<str:action>/",
                RegistrationActionView.as_view(),
                name="action",
            ),
            path("check-in/<int:session_pk>/", CheckInView.as_view(), name="check_in"),
            path("message/<int:session_pk>/", MessageView.as_view(), name="message"),
            path(
                "follow-ups/<int:session_pk>/",
                FollowupsView.as_view(),
                name="followups",
            ),
            path("person/", PersonDataView.as_view(), name="person"),
        ]


registration_viewset = RegistrationViewSet("registration")
