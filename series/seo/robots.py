"""`/robots.txt`: what crawlers may read, and where the sitemap is."""

from contextlib import suppress

from django.http import HttpRequest, HttpResponse
from django.urls import NoReverseMatch, reverse
from django.utils.cache import patch_cache_control


def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = ["User-agent: *"]
    with suppress(NoReverseMatch):  # a headless site without Wagtail's admin URLs
        lines.append(f"Disallow: {reverse('wagtailadmin_home')}")
    sitemap = request.build_absolute_uri(reverse("series_sitemap"))
    lines.append(f"Sitemap: {sitemap}")
    response = HttpResponse("\n".join(lines) + "\n", content_type="text/plain")
    patch_cache_control(response, public=True, max_age=86400)
    return response
