"""A fixed-window rate limit per client address and scope, in the shared cache."""

import re
import time

from django.core.cache import cache
from django.http import HttpRequest

from .. import conf

PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_rate(rate: str) -> tuple[int, int] | None:
    """'20/m' → (20, 60); 'off' → None."""
    if not rate or rate.strip().lower() in {"off", "none", "0"}:
        return None
    match = re.fullmatch(r"\s*(\d+)\s*/\s*(\d*)\s*([smhd])\w*\s*", rate)
    if not match:
        raise ValueError(f"Invalid rate limit {rate!r}; use e.g. '20/m' or 'off'.")
    count, multiplier, unit = match.groups()
    return int(count), int(multiplier or 1) * PERIODS[unit]


def client_address(request: HttpRequest) -> str:
    """REMOTE_ADDR, or the X-Forwarded-For entry added by the nearest trusted proxy."""
    trusted = conf.get("TRUSTED_PROXY_COUNT")
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if trusted and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if len(hops) >= trusted:
            return hops[-trusted]
    return request.META.get("REMOTE_ADDR", "")


def hit(key: str, period: int) -> int:
    """Count one hit in a fixed window; returns the hits so far."""
    if cache.add(key, 1, timeout=period + 1):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=period + 1)
        return 1


def window_key(
    request: HttpRequest, scope: str, period: int, who: str | None = None
) -> str:
    window = int(time.time() // period)
    return f"series:ratelimit:{scope}:{who or client_address(request)}:{window}"


def rate_limited(
    request: HttpRequest,
    scope: str,
    setting: str = "REGISTRATION_RATE_LIMIT",
    who: str | None = None,
) -> bool:
    """Count this request; True when `who` (the client's address unless given) is
    over the limit for this scope."""
    rate = parse_rate(str(conf.get(setting)))
    if rate is None:
        return False
    limit, period = rate
    return hit(window_key(request, scope, period, who), period) > limit
