"""Which sites may post to the app's endpoints from a visitor's browser."""

from urllib.parse import urlparse

from django.http import HttpRequest


def origin_allowed(request: HttpRequest, allowed: list[str]) -> bool:
    """Posts from this host or from an origin in `allowed` pass. Clients that send
    neither Origin nor Referer (scripts, apps) pass too: the endpoints use no cookies
    that another site could ride on."""
    origin = request.META.get("HTTP_ORIGIN") or request.META.get("HTTP_REFERER")
    if not origin:
        return True
    parsed = urlparse(origin)
    if parsed.netloc and parsed.netloc == request.get_host():
        return True
    return f"{parsed.scheme}://{parsed.netloc}" in allowed
