"""Routing a URL to its page, kept under the content version.

Wagtail's `Page.route` reads one level of the tree per path component, and a session
page then reads its translations: four queries whose answer changes only when a page
is published, unpublished, moved or deleted (each bumps the content version). The
pages a route found are kept with their parents, as the route left them, and a
session page with its translations (without the registration figures, which are read
in each request). What depends on the visitor is checked in each request as before:
the site and its root page, and the view restrictions (Wagtail's `on_serve_page`
hook, after routing).
"""

from collections.abc import Callable

from django.core.cache import cache
from django.http import HttpRequest
from wagtail.models import Page
from wagtail.url_routing import RouteResult

from ..models import SoTalkSessionPage
from ..models.translations import KEPT_TRANSLATIONS, page_translations
from .fragments import TIMEOUT, fragment_key, previewing


def kept_route(
    request: HttpRequest,
    root: Page,
    path_components: list[str],
    route: Callable[[], RouteResult],
) -> RouteResult:
    """`route()` from `root`, or the page it found before under this content
    version. A route that raises `Http404`, or that passes arguments to the page's
    `serve`, is not kept."""
    if previewing(request):
        return route()
    key = fragment_key(request, "route", root.pk, "/".join(path_components))
    page = cache.get(key)
    if page is not None:
        _reattach(page, root)
        return RouteResult(page)
    result = route()
    if result.args or result.kwargs:
        return result
    page = result.page
    if isinstance(page, SoTalkSessionPage):
        page.__dict__[KEPT_TRANSLATIONS] = page_translations(page)
    cache.set(key, page, TIMEOUT)
    return result


def _reattach(page: Page, root: Page) -> None:
    """Hang the kept chain of parents on this request's `root` (the same page)."""
    child = page
    while isinstance(getattr(child, "_cached_parent_obj", None), Page):
        parent = child._cached_parent_obj
        if parent.pk == root.pk:
            child._cached_parent_obj = root
            return
        child = parent
