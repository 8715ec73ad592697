"""Finding the page behind `<page path>calendar.ics` and `<page path>feed.xml`."""

from django.http import Http404, HttpRequest
from wagtail.models import Page


def public_page_at(request: HttpRequest, path: str, *types: type[Page]) -> Page:
    """The live, unrestricted page of one of `types` at `path`, else 404.

    Routed like Wagtail's own page URLs, so it follows the language prefix.
    """
    route = Page.route_for_request(request, path)
    if route is None:
        raise Http404
    page = route[0]
    if not isinstance(page, types) or page.get_view_restrictions().exists():
        raise Http404
    return page
