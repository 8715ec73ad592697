"""Registration on the site: the form's POST endpoint, the registrant's own pages."""

from urllib.parse import urlparse

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from .. import services
from ..emails import registration_from_token, registration_token
from ..forms import RegistrationForm
from ..models import Registration, RegistrationStatus, SoTalkSessionPage
from ..ratelimit import rate_limited
from ..services import RegistrationError

MAX_PAGE_ID = 2**31 - 1


def registration_form(page: SoTalkSessionPage, data=None) -> RegistrationForm:
    return RegistrationForm(
        data,
        questions=page.questions.all(),
        consent_text=page.consent_text,
        auto_id="register-%s",
    )


def _same_origin(request: HttpRequest) -> bool:
    """Refuse forms posted from other sites; clients that send neither header pass,
    as the endpoint uses no cookies that another site could ride on."""
    origin = request.META.get("HTTP_ORIGIN") or request.META.get("HTTP_REFERER")
    if not origin:
        return True
    parsed = urlparse(origin)
    if parsed.netloc and parsed.netloc == request.get_host():
        return True
    return f"{parsed.scheme}://{parsed.netloc}" in settings.CSRF_TRUSTED_ORIGINS


def _session_page_with_form(
    request: HttpRequest, page: SoTalkSessionPage, form: RegistrationForm, status: int
) -> TemplateResponse:
    context = page.get_context(request)
    context["registration_form"] = form
    return TemplateResponse(request, page.get_template(request), context, status=status)


@csrf_exempt  # the session page is cached for everyone, so it carries no CSRF token
@require_POST
def register(request: HttpRequest, page_id: int) -> HttpResponse:
    if page_id > MAX_PAGE_ID:  # no such page; the database would overflow
        raise Http404
    page = get_object_or_404(SoTalkSessionPage.objects.live(), pk=page_id)
    if not _same_origin(request):
        return render(request, "series/registration_refused.html", status=403)
    if rate_limited(request, f"register:{page.source.pk}"):
        return render(request, "series/registration_rate_limited.html", status=429)
    form = registration_form(page, request.POST)
    if form.is_spam:
        return render(request, "series/registration_received.html", {"session": page})
    if not form.is_valid():
        return _session_page_with_form(request, page, form, status=422)
    try:
        registration = services.registration_create(
            **form.registration_fields(page, get_language())
        )
    except RegistrationError as error:
        form.add_error(None, error.message)
        return _session_page_with_form(request, page, form, status=error.status)
    return redirect(
        reverse("series:registration_detail", args=[registration_token(registration)]),
        permanent=False,
    )


def _registration_or_invalid(request: HttpRequest, token: str):
    registration = registration_from_token(token)
    if registration is None or registration.erased_at:
        return None, render(request, "series/registration_invalid.html", status=404)
    return registration, None


def _registrant_context(registration: Registration, token: str) -> dict:
    """What a registrant's own pages show: their registration and the session in the
    visitor's language."""
    from ..emails import session_in_language

    return {
        "registration": registration,
        "session": session_in_language(registration.session, get_language()),
        "token": token,
    }


@require_http_methods(["GET", "HEAD"])
def registration_detail(request: HttpRequest, token: str) -> HttpResponse:
    registration, invalid = _registration_or_invalid(request, token)
    if invalid:
        return invalid
    context = _registrant_context(registration, token)
    context["when"] = registration.session.formatted_time(get_language())
    return render(request, "series/registration_detail.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
def registration_cancel(request: HttpRequest, token: str) -> HttpResponse:
    """GET asks for a click, so that mail scanners following links cancel nothing."""
    registration, invalid = _registration_or_invalid(request, token)
    if invalid:
        return invalid
    context = _registrant_context(registration, token)
    # Only promise the seat to someone if someone is waiting for it.
    context["anyone_waiting"] = Registration.objects.filter(
        session_id=registration.session_id, status=RegistrationStatus.WAITLISTED
    ).exists()
    if registration.session.ends_at <= timezone.now():
        return render(
            request, "series/registration_cancel_expired.html", context, status=410
        )
    if request.method == "POST" and registration.status != RegistrationStatus.CANCELLED:
        try:
            services.registration_cancel(registration=registration)
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
    from ..forms import LookupForm

    if request.method == "POST":
        form = LookupForm(request.POST)
        if not _same_origin(request):
            return render(request, "series/registration_refused.html", status=403)
        if rate_limited(request, "lookup"):
            return render(request, "series/registration_rate_limited.html", status=429)
        if form.is_valid():
            services.registration_resend(email=form.cleaned_data["email"])
            return redirect(reverse("series:registration_lookup") + "?sent=1")
    else:
        form = LookupForm()
    return render(
        request,
        "series/registration_lookup.html",
        {"form": form, "sent": request.GET.get("sent") == "1"},
    )
