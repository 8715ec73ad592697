"""The API's reads: ETag (a hash of the body), Cache-Control, 304 for a matching
request, and anonymous answers kept in the shared cache (`http.api_cache`)."""

from collections.abc import Callable
from functools import wraps

from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control, set_response_etag

from .. import conf
from ..http.api_cache import KEY_ATTRIBUTE, api_cache_get, api_cache_key, conditional


def cached_read(run: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Serve a read from the shared cache, else run it and keep a 200."""

    @wraps(run)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        key = api_cache_key(request)
        cached = api_cache_get(request, key) if key else None
        if cached is not None:
            return cached
        response = run(request, *args, **kwargs)
        if request.method not in ("GET", "HEAD") or response.status_code != 200:
            return response
        patch_cache_control(
            response, public=True, max_age=conf.get("API_CACHE_SECONDS")
        )
        set_response_etag(response)
        if key:  # kept by the page cache middleware, with its final headers
            setattr(response, KEY_ATTRIBUTE, key)
        return conditional(request, response)

    return wrapper
