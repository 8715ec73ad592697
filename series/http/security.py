"""Response hardening: Content-Security-Policy per area, Permissions-Policy, and a
rate limit on admin sign-in.

The public policy allows no inline script. The one inline block public pages carry,
the session's JSON-LD, is allowed by its SHA-256 hash, computed while the page renders
(`csp_hash_add`), so the header follows from the body alone: a page cache may store
both and serve them to everyone. Public pages never use a per-request nonce.
"""

import base64
import hashlib
from collections.abc import Callable

from csp.middleware import CSPMiddleware, PolicyParts
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext

from .. import conf
from .errors import error_page
from .ratelimit import hit, parse_rate, window_key

# The Wagtail admin runs inline scripts and styles of its own (and wagtail-localize's
# editor injects styles), so it gets a looser policy; it is never cached for visitors.
ADMIN_POLICY_REPLACE = {
    "script-src": ["'self'", "'unsafe-inline'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:", "https:"],
    "font-src": ["'self'", "data:"],
    "frame-src": ["'self'", "https:"],
    "worker-src": ["'self'", "blob:"],
    # Live preview shows the page in an iframe of the admin itself.
    "frame-ancestors": ["'self'"],
}
# django-ninja's interactive API docs (with "ninja" in INSTALLED_APPS, Swagger UI is
# served from its static files): no CDN, no inline script; Swagger UI styles inline.
API_DOCS_POLICY_REPLACE = {
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:"],
}
API_DOCS_PATH_PART = "/docs"

PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "browsing-topics",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    )
)


# Content-Security-Policy


def csp_hash(content: str) -> str:
    """The CSP source expression allowing an inline element with exactly `content`."""
    digest = hashlib.sha256(content.encode()).digest()
    return f"'sha256-{base64.b64encode(digest).decode()}'"


def csp_hash_add(request: HttpRequest | None, content: str) -> None:
    """Allow one inline script of this response by hash (call it while rendering)."""
    if request is None:
        return
    hashes = request.__dict__.setdefault("_series_csp_hashes", [])
    source = csp_hash(content)
    if source not in hashes:
        hashes.append(source)


def _admin_prefix() -> str:
    return reverse("wagtailadmin_home")


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware with one policy per area: strict on public pages (from
    CONTENT_SECURITY_POLICY), looser in the Wagtail admin and the API docs.

    Place it after (inside) any page-cache middleware, so that a cached page keeps the
    header that matches its body; a header already on a response is never replaced.
    """

    def get_policy_parts(
        self,
        request: HttpRequest,
        response: HttpResponse,
        report_only: bool = False,
    ) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        path = request.path_info
        replace = dict(parts.replace or {})
        if path.startswith(_admin_prefix()):
            replace = {**ADMIN_POLICY_REPLACE, **replace}
        elif (
            path.startswith(conf.get("API_PATH_PREFIX")) and API_DOCS_PATH_PART in path
        ):
            replace = {**API_DOCS_POLICY_REPLACE, **replace}
        hashes = getattr(request, "_series_csp_hashes", None)
        update = dict(parts.update or {})
        if hashes and "script-src" not in replace:
            update["script-src"] = [*update.get("script-src", []), *hashes]
        parts.replace = replace or None
        parts.update = update or None
        return parts


class SecurityHeadersMiddleware:
    """Headers Django's SecurityMiddleware does not set: Permissions-Policy."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


# Admin sign-in


class AdminLoginRateLimitMiddleware:
    """Counts failed admin sign-ins (and password-reset requests) per client address
    in the shared cache; over SERIES_ADMIN_LOGIN_RATE_LIMIT the form is not even
    checked, so guessing passwords stays slow."""

    URL_NAMES = ("wagtailadmin_login", "wagtailadmin_password_reset")

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        rate = parse_rate(str(conf.get("ADMIN_LOGIN_RATE_LIMIT")))
        if rate is None or request.method != "POST" or not self._guarded(request):
            return self.get_response(request)
        limit, period = rate
        key = window_key(request, "admin-login", period)
        if (cache.get(key) or 0) >= limit:
            return error_page(
                request,
                status=429,
                title=gettext("Too many attempts"),
                message=gettext(
                    "Too many failed sign-in attempts from your network. "
                    "Wait a few minutes and try again."
                ),
                retry_after=period,
            )
        response = self.get_response(request)
        # A successful sign-in redirects; a refused one shows the form again. Every
        # password-reset request counts (each one may send an e-mail).
        failed = response.status_code == 200
        if failed or request.path_info != reverse("wagtailadmin_login"):
            hit(key, period)
        return response

    def _guarded(self, request: HttpRequest) -> bool:
        paths = []
        for name in self.URL_NAMES:
            try:
                paths.append(reverse(name))
            except NoReverseMatch:  # a host site without that view
                continue
        return request.path_info in paths
