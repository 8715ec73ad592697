"""A registrant's own links beyond the registration page: claim an offered seat,
join the webinar, confirm the address (double opt-in), the personal calendar file."""

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.views.decorators.http import require_http_methods

from ..domain.attendance import join_window, registration_join
from ..domain.errors import (
    ConfirmationExpired,
    JoinClosed,
    JoinNotOpen,
    OfferExpired,
    RegistrationError,
)
from ..domain.offers import offer_claim
from ..domain.opt_in import address_confirm
from ..models import Registration, RegistrationStatus, SessionFormat
from ..read.calendars import sessions_ical
from ..read.sessions import session_in_language
from .registration import private


def _registrant(request: HttpRequest, token: str):
    """(registration, None) for a valid link, else (None, the 'link does not work'
    page)."""
    registration = Registration.objects.from_token(token)
    if registration is None or registration.erased_at:
        return None, private(
            render(request, "series/registration_invalid.html", status=404)
        )
    return registration, None


def _context(registration: Registration, token: str, **extra) -> dict:
    language = get_language()
    return {
        "registration": registration,
        "session": session_in_language(registration.session, language),
        "event": registration.session,
        "token": token,
        "when": registration.session.formatted_time(language),
        **extra,
    }


def _to_detail(token: str) -> HttpResponse:
    return redirect(reverse("series:registration_detail", args=[token]))


@require_http_methods(["GET", "HEAD", "POST"])
def registration_claim(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows the offer and a button (mail scanners follow links), POST claims."""
    registration, invalid = _registrant(request, token)
    if invalid:
        return invalid
    status = 200
    context = _context(registration, token)
    if request.method == "POST":
        try:
            offer_claim(registration=registration)
        except RegistrationError as error:
            registration.refresh_from_db()
            context.update(error=error.message, registration=registration)
            status = error.status
        else:
            return _to_detail(token)
    elif registration.status != RegistrationStatus.OFFERED:
        return _to_detail(token)
    elif registration.offer_expires_at <= timezone.now():
        context["error"] = str(OfferExpired.default_message)
        status = 410
    return private(
        render(request, "series/registration_claim.html", context, status=status)
    )


@require_http_methods(["GET", "HEAD"])
def registration_join_view(request: HttpRequest, token: str) -> HttpResponse:
    """Inside the join window: to the session's current join URL (302), the first
    time recorded. Before it, when it opens; after it, the recording."""
    registration, invalid = _registrant(request, token)
    if invalid:
        return invalid
    try:
        url = registration_join(registration=registration)
    except RegistrationError as error:
        context = _context(
            registration,
            token,
            error=error,
            window=join_window(registration),
            not_open=isinstance(error, JoinNotOpen),
            closed=isinstance(error, JoinClosed),
        )
        return private(
            render(request, "series/registration_join.html", context, status=200)
        )
    if not url:  # no link yet: the page says so
        context = _context(registration, token, window=join_window(registration))
        return private(render(request, "series/registration_join.html", context))
    return private(HttpResponseRedirect(url))


@require_http_methods(["GET", "HEAD", "POST"])
def registration_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """Double opt-in: GET asks for a click (mail scanners follow links), POST
    confirms the address, and the registration counts from then on."""
    registration, invalid = _registrant(request, token)
    if invalid:
        return invalid
    if registration.status != RegistrationStatus.PENDING:
        return _to_detail(token)
    context = _context(registration, token)
    status = 200
    if request.method == "POST":
        try:
            address_confirm(registration=registration)
        except RegistrationError as error:
            context["error"] = error.message
            context["expired"] = isinstance(error, ConfirmationExpired)
            status = error.status
        else:
            return _to_detail(token)
    return private(
        render(request, "series/registration_confirm.html", context, status=status)
    )


@require_http_methods(["GET", "HEAD"])
def registration_calendar(request: HttpRequest, token: str) -> HttpResponse:
    """The registrant's own calendar file: with their personal join link."""
    registration, invalid = _registrant(request, token)
    if invalid:
        return invalid
    confirmed = registration.status == RegistrationStatus.CONFIRMED
    online = registration.session.format != SessionFormat.IN_PERSON
    language = get_language()
    join_link = (
        request.build_absolute_uri(reverse("series:registration_join", args=[token]))
        if confirmed and online
        else ""
    )
    body = sessions_ical(
        [session_in_language(registration.session, language)],
        language=language,
        include_join_url=confirmed,
        join_link=join_link,
        request=request,
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="session.ics"'
    return private(response)
