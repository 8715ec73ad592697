"""Parts of public pages that change only on a publish, kept in the default cache
under the content version (`read.versions`), so that each publish, unpublish or
deletion leaves the kept copies behind at once, on every app server.

What changes without a publish (seats, the registration state, the clock) is never
kept here, or is part of the key: a key that holds the state read in this request
is as fresh as that read.
"""

import hashlib
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any

from django.core.cache import cache
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import get_language

from ..models.querysets import event_figures
from .versions import versions

TIMEOUT = 300


def request_versions(request: HttpRequest | None = None) -> tuple[int, int]:
    """(content, seats), read once per request, before anything they key is read."""
    if request is None:
        return versions()
    if "_series_versions" not in request.__dict__:
        request._series_versions = versions()
    return request._series_versions


def content_version(request: HttpRequest | None = None) -> int:
    """The content version, read once per request."""
    return request_versions(request)[0]


def kept_figures(request: HttpRequest | None, keys: Iterable[str]) -> dict[str, dict]:
    """`event_figures` of these events, kept under the seats version: any change to
    who holds a seat or waits moves it (`read.versions`), so they are exact as the
    page cache's seats are; a popular session's registrations are not counted again
    in every request."""
    keys = sorted({str(key) for key in keys})
    if not keys:
        return {}
    if previewing(request):
        return event_figures(keys)
    digest = hashlib.sha256(":".join(keys).encode()).hexdigest()
    key = f"series:figures:{request_versions(request)[1]}:{digest}"
    figures = cache.get(key)
    if figures is None:
        figures = event_figures(keys)
        cache.set(key, figures, TIMEOUT)
    return figures


def fragment_key(request: HttpRequest | None, name: str, *parts: Any) -> str:
    """A key for `name` under the content version, the language, the scheme and
    host (absolute links differ by them), and `parts`."""
    where = ""
    if request is not None:
        where = f"{request.scheme}://{request.get_host()}"
    parts_ = ":".join(str(part) for part in parts)
    if len(parts_) > 100 or any(not 32 < ord(char) < 127 for char in parts_):
        # A visitor's words or path: any length and any character, in a safe key.
        parts_ = hashlib.sha256(parts_.encode()).hexdigest()
    version = content_version(request)
    return f"series:fragment:{name}:{version}:{get_language()}:{where}:{parts_}"


def kept(
    request: HttpRequest | None, name: str, parts: Iterable[Any], build: Callable
) -> Any:
    """`build()`, kept under the content version; `build` runs only on a miss.
    A preview shows a draft: it neither reads nor writes."""
    if previewing(request):
        return build()
    key = fragment_key(request, name, *parts)
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, TIMEOUT)
    return value


def kept_until(
    request: HttpRequest | None,
    name: str,
    parts: Iterable[Any],
    build: Callable[[], tuple[Any, datetime | None]],
) -> Any:
    """As `kept`, for what the clock changes too: `build()` returns the value and
    the last moment it holds (None: until the next publish). Past that moment it is
    built again."""
    if previewing(request):
        return build()[0]
    key = fragment_key(request, name, *parts)
    found = cache.get(key)
    if found is not None:
        value, until = found
        if until is None or timezone.now() <= until:
            return value
    value, until = build()
    cache.set(key, (value, until), TIMEOUT)
    return value


def kept_many(
    request: HttpRequest | None,
    name: str,
    items: dict[Any, tuple],
    build: Callable[[Any], Any],
) -> dict[Any, Any]:
    """For each item id, `build(id)` kept under its parts: one cache round trip
    for all hits, one for all writes."""
    if previewing(request):
        return {item: build(item) for item in items}
    keys = {item: fragment_key(request, name, *parts) for item, parts in items.items()}
    found = cache.get_many(list(keys.values()))
    values, missing = {}, {}
    for item, key in keys.items():
        if key in found:
            values[item] = found[key]
        else:
            values[item] = missing[key] = build(item)
    if missing:
        cache.set_many(missing, TIMEOUT)
    return values


def previewing(request: HttpRequest | None) -> bool:
    return bool(getattr(request, "is_preview", False))
