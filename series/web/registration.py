"""Registration on the site: the form's POST endpoint, the registrant's own pages."""

import hashlib
from functools import partial

from django.conf import settings
from django.db.models import prefetch_related_objects
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.decorators import method_decorator
from django.utils.translation import get_language
from django.views import View
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from ..domain.errors import RegistrationError
from ..domain.forms import LookupForm, RegistrationForm, registration_form
from ..domain.registration import (
    registration_cancel,
    registration_create,
    registration_resend,
)
from ..http.origins import origin_allowed
from ..http.ratelimit import rate_limited
from ..models import Registration, RegistrationStatus, SoTalkSessionPage
from ..models.querysets import MAX_PAGE_ID
from ..models.registrations import email_key
from ..read.fragments import kept
from ..read.sessions import session_in_language


def same_origin(request: HttpRequest) -> bool:
    """Refuse forms posted from other sites (CSRF_TRUSTED_ORIGINS may)."""
    return origin_allowed(request, settings.CSRF_TRUSTED_ORIGINS)


def private(response: HttpResponse) -> HttpResponse:
    """A registrant's own page: never stored by a shared cache or the browser."""
    add_never_cache_headers(response)
    patch_cache_control(response, private=True)
    return response


def registration_page(page_id: int) -> SoTalkSessionPage | None:
    """A visible session page with what its form and registration read."""
    page = SoTalkSessionPage.objects.visible().with_source_flag().filter(pk=page_id)
    page = page.first()
    if page is not None:
        prefetch_related_objects([page], "questions")
        page.source.series  # noqa: B018 (read now, kept with the page)
        page.series  # noqa: B018
    return page


@method_decorator(csrf_exempt, name="dispatch")  # cached pages carry no CSRF token
class RegisterView(View):
    """The session page's form posts here. Small steps, as wagtail.contrib.forms
    has: find the page, build the form, register, answer; a host overrides one."""

    http_method_names = ["get", "head", "post"]

    def get_page(self, page_id: int) -> SoTalkSessionPage:
        """The visible session, as last published: kept until the next publish,
        with its series and questions. `registration_create` checks again, in its
        transaction, that the session may be registered for."""
        if page_id > MAX_PAGE_ID:  # no such page; the database would overflow
            raise Http404
        build = partial(registration_page, page_id)
        page = kept(self.request, "registration-page", [page_id], build)
        if page is None:
            raise Http404
        return page

    def get(self, request: HttpRequest, page_id: int) -> HttpResponse:
        """The address bar after a form error: lead back to the session page."""
        return redirect(self.get_page(page_id).get_url(request))

    def post(self, request: HttpRequest, page_id: int) -> HttpResponse:
        page = self.get_page(page_id)
        if not same_origin(request):
            return render(request, "series/registration_refused.html", status=403)
        if rate_limited(request, f"register:{page.source.pk}"):
            return render(request, "series/registration_rate_limited.html", status=429)
        form = registration_form(page, request.POST, auto_id="register-%s")
        if form.is_spam:
            return render(
                request, "series/registration_received.html", {"session": page}
            )
        if not form.is_valid():
            return self.form_invalid(page, form, status=422)
        try:
            registration = self.process_registration(page, form)
        except RegistrationError as error:
            form.add_error(None, error.message)
            return self.form_invalid(page, form, status=error.status)
        return self.landing(registration)

    def process_registration(
        self, page: SoTalkSessionPage, form: RegistrationForm
    ) -> Registration:
        return registration_create(
            session=page, registrant=form.registrant(page, get_language())
        )

    def form_invalid(
        self, page: SoTalkSessionPage, form: RegistrationForm, status: int
    ) -> HttpResponse:
        context = page.get_context(self.request)
        context["registration_form"] = form
        return TemplateResponse(
            self.request, page.get_template(self.request), context, status=status
        )

    def landing(self, registration: Registration) -> HttpResponse:
        return redirect(
            reverse("series:registration_detail", args=[registration.token])
        )


def _registration_or_invalid(request: HttpRequest, token: str):
    registration = Registration.objects.from_token(token)
    if registration is None or registration.erased_at:
        return None, render(request, "series/registration_invalid.html", status=404)
    return registration, None


def _registrant_context(registration: Registration, token: str) -> dict:
    """What a registrant's own pages show: their registration and the session in the
    visitor's language."""
    return {
        "registration": registration,
        "session": session_in_language(registration.session, get_language()),
        "token": token,
    }


@require_http_methods(["GET", "HEAD"])
def registration_detail(request: HttpRequest, token: str) -> HttpResponse:
    registration, invalid = _registration_or_invalid(request, token)
    if invalid:
        return private(invalid)
    context = _registrant_context(registration, token)
    context["when"] = registration.session.formatted_time(get_language())
    return private(render(request, "series/registration_detail.html", context))


@require_http_methods(["GET", "HEAD", "POST"])
def registration_cancel_view(request: HttpRequest, token: str) -> HttpResponse:
    """GET asks for a click, so that mail scanners following links cancel nothing."""
    registration, invalid = _registration_or_invalid(request, token)
    if invalid:
        return private(invalid)
    return private(_cancel(request, registration, token))


def _cancel(request: HttpRequest, registration: Registration, token: str):
    context = _registrant_context(registration, token)
    # Only promise the seat to someone if someone is waiting for it.
    context["anyone_waiting"] = (
        Registration.objects.filter(session_id=registration.session_id)
        .waitlisted()
        .exists()
    )
    if registration.session.ends_at <= timezone.now():
        return render(
            request, "series/registration_cancel_expired.html", context, status=410
        )
    if request.method == "POST" and registration.status != RegistrationStatus.CANCELLED:
        try:
            registration_cancel(registration=registration)
        except RegistrationError as error:
            context["error"] = error.message
            return render(
                request, "series/registration_cancel.html", context, status=409
            )
        return redirect(reverse("series:registration_detail", args=[token]))
    return render(request, "series/registration_cancel.html", context)


@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def registration_lookup(request: HttpRequest) -> HttpResponse:
    """Lost the link? The same answer whether or not the address is registered."""
    if request.method == "POST":
        form = LookupForm(request.POST)
        if not same_origin(request):
            return render(request, "series/registration_refused.html", status=403)
        if rate_limited(request, "lookup"):
            return render(request, "series/registration_rate_limited.html", status=429)
        if form.is_valid():
            email = form.cleaned_data["email"]
            # A cap per mailbox too, so nobody can flood one inbox from many
            # addresses; the answer is the same either way.
            mailbox = hashlib.sha256(email_key(email).encode()).hexdigest()
            if not rate_limited(
                request, "lookup-mailbox", "LOOKUP_RATE_LIMIT", mailbox
            ):
                registration_resend(email=email)
            return redirect(reverse("series:registration_lookup") + "?sent=1")
    else:
        form = LookupForm()
    return private(
        render(
            request,
            "series/registration_lookup.html",
            {"form": form, "sent": request.GET.get("sent") == "1"},
        )
    )
