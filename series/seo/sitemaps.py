"""`/sitemap.xml` for every language's page tree, with hreflang alternates."""

from collections import defaultdict

from django.conf import settings
from django.contrib.sitemaps import Sitemap as DjangoSitemap
from django.contrib.sitemaps import views as sitemap_views
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import get_language
from wagtail.contrib.sitemaps import Sitemap
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page

from ..models import GOAL_NAMES, Topic
from ..read.sessions import page_url


class LocalizedSitemap(Sitemap):
    """Wagtail's sitemap walks only the default site's root; this walks each of
    its translations and links every page to the same page in the other languages."""

    @cached_property
    def _pages(self) -> list[Page]:
        root = self.get_wagtail_site().root_page
        roots = Page.objects.filter(translation_key=root.translation_key)
        in_trees = Q()
        for path in roots.values_list("path", flat=True):
            in_trees |= Q(path__startswith=path)
        return list(
            Page.objects.live()
            .public()
            .filter(in_trees)
            .order_by("path")
            .defer_streamfields()
            .specific()
        )

    def items(self) -> list[Page]:
        return self._pages

    @cached_property
    def _alternates(self) -> dict:
        default = get_supported_content_language_variant(settings.LANGUAGE_CODE)
        languages = dict(Locale.objects.values_list("pk", "language_code"))
        by_key = defaultdict(list)
        for page in self._pages:
            url = page_url(page, self.request)
            if url:
                by_key[page.translation_key].append(
                    {"lang_code": languages[page.locale_id], "location": url}
                )
        for key, alternates in list(by_key.items()):
            if len(alternates) < 2:
                del by_key[key]  # a page without translations needs no alternates
                continue
            defaults = [a for a in alternates if a["lang_code"] == default]
            if defaults:
                alternates.append({**defaults[0], "lang_code": "x-default"})
        return by_key

    def _urls(self, page, protocol, domain) -> list[dict]:
        urls = []
        for item in self.paginator.page(page).object_list:
            for index, info in enumerate(item.get_sitemap_urls(self.request)):
                if index == 0:  # the page's own URL; extra ones are its routes
                    # On the requested host, like the pages' canonical links.
                    info["location"] = page_url(item, self.request)
                    info["alternates"] = self._alternates.get(item.translation_key)
                urls.append(info)
        modified = [url.get("lastmod") for url in urls]
        if modified and None not in modified:
            self.latest_lastmod = max(modified)
        return urls


class TagSitemap(DjangoSitemap):
    """The topic and goal listings and their two index pages, each in every language
    it exists in (a topic's slug differs by language), linked to one another."""

    i18n = True
    alternates = True

    @property
    def languages(self) -> list[str]:
        return [code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES]

    @cached_property
    def _slugs(self) -> dict[tuple, str]:
        """{(translation key, language): slug} of every topic."""
        return {
            (key, language): slug
            for key, language, slug in Topic.objects.values_list(
                "translation_key", "locale__language_code", "slug"
            )
        }

    def items(self) -> list[tuple]:
        keys = sorted({key for key, _language in self._slugs}, key=str)
        return [
            ("topics", None),
            ("goals", None),
            *(("goal", number) for number in GOAL_NAMES),
            *(("topic", key) for key in keys),
        ]

    def get_languages_for_item(self, item) -> list[str]:
        kind, key = item
        if kind != "topic":
            return self.languages
        return [code for code in self.languages if (key, code) in self._slugs]

    def location(self, item) -> str:
        kind, key = item
        if kind == "topic":
            slug = self._slugs.get((key, get_language())) or next(
                slug for (other, _code), slug in self._slugs.items() if other == key
            )
            return reverse("series:topic", kwargs={"slug": slug})
        if kind == "goal":
            return reverse("series:goal", kwargs={"number": key})
        return reverse(f"series:{kind}")

    def _urls(self, page, protocol, domain) -> list[dict]:
        """Django's x-default drops the language prefix, which this site keeps: the
        default language's own URL is the x-default here. A listing in one language
        only needs no alternates."""
        urls = super()._urls(page, protocol, domain)
        default = get_supported_content_language_variant(settings.LANGUAGE_CODE)
        for url in urls:
            alternates = url.get("alternates") or []
            if len(alternates) < 2:
                url["alternates"] = []
                continue
            own = [a for a in alternates if a["lang_code"] == default]
            if own:
                alternates.append({**own[0], "lang_code": "x-default"})
        return urls


def sitemap(request: HttpRequest) -> HttpResponse:
    return sitemap_views.sitemap(
        request,
        {"pages": LocalizedSitemap(request), "tags": TagSitemap()},
        template_name="series/sitemap.xml",
    )
