"""Anonymous reads of the API, answered from the shared cache.

A response is kept for SERIES_API_CACHE_SECONDS under its full URL and the versions of
`read.versions`, so publishing a page or a speaker, or any registration, makes every
copy stale on every server at once. Each carries an ETag (a hash of the body) and
answers a matching If-None-Match with 304.
"""

import hashlib
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils.cache import (
    get_conditional_response,
    patch_cache_control,
    set_response_etag,
)
from django.utils.http import parse_http_date_safe

from .. import conf
from ..read.versions import version_key

KEPT_HEADERS = ("Content-Type", "ETag", "Last-Modified", "Cache-Control")


def cache_key(request: HttpRequest) -> str | None:
    """Where this request's answer is kept; None when it is not to be shared."""
    if (
        request.method not in ("GET", "HEAD")
        or "HTTP_AUTHORIZATION" in request.META
        or settings.SESSION_COOKIE_NAME in request.COOKIES
    ):
        return None
    url = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    digest = hashlib.sha256(url.encode()).hexdigest()
    return f"series:api:{version_key()}:{digest}"


def _conditional(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    return get_conditional_response(
        request,
        etag=response["ETag"],
        last_modified=parse_http_date_safe(response.get("Last-Modified", "")),
        response=response,
    )


def cached_read(run: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Serve a read from the shared cache, else run it and keep a 200."""

    @wraps(run)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        seconds = conf.get("API_CACHE_SECONDS")
        key = cache_key(request) if seconds else None
        cached = cache.get(key) if key else None
        if cached is not None:
            content, headers = cached
            response = HttpResponse(content)
            for name, value in headers:
                response[name] = value
            response["X-API-Cache"] = "hit"
            return _conditional(request, response)
        response = run(request, *args, **kwargs)
        if request.method not in ("GET", "HEAD") or response.status_code != 200:
            return response
        patch_cache_control(response, public=True, max_age=seconds)
        set_response_etag(response)
        if key:
            headers = [(h, response[h]) for h in KEPT_HEADERS if h in response]
            cache.set(key, (response.content, headers), seconds)
            response["X-API-Cache"] = "miss"
        return _conditional(request, response)

    return wrapper
