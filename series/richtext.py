"""Rich text expanded in bulk: the links of many values resolved in one query."""

from collections.abc import Sequence
from functools import lru_cache

from django.conf import settings
from django.db.models import F
from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.translation import get_language
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Page
from wagtail.rich_text import RichText, features, get_rewriter
from wagtail.rich_text.rewriters import LinkRewriter, MultiRuleRewriter

# Cannot occur in HTML: lets many rich texts be expanded in one pass (one query).
_SEPARATOR = "\x00series-rich-text\x00"


def _active_language() -> str | None:
    try:
        return get_supported_content_language_variant(get_language())
    except LookupError:
        return None


def page_links_many(attrs_list: list[dict]) -> list[str]:
    """Page links in rich text, each to its live translation in the active language
    as Wagtail's `page.localized` gives, but in one query for all of them (Wagtail's
    handler looks up the active locale and each translation link by link)."""
    ids = [str(attrs.get("id", "")) for attrs in attrs_list]
    linked = Page.objects.filter(pk__in=[int(id_) for id_ in ids if id_.isdigit()])
    pages = (
        Page.objects.filter(translation_key__in=linked.values("translation_key"))
        .annotate(language_code=F("locale__language_code"))
        .specific(defer=True)
    )
    by_id, live_by_key_and_language = {}, {}
    for page in pages:
        by_id[str(page.pk)] = page
        if page.live:
            live_by_key_and_language[page.translation_key, page.language_code] = page
    language = (
        _active_language() if getattr(settings, "WAGTAIL_I18N_ENABLED", False) else None
    )
    tags = []
    for id_ in ids:
        page = by_id.get(id_)
        if page is None:
            tags.append("<a>")
            continue
        if language and page.language_code != language:
            page = live_by_key_and_language.get((page.translation_key, language), page)
        tags.append(format_html('<a href="{}">', page.url))
    return tags


@lru_cache(maxsize=1)
def _rewriter() -> MultiRuleRewriter:
    """Wagtail's front-end rewriter, with page links resolved in one query."""
    # Imported here: it loads the Page model, which needs the app registry ready.
    from wagtail.rich_text.pages import PageLinkHandler

    if features.get_link_types().get("page") is not PageLinkHandler:
        return get_rewriter()  # a site's own page link handler wins
    return MultiRuleRewriter(
        [
            LinkRewriter(
                bulk_rules={**rewriter.bulk_rules, "page": page_links_many},
                reference_extractors=rewriter.reference_extractors,
            )
            if isinstance(rewriter, LinkRewriter)
            else rewriter
            for rewriter in get_rewriter().rewriters
        ]
    )


def rich_text_many(values: Sequence[str]) -> list[str]:
    """Front-end HTML for many rich-text values, expanding their links in one pass."""
    if not values:
        return []
    expanded = _rewriter()(_SEPARATOR.join(str(value) for value in values))
    return expanded.split(_SEPARATOR)


class ExpandedRichText(RichText):
    """Rich text expanded ahead together with others: renders without a query."""

    def __init__(self, source: str, html: str):
        super().__init__(source)
        self.html = html

    def __html__(self) -> str:
        return render_to_string("wagtailcore/shared/richtext.html", {"html": self.html})


def expand_rich_text(holders: Sequence[tuple[object, str]]) -> None:
    """Replace each `(object, attribute)` rich-text value by its expanded form, all
    in one pass: templates then render them (`|richtext`) without a query each."""
    holders = [
        (obj, name)
        for obj, name in holders
        if not isinstance(getattr(obj, name), ExpandedRichText)
    ]
    values = [getattr(obj, name) for obj, name in holders]
    sources = [
        value.source if isinstance(value, RichText) else value or "" for value in values
    ]
    for (obj, name), source, html in zip(
        holders, sources, rich_text_many(sources), strict=True
    ):
        setattr(obj, name, ExpandedRichText(source, html))
