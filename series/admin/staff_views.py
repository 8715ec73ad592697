"""Staff pages about one session (check-in, messages to its registrants) and about
one person's data (access and erasure)."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, TemplateView

from ..domain.following import person_followers
from ..domain.privacy import person_erase, person_registrations
from ..domain.staff import message_send, registrations_check_in
from ..models import (
    MessageAudience,
    RegistrantMessage,
    Registration,
    SoTalkSessionPage,
)


class SessionStaffView(PermissionRequiredMixin):
    """A staff page about one session, addressed by any of its translations' ids."""

    permission_required = "series.change_registration"

    @cached_property
    def session(self) -> SoTalkSessionPage:
        # Looked up lazily, so that the permission check comes first.
        page = get_object_or_404(SoTalkSessionPage, pk=self.kwargs["session_pk"])
        return page.source


class CheckInView(SessionStaffView, TemplateView):
    """On the day: tick who came, one by one or all at once."""

    template_name = "series/admin/registrations/check_in.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            session=self.session,
            registrations=Registration.objects.filter(session=self.session)
            .confirmed()
            .order_by("name", "pk"),
        )
        return context

    def post(self, request, *args, **kwargs):
        ids = {
            int(value)
            for value in request.POST.getlist("checked_in")
            if value.isdigit()
        }
        changed = registrations_check_in(
            session=self.session, checked_in_ids=ids, staff_user=request.user
        )
        messages.success(
            request, _("Check-ins saved (%(count)s changed).") % {"count": changed}
        )
        return redirect("registration:check_in", session_pk=self.session.pk)


class MessageForm(forms.Form):
    """The audience, and a subject and text per content language: fill in at least
    one language; registrants whose language is left empty read the first one."""

    audience = forms.ChoiceField(label=_("To"), choices=MessageAudience.choices)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for code, name in settings.WAGTAIL_CONTENT_LANGUAGES:
            self.fields[f"subject_{code}"] = forms.CharField(
                label=_("Subject (%(language)s)") % {"language": name},
                max_length=200,
                required=False,
            )
            self.fields[f"body_{code}"] = forms.CharField(
                label=_("Message (%(language)s)") % {"language": name},
                widget=forms.Textarea(attrs={"rows": 6}),
                required=False,
            )

    def clean(self):
        cleaned = super().clean()
        texts = {}
        for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES:
            subject = cleaned.get(f"subject_{code}", "").strip()
            body = cleaned.get(f"body_{code}", "").strip()
            if bool(subject) != bool(body):
                missing = f"body_{code}" if subject else f"subject_{code}"
                self.add_error(missing, _("Write both a subject and a message."))
            elif subject:
                texts[code] = (subject, body)
        if not texts and not self.errors:
            raise forms.ValidationError(
                _("Write the message in at least one language.")
            )
        cleaned["texts"] = texts
        return cleaned


class MessageView(SessionStaffView, FormView):
    """Write to a session's registrants; each gets the text in their language."""

    template_name = "series/admin/registrations/message.html"
    form_class = MessageForm

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            session=self.session,
            sent_messages=RegistrantMessage.objects.filter(session=self.session)
            .select_related("sent_by")
            .prefetch_related("texts"),
        )
        return context

    def form_valid(self, form):
        message = message_send(
            session=self.session,
            audience=form.cleaned_data["audience"],
            texts=form.cleaned_data["texts"],
            staff_user=self.request.user,
        )
        messages.success(
            self.request,
            _("The message is on its way to %(count)s registrants.")
            % {"count": message.recipient_count},
        )
        return redirect("registration:message", session_pk=self.session.pk)


class PersonForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"))


class PersonDataView(PermissionRequiredMixin, FormView):
    """Right of access and right to erasure for one e-mail address.

    Everything is POSTed, so that the address never ends up in a URL or access log.
    """

    permission_required = "series.view_registration"
    template_name = "series/admin/registrations/person.html"
    form_class = PersonForm

    def form_valid(self, form):
        email = form.cleaned_data["email"]
        action = self.request.POST.get("action", "show")
        if action == "erase":
            if not self.request.user.has_perm("series.delete_registration"):
                raise PermissionDenied
            count = person_erase(email=email, staff_user=self.request.user)
            messages.success(
                self.request,
                _("Erased the personal data of %(count)s registrations.")
                % {"count": count},
            )
            return redirect("registration:person")
        registrations = person_registrations(email=email)
        if action == "export":
            response = JsonResponse(
                {
                    "registrations": [person_export(r) for r in registrations],
                    "followers": [
                        follower_export(f) for f in person_followers(email=email)
                    ],
                },
                json_dumps_params={"ensure_ascii": False, "indent": 2},
            )
            response["Content-Disposition"] = (
                'attachment; filename="registrations.json"'
            )
            return response
        return self.render_to_response(
            self.get_context_data(
                form=form,
                registrations=registrations,
                followers=person_followers(email=email),
                searched=True,
            )
        )


def person_export(registration: Registration) -> dict:
    return {
        "session": registration.session.title,
        "session_starts_at": registration.session.starts_at.isoformat(),
        "name": registration.name,
        "email": registration.email,
        "organisation": registration.organisation,
        "answers": registration.answers,
        "access_needs": registration.access_needs,
        "access_needs_other": registration.access_needs_other,
        "language": registration.language,
        "status": registration.status,
        "created_at": registration.created_at.isoformat(),
        "consent_given_at": registration.consent_given_at.isoformat()
        if registration.consent_given_at
        else None,
        "consent_version": registration.consent_version,
        "checked_in_at": registration.checked_in_at.isoformat()
        if registration.checked_in_at
        else None,
    }


def follower_export(follower) -> dict:
    return {
        "series": follower.series.title,
        "email": follower.email,
        "name": follower.name,
        "language": follower.language,
        "mode": follower.mode,
        "created_at": follower.created_at.isoformat(),
        "confirmed_at": follower.confirmed_at.isoformat()
        if follower.confirmed_at
        else None,
        "consent_version": follower.consent_version,
    }
