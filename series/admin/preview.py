"""The session editor's "Preview in the front end": a fresh preview token, handed to
the headless front end's preview URL configured for the page's site."""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.menus.pages import PageMenuItem
from wagtail.models import Page

from .. import conf
from ..http.preview import headless_preview_url
from ..models import SoTalkSessionPage


def front_end_preview_url(page: Page) -> str:
    site = page.get_site()
    return headless_preview_url(
        hostname=site.hostname if site else "",
        page_id=page.pk,
        locale=page.locale.language_code,
    )


def headless_preview(request: HttpRequest, page_id: int) -> HttpResponseRedirect:
    """Issue a token to an editor of the page and send them to the front end."""
    page = get_object_or_404(Page, pk=page_id).specific
    if not page.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    url = front_end_preview_url(page) if isinstance(page, SoTalkSessionPage) else ""
    if not url:
        raise Http404("No headless front end is configured for this site.")
    response = HttpResponseRedirect(url)
    add_never_cache_headers(response)
    return response


class HeadlessPreviewButton(PageMenuItem):
    label = _("Preview in the front end")
    icon_name = "view"
    link_rel = "noopener"

    @property
    def url(self) -> str:
        return reverse("series_headless_preview", args=[self.page.pk])

    def is_shown(self, user) -> bool:
        return (
            bool(conf.get("HEADLESS_PREVIEW_URL"))
            and issubclass(self.page.specific_class or Page, SoTalkSessionPage)
            and self.page.permissions_for_user(user).can_edit()
        )
