from dataclasses import dataclass
from functools import partial

from django import template
from django.conf import settings
from django.urls import reverse, translate_url
from django.utils.html import format_html
from django.utils.translation import get_language, get_language_info, override
from wagtail.models import Page, Site

from ..domain.forms import RegistrationForm, registration_form
from ..formatting import format_datetime, time_zone_name
from ..models.translations import live_translations
from ..read.fragments import kept

register = template.Library()


@dataclass(frozen=True)
class LanguageLink:
    code: str
    name: str
    url: str
    is_current: bool
    exists: bool  # False when the page has no version in that language


def _locale_homes(request) -> set[str]:
    """The languages the site has a live home page in: only a publish changes it."""
    site = Site.find_for_request(request)
    if site is None:
        return set()

    def build() -> set[str]:
        root = site.root_page
        return set(
            Page.objects.filter(translation_key=root.translation_key)
            .live()
            .values_list("locale__language_code", flat=True)
        )

    return kept(request, "locale-homes", [site.pk], build)


@register.simple_tag(takes_context=True)
def language_links(context, page=None) -> list[LanguageLink]:
    """One link per language: the same page in it, else a page saying it is missing.
    A view that is no page may name its URL in each language (`language_urls`);
    otherwise its path is translated."""
    request = context.get("request")
    page = page or None  # an undefined template variable arrives as ""
    if page is not None and getattr(page, "pk", None) and request is not None:
        # A page's links change only when a translation is published.
        build = partial(_language_links, request, page, {})
        return kept(request, "language-links", [page.pk], build)
    return _language_links(request, page, context.get("language_urls") or {})


def _language_links(request, page, own_urls: dict) -> list[LanguageLink]:
    current = get_language()
    translations = {}
    if page is not None and getattr(page, "pk", None):
        translations = {
            p.locale.language_code: p for p in live_translations(page, request)
        }
    homes = (
        _locale_homes(request)
        if request and len(translations) < len(settings.LANGUAGES)
        else set()
    )
    links = []
    for code, _name in settings.LANGUAGES:
        target = translations.get(code)
        if target is not None:
            url = target.get_url(request)
        elif page is None and request is not None:
            url = own_urls.get(code) or translate_url(request.get_full_path(), code)
        elif code in homes:
            # A page of its own says the page is missing in that language.
            with override(code):
                url = reverse("series:translation_missing")
            url = f"{url}?page={page.pk}"
        else:
            continue
        links.append(
            LanguageLink(
                code=code,
                name=get_language_info(code)["name_local"],
                url=url,
                is_current=code == current,
                exists=target is not None or page is None,
            )
        )
    return links


@register.simple_tag(takes_context=True)
def absolute_url(context, url: str) -> str:
    request = context.get("request")
    return request.build_absolute_uri(url) if request else url


@register.simple_tag
def session_time(session, language: str | None = None) -> str:
    return session.formatted_time(language or get_language())


@register.filter
def lang_attr(text_language: str) -> str:
    """A lang attribute for content written in another language than the page's."""
    if text_language and text_language != get_language():
        return format_html(' lang="{}"', text_language)
    return ""


@register.filter
def local_datetime(value, session) -> str:
    """A moment in the session's time zone, written the page language's way, with
    the zone: 'tirsdag 8. desember 2026 kl. 04.13 (CET)'."""
    if not value:
        return ""
    when = format_datetime(value, session.tz, get_language())
    return f"{when} ({time_zone_name(value, session.tz)})"


@register.simple_tag(takes_context=True)
def registration_form_for(context, page) -> RegistrationForm:
    """The form the context has (with a visitor's input and errors), else a new one."""
    form = context.get("registration_form")
    if form is None:
        form = registration_form(page, auto_id="register-%s")
    return form
