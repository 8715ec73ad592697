"""Following a series on the site: the form's POST endpoint, and the follower's
own links (confirm, their page, unsubscribe in one click, register pre-filled)."""

import hashlib

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import get_language
from django.views import View
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from ..domain.follow_form import FollowChangeForm, FollowForm
from ..domain.following import (
    FollowConfirmationExpired,
    follow_confirm,
    follow_request,
    follower_change,
    follower_unsubscribe,
)
from ..domain.forms import registration_form
from ..http.ratelimit import rate_limited
from ..models import Follower, SeriesIndexPage, SoTalkSessionPage
from ..models.querysets import MAX_PAGE_ID, visible
from ..models.registrations import email_key
from ..read.sessions import session_in_language
from .registration import private, same_origin


def _visible_series(page_id: int) -> SeriesIndexPage:
    if page_id > MAX_PAGE_ID:
        raise Http404
    return get_object_or_404(visible(SeriesIndexPage.objects.all()), pk=page_id)


@method_decorator(csrf_exempt, name="dispatch")  # cached pages carry no CSRF token
class FollowView(View):
    """The series page's "Follow the series" form posts here."""

    http_method_names = ["get", "head", "post"]

    def get(self, request: HttpRequest, page_id: int) -> HttpResponse:
        return redirect(_visible_series(page_id).get_url(request) + "#follow")

    def post(self, request: HttpRequest, page_id: int) -> HttpResponse:
        series = _visible_series(page_id)
        if not same_origin(request):
            return render(request, "series/registration_refused.html", status=403)
        if rate_limited(request, f"follow:{series.pk}"):
            return render(request, "series/registration_rate_limited.html", status=429)
        form = FollowForm(request.POST, series=series, language=get_language())
        if form.is_spam:
            return redirect(reverse("series:follow_sent", args=[series.pk]))
        if not form.is_valid():
            context = series.get_context(request)
            context["follow_form"] = form
            return TemplateResponse(
                request, series.get_template(request), context, status=422
            )
        # A cap per mailbox too, so nobody can flood one inbox; the answer is the
        # same either way.
        mailbox = hashlib.sha256(
            email_key(form.cleaned_data["email"]).encode()
        ).hexdigest()
        if not rate_limited(request, "follow-mailbox", "FOLLOW_RATE_LIMIT", mailbox):
            follow_request(series=series, request=form.follow_request())
        return redirect(reverse("series:follow_sent", args=[series.pk]))


@require_http_methods(["GET", "HEAD"])
def follow_sent(request: HttpRequest, page_id: int) -> HttpResponse:
    """Check your inbox: the same page whether or not anything was sent."""
    series = _visible_series(page_id)
    return render(request, "series/following_sent.html", {"series": series})


def _follower(request: HttpRequest, token: str):
    follower = Follower.objects.from_token(token)
    if follower is None:
        return None, private(
            render(request, "series/following_invalid.html", status=404)
        )
    return follower, None


def _context(follower: Follower, token: str, **extra) -> dict:
    return {
        "follower": follower,
        "series": session_in_language(follower.series, get_language()),
        "token": token,
        **extra,
    }


@require_http_methods(["GET", "HEAD", "POST"])
def follow_confirm_view(request: HttpRequest, token: str) -> HttpResponse:
    """GET asks for a click (mail scanners follow links), POST confirms."""
    follower, invalid = _follower(request, token)
    if invalid:
        return invalid
    if follower.is_confirmed:
        return redirect(reverse("series:follow_detail", args=[token]))
    status, context = 200, _context(follower, token)
    if request.method == "POST":
        try:
            follow_confirm(follower=follower)
        except FollowConfirmationExpired as error:
            context["error"] = error.message
            status = error.status
        else:
            return redirect(reverse("series:follow_detail", args=[token]))
    return private(
        render(request, "series/following_confirm.html", context, status=status)
    )


def _change_form(follower: Follower, data=None) -> FollowChangeForm:
    initial = {
        "mode": follower.mode,
        "language": follower.language,
        "name": follower.name,
    }
    return FollowChangeForm(data, initial=initial)


@csrf_exempt  # the token in the address is the key; same_origin stops other sites
@require_http_methods(["GET", "HEAD", "POST"])
def follow_detail(request: HttpRequest, token: str) -> HttpResponse:
    """The follower's own page; POST changes what we send and in which language."""
    follower, invalid = _follower(request, token)
    if invalid:
        return invalid
    if not follower.is_confirmed:
        return redirect(reverse("series:follow_confirm", args=[token]))
    status, form = 200, _change_form(follower)
    if request.method == "POST":
        if not same_origin(request):
            return render(request, "series/registration_refused.html", status=403)
        form = _change_form(follower, request.POST)
        if form.is_valid():
            follower_change(follower=follower, **form.cleaned_data)
            return redirect(reverse("series:follow_detail", args=[token]) + "?saved=1")
        status = 422
    context = _context(follower, token, change_form=form, saved="saved" in request.GET)
    return private(
        render(request, "series/following_detail.html", context, status=status)
    )


@csrf_exempt  # RFC 8058: mail clients POST without cookies
@require_http_methods(["GET", "HEAD", "POST"])
def follow_unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows a button; POST (the page's, or a mail client's one-click) stops
    following and erases the follower. Posting a used link again changes nothing."""
    follower = Follower.objects.from_token(token)
    if request.method == "POST":
        series = follower.series if follower else None
        if follower is not None:
            follower_unsubscribe(follower=follower)
        context = {
            "series": session_in_language(series, get_language()) if series else None
        }
        return private(render(request, "series/following_unsubscribed.html", context))
    if follower is None:
        return private(render(request, "series/following_invalid.html", status=404))
    return private(
        render(request, "series/following_unsubscribe.html", _context(follower, token))
    )


@require_http_methods(["GET", "HEAD"])
def follow_register(request: HttpRequest, token: str, page_id: int) -> HttpResponse:
    """The announcement's register link: the session page with the form filled in
    with the follower's address. Private, so no cache keeps the address; without a
    valid follower it is simply the session page."""
    if page_id > MAX_PAGE_ID:
        raise Http404
    page = get_object_or_404(SoTalkSessionPage.objects.visible(), pk=page_id)
    follower = Follower.objects.from_token(token)
    if follower is None or not follower.is_confirmed:
        return redirect(page.get_url(request) + "#register")
    page = session_in_language(page.source, get_language())
    context = page.get_context(request)
    context["registration_form"] = registration_form(
        page,
        auto_id="register-%s",
        initial={"name": follower.name, "email": follower.email},
    )
    response = TemplateResponse(request, page.get_template(request), context)
    response["Referrer-Policy"] = "no-referrer"
    return private(response)
