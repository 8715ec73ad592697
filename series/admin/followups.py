"""Staff send a session's follow-ups by hand, e.g. as soon as the recording is in."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.generic import TemplateView

from ..domain.errors import RegistrationError
from ..domain.followups import followups_send
from ..models import EmailKind, Registration
from .staff_views import SessionStaffView


class FollowupsView(SessionStaffView, TemplateView):
    """Asks once, then queues the follow-up to everyone who has none yet."""

    template_name = "series/admin/registrations/followups.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        waiting = (
            Registration.objects.filter(session=self.session, email__isnull=False)
            .confirmed()
            .exclude(deliveries__kind__in=EmailKind.followups())
        )
        context.update(
            session=self.session,
            attended=waiting.attended().count(),
            absent=waiting.absent().count(),
            page_title=_("Send follow-ups"),
        )
        return context

    def post(self, request, *args, **kwargs):
        try:
            count = followups_send(session=self.session, staff_user=request.user)
        except RegistrationError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                ngettext(
                    "Follow-up queued to %(count)d registrant.",
                    "Follow-ups queued to %(count)d registrants.",
                    count,
                )
                % {"count": count},
            )
        return redirect(reverse("registration:index") + f"?session={self.session.pk}")
