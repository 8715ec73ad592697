"""The page the language switcher leads to when a page has no version in a language:
it says so, rather than landing the visitor on a home page without a word."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from wagtail.models import Locale, Page, Site

from ..formatting import language_name
from ..models.querysets import MAX_PAGE_ID


def translation_missing(request: HttpRequest) -> HttpResponse:
    """`?page=<id>`: the page that has no version in the language of this URL."""
    language = get_language()
    page_id = request.GET.get("page", "")
    page = None
    if page_id.isdigit() and int(page_id) <= MAX_PAGE_ID:
        page = (
            Page.objects.live()
            .public()
            .filter(pk=int(page_id))
            .select_related("locale")
            .first()
        )
    if page is not None:
        # Translated since (or reached from the switcher of this very page).
        translation = page.get_translation_or_none(Locale.get_active())
        if translation is not None and translation.live:
            return redirect(translation.get_url(request))
    site = Site.find_for_request(request)
    home = site.root_page.localized if site else None
    context = {
        "original": page,
        "original_language": (
            language_name(page.locale.language_code, language) if page else ""
        ),
        "language": language_name(language, language),
        "home": home if home and home.live else None,
    }
    return render(request, "series/translation_missing.html", context, status=404)
