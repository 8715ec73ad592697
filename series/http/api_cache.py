"""Anonymous reads of the series API, kept in the shared cache.

A response is kept for SERIES_API_CACHE_SECONDS under its full URL and the versions of
`read.versions`, so publishing a page or a speaker, or any registration, makes every
copy stale on every server at once. The page cache middleware answers hits before
the rest of the stack runs, and keeps the misses `api.caching` marks.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response
from django.utils.http import parse_http_date_safe

from .. import conf
from ..read.versions import version_key

# Set on a response by `api.caching` to have this middleware keep it once the inner
# middlewares (CSP, X-Frame-Options) have added their headers.
KEY_ATTRIBUTE = "series_api_cache_key"


def api_cache_key(request: HttpRequest) -> str | None:
    """Where this request's answer is kept; None when it is not to be shared."""
    if (
        request.method not in ("GET", "HEAD")
        or not conf.get("API_CACHE_SECONDS")
        or "HTTP_AUTHORIZATION" in request.META
        or settings.SESSION_COOKIE_NAME in request.COOKIES
    ):
        return None
    url = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    digest = hashlib.sha256(url.encode()).hexdigest()
    return f"series:api:{version_key()}:{digest}"


def conditional(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """304 for a matching If-None-Match or If-Modified-Since."""
    return get_conditional_response(
        request,
        etag=response["ETag"],
        last_modified=parse_http_date_safe(response.get("Last-Modified", "")),
        response=response,
    )


def api_cache_get(request: HttpRequest, key: str | None = None) -> HttpResponse | None:
    key = key or api_cache_key(request)
    cached = cache.get(key) if key else None
    if cached is None:
        return None
    content, headers = cached
    response = HttpResponse(content)
    for name, value in headers:
        response[name] = value
    response["X-API-Cache"] = "hit"
    return conditional(request, response)


def api_cache_keep(response: HttpResponse) -> HttpResponse:
    """Keep a 200 the API marked as shareable, with every header it carries."""
    key = getattr(response, KEY_ATTRIBUTE, None)
    if key and response.status_code == 200 and not response.cookies:
        headers = list(response.items())
        cache.set(key, (response.content, headers), conf.get("API_CACHE_SECONDS"))
        response["X-API-Cache"] = "miss"
    return response


def is_series_api(request: HttpRequest) -> bool:
    path = request.path_info
    return path.startswith(conf.get("API_PATH_PREFIX")) and "/series/" in path
