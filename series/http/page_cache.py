"""A short-lived cache of whole public pages for anonymous visitors.

Pages carry no per-visitor data (the registration form posts to its own endpoint), so
one rendering serves everyone for SERIES_PAGE_CACHE_SECONDS (10 s by default, so seats
left are never staler than that). Publishing a page or a speaker bumps a version in the
shared cache, so edits show at once. Visitors with a session cookie (editors) bypass it.
"""

from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.cache import patch_cache_control
from wagtail.models import Page
from wagtail.signals import published, unpublished

from .. import conf

VERSION_KEY = "series:page-cache:version"
# Cached: what is served under a language prefix (pages, calendars, feeds) and these
# named site-wide files. Not the admin, the API (it has ETags) or uploads; registrants'
# own pages say `private, no-store` themselves.
SITE_WIDE_URL_NAMES = ("series_sitemap", "series_robots")


def _version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, 1, timeout=None)
        version = cache.get(VERSION_KEY, 1)
    return version


def page_cache_clear() -> None:
    """Make every cached page stale (new version; old entries expire by themselves)."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.add(VERSION_KEY, 1, timeout=None)


def _site_wide_paths() -> set[str]:
    paths = set()
    for name in SITE_WIDE_URL_NAMES:
        try:
            paths.add(reverse(name))
        except NoReverseMatch:  # a host site without that URL
            continue
    return paths


def _cacheable_request(request: HttpRequest) -> bool:
    path = request.path_info
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "HTTP_AUTHORIZATION" not in request.META
        and (
            translation.get_language_from_path(path) is not None
            or path in _site_wide_paths()
        )
    )


def _cacheable_response(response: HttpResponse) -> bool:
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and "private" not in response.get("Cache-Control", "")
        and "no-store" not in response.get("Cache-Control", "")
        and response.get("Content-Type", "").startswith(
            (
                "text/html",
                "application/xml",
                "text/calendar",
                "application/atom+xml",
                "text/plain",
            )
        )
    )


class PageCacheMiddleware:
    """Serve anonymous GETs of public pages from the shared cache; store misses."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        seconds = conf.get("PAGE_CACHE_SECONDS")
        if not seconds or not _cacheable_request(request):
            return self.get_response(request)
        key = f"series:page:{_version()}:{request.get_host()}:{request.get_full_path()}"
        cached = cache.get(key)
        if cached is not None:
            content, status, headers = cached
            response = HttpResponse(content, status=status)
            for name, value in headers:
                response[name] = value
            response["X-Page-Cache"] = "hit"
            return response
        response = self.get_response(request)
        if _cacheable_response(response):
            patch_cache_control(response, public=True, max_age=seconds)
            headers = [(name, value) for name, value in response.items()]
            cache.set(key, (response.content, response.status_code, headers), seconds)
            response["X-Page-Cache"] = "miss"
        return response


# `published` covers snippets (speakers) and pages alike.
@receiver(published)
@receiver(unpublished)
def clear_on_publish(sender, **kwargs) -> None:
    page_cache_clear()


@receiver(post_delete, sender=Page)
def clear_on_delete(sender, **kwargs) -> None:
    page_cache_clear()
