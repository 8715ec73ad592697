"""Wagtail's site for a request, kept under the content version.

Wagtail looks the site up in every request (one query) and then reads the site's
home page in its specific class (another), and keeps both only on the request. The
site, with its home page read, is kept here until the next publish or the next
saved site (`home.brand` moves the version), and handed to Wagtail where it looks
first: `request._wagtail_site`.
"""

from wagtail.models import Site
from wagtail.views import serve

from series.read.fragments import kept


class KeptSiteMiddleware:
    """For the requests Wagtail serves a page to; nothing else reads a site (a
    health probe must answer without the database)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if view_func is serve and not hasattr(request, "_wagtail_site"):
            request._wagtail_site = kept_site(request)


def kept_site(request) -> Site | None:
    def build() -> Site | None:
        site = Site.find_for_request(request)
        if site is not None:
            site.root_page.specific  # noqa: B018 (read now, kept with the site)
        return site

    host = request._get_raw_host()  # as Wagtail matches it: before ALLOWED_HOSTS
    return kept(request, "site", [host, request.get_port()], build)
