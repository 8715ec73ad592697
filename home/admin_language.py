"""The admin in each user's own language, for the whole request."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import translation
from wagtail.users.models import UserProfile


class AdminLanguageMiddleware:
    """Activates the user's admin language for every admin request. Wagtail does so
    only while its view runs, so a refusal written after it (a "no permission"
    message on the redirect) came out in the site's language."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return self.get_response(request)
        if not request.path_info.startswith(reverse("wagtailadmin_home")):
            return self.get_response(request)
        language = UserProfile.get_for_user(user).get_preferred_language()
        with translation.override(language):
            request.LANGUAGE_CODE = language
            return self.get_response(request)
