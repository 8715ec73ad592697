"""Batch loads for lists of pages: a fixed number of queries whatever their length."""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings
from django.db.models import Count, F, Max, Prefetch, Q, QuerySet
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.translation import get_language
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Page
from wagtail.rich_text import RichText, features, get_rewriter
from wagtail.rich_text.pages import PageLinkHandler
from wagtail.rich_text.rewriters import LinkRewriter, MultiRuleRewriter

from .models import RegistrationStatus, SessionSpeaker, SoTalkSessionPage

# Cannot occur in HTML: lets many rich texts be expanded in one pass (one query).
_SEPARATOR = "\x00series-rich-text\x00"


@dataclass(frozen=True)
class TranslationLink:
    locale: str
    id: int
    title: str
    url: str


def page_url(page: Page, request: HttpRequest | None = None) -> str:
    """Absolute URL of a page, on the host the request came to when there is one."""
    if request is None:
        return page.get_full_url() or ""
    url = page.get_url(request)
    return request.build_absolute_uri(url) if url else ""


def with_speakers(queryset: QuerySet[SoTalkSessionPage]) -> QuerySet:
    """Sessions with locale, hero image, speakers and every rendition prefetched."""
    speakers = SessionSpeaker.objects.select_related(
        "speaker__locale", "speaker__photo"
    ).prefetch_related("speaker__photo__renditions")
    return queryset.select_related(
        "locale", "hero_image", "published_facts"
    ).prefetch_related(
        "hero_image__renditions", Prefetch("session_speakers", queryset=speakers)
    )


def attach_sources(sessions: Sequence[SoTalkSessionPage]) -> None:
    """Set `session.source` (the page holding the event's facts) in one query."""
    missing = [session for session in sessions if "source" not in session.__dict__]
    if not missing:
        return
    by_key: dict = {}
    for page in (
        SoTalkSessionPage.objects.filter(
            translation_key__in={session.translation_key for session in missing}
        )
        .select_related("published_facts")
        .defer_streamfields()
        .order_by("pk")
    ):
        if by_key.setdefault(page.translation_key, page) is page:
            page.source = page
    for session in missing:
        source = by_key.get(session.translation_key, session)
        session.source = session if source.pk == session.pk else source


def live_translations(page: Page, request: HttpRequest | None = None) -> list[Page]:
    """The live translations of a page (itself included), with their locales; read
    once per request, as the head, the language switcher and the share card need it."""
    cache = request.__dict__.setdefault("_series_translations", {}) if request else {}
    if page.pk not in cache:
        cache[page.pk] = list(
            Page.objects.filter(translation_key=page.translation_key)
            .live()
            .select_related("locale")
        )
    return cache[page.pk]


REGISTRATION_COUNTS = (
    "registrations_confirmed",
    "registrations_waitlisted",
    "registrations_changed_at",
)


def with_registration_counts(queryset: QuerySet[SoTalkSessionPage]) -> QuerySet:
    """Sessions with their registration counts, which `availability` then reads
    instead of counting again (only source pages have registrations)."""
    return queryset.annotate(
        registrations_confirmed=Count(
            "registrations",
            filter=Q(registrations__status=RegistrationStatus.CONFIRMED),
        ),
        registrations_waitlisted=Count(
            "registrations",
            filter=Q(registrations__status=RegistrationStatus.WAITLISTED),
        ),
        registrations_changed_at=Max("registrations__updated_at"),
    )


def attach_translations(page: SoTalkSessionPage, request: HttpRequest) -> None:
    """Read every translation of a session page in one query. It gives the page its
    source (the event's facts), its locale, the source's registration counts, and the
    live translations the head and the language switcher link to
    (`live_translations`): four queries otherwise."""
    translations = list(
        with_registration_counts(
            SoTalkSessionPage.objects.filter(translation_key=page.translation_key)
        )
        .select_related("locale", "published_facts")
        .defer_streamfields()
        .order_by("pk")
    )
    own = next((t for t in translations if t.pk == page.pk), None)
    if own is None:  # not saved yet (a preview)
        return
    page.locale = own.locale
    if "source" not in page.__dict__:
        source = translations[0]
        page.source = page if source.pk == page.pk else source
        for name in REGISTRATION_COUNTS:
            page.source.__dict__.setdefault(name, getattr(source, name))
        # A series' time zone and languages are synchronised across translations.
        source.__dict__.setdefault("source", source)
        source.__dict__.setdefault("series", page.series)
    request.__dict__.setdefault("_series_translations", {})[page.pk] = [
        translation for translation in translations if translation.live
    ]


def translation_links(
    pages: Iterable[Page], request: HttpRequest | None = None
) -> dict:
    """Live, public translations of each page (itself included), by translation key."""
    keys = {page.translation_key for page in pages}
    links: dict = defaultdict(list)
    if not keys:
        return links
    translations = (
        Page.objects.live()
        .public()
        .filter(translation_key__in=keys)
        .select_related("locale")
        .order_by("locale__language_code", "pk")
    )
    for page in translations:
        url = page_url(page, request)
        if url:
            links[page.translation_key].append(
                TranslationLink(
                    locale=page.locale.language_code,
                    id=page.pk,
                    title=page.title,
                    url=url,
                )
            )
    return links


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
