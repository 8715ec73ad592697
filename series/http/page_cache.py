"""A short-lived cache of whole public pages for anonymous visitors.

Pages carry no per-visitor data (the registration form posts to its own endpoint), so
one rendering serves everyone for SERIES_PAGE_CACHE_SECONDS. The key carries the
versions of `read.versions`: publishing a page or a speaker, and every change of who
holds a seat, make the cached copies stale on every server at once, so seats shown
are never older than the last registration. Visitors with a session cookie (editors)
bypass it.
"""

from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.cache import patch_cache_control

from .. import conf
from ..read.versions import version_key
from .api_cache import api_cache_get, api_cache_keep, is_series_api

# Cached: what is served under a language prefix (pages, calendars, feeds) and these
# named site-wide files. Not the admin, the API (it has its own cache) or uploads;
# registrants' own pages say `private, no-store` themselves.
SITE_WIDE_URL_NAMES = ("series_sitemap", "series_robots")


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
    """Serve anonymous GETs of public pages from the shared cache, and store misses;
    answer kept API reads (stored by the API itself) as early."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if is_series_api(request):
            # A kept API answer, before the rest of the stack runs.
            return api_cache_get(request) or api_cache_keep(self.get_response(request))
        seconds = conf.get("PAGE_CACHE_SECONDS")
        if not seconds or not _cacheable_request(request):
            return self.get_response(request)
        path = f"{request.get_host()}:{request.get_full_path()}"
        key = f"series:page:{version_key()}:{path}"
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
