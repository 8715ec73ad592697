"""Dashboard panels for the translation workflow: what waits for review, and what
waits for translation. Each runs a fixed number of queries, however long its list."""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlencode

from django.contrib.admin.utils import quote
from django.db.models import (
    DateTimeField,
    Exists,
    F,
    Model,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce, Greatest
from django.http import HttpRequest
from django.urls import reverse
from wagtail.admin.ui.components import Component
from wagtail.models import DraftStateMixin, Locale, Page, TranslatableMixin
from wagtail.permissions import policy_registry
from wagtail.snippets.models import get_snippet_models
from wagtail_localize.models import StringTranslation, Translation

from .permissions import user_locale_scope

REVIEW_LIMIT = 20
UNTRANSLATED_LIMIT = 10
# Stands in for "never" so that Greatest() compares the same way on every database.
LONG_AGO = Value(datetime(1970, 1, 1, tzinfo=UTC), output_field=DateTimeField())


@dataclass(frozen=True)
class ListedObject:
    """One row of a panel: a page or snippet, where to open it and when it changed."""

    title: str
    kind: str
    locale_id: int
    live: bool
    changed_at: datetime | None
    url: str


def is_translation() -> Exists:
    """True for an object that wagtail-localize translated into its locale."""
    return Exists(
        Translation.objects.filter(
            source__object_id=OuterRef("translation_key"),
            target_locale_id=OuterRef("locale_id"),
        )
    )


def strings_changed_at() -> Subquery:
    """When a translator, a PO upload or a machine last changed the strings."""
    return Subquery(
        StringTranslation.objects.filter(
            context__object_id=OuterRef("translation_key"),
            locale_id=OuterRef("locale_id"),
        )
        .order_by("-updated_at")
        .values("updated_at")[:1],
        output_field=DateTimeField(),
    )


def awaiting_review(queryset: QuerySet) -> QuerySet:
    """Translations with a draft, or with translated text newer than what is live.

    The translation editor keeps translated strings apart from the page until someone
    publishes, so new strings count as unpublished changes too.
    """
    return (
        queryset.filter(is_translation())
        .annotate(strings_changed_at=strings_changed_at())
        .filter(
            Q(has_unpublished_changes=True)
            | Q(strings_changed_at__gt=F("last_published_at"))
        )
        .annotate(
            changed_at=Greatest(
                Coalesce("latest_revision__created_at", LONG_AGO),
                Coalesce("strings_changed_at", LONG_AGO),
            )
        )
        .order_by("-changed_at", "-pk")
    )


def translatable_snippet_models(*, draftable: bool = False) -> list[type[Model]]:
    return [
        model
        for model in get_snippet_models()
        if issubclass(model, TranslatableMixin)
        and (not draftable or issubclass(model, DraftStateMixin))
    ]


def snippet_edit_url(instance: Model) -> str:
    viewset = instance.snippet_viewset
    return reverse(viewset.get_url_name("edit"), args=[quote(instance.pk)])


def page_row(page: Page, url: str) -> ListedObject:
    return ListedObject(
        title=page.get_admin_display_title(),
        kind=str(page.specific_class._meta.verbose_name),
        locale_id=page.locale_id,
        live=page.live,
        changed_at=getattr(page, "changed_at", page.latest_revision_created_at),
        url=url,
    )


def snippet_row(instance: Model, url: str) -> ListedObject:
    return ListedObject(
        title=str(instance),
        kind=str(instance._meta.verbose_name),
        locale_id=instance.locale_id,
        live=getattr(instance, "live", True),
        changed_at=getattr(instance, "changed_at", None),
        url=url,
    )


def translations_to_review(*, user: Any) -> list[ListedObject]:
    """Translated pages and snippets with unpublished changes the user may publish."""
    pages = awaiting_review(
        policy_registry.get_by_type(Page).instances_user_has_permission_for(
            user, "publish"
        )
    ).filter(alias_of__isnull=True)
    rows = [
        page_row(page, reverse("wagtailadmin_pages:edit", args=[page.pk]))
        for page in pages[:REVIEW_LIMIT]
    ]
    for model in translatable_snippet_models(draftable=True):
        policy = policy_registry.get_by_type(model)
        snippets = awaiting_review(
            policy.instances_user_has_permission_for(user, "publish")
        )
        rows += [
            snippet_row(snippet, snippet_edit_url(snippet))
            for snippet in snippets[:REVIEW_LIMIT]
        ]
    rows.sort(key=lambda row: row.changed_at or LONG_AGO.value, reverse=True)
    return rows[:REVIEW_LIMIT]


def untranslated(queryset: QuerySet, locale: Locale) -> QuerySet:
    """Originals (not translations themselves) that have no version in `locale`."""
    model = queryset.model
    in_locale = model._default_manager.filter(
        translation_key=OuterRef("translation_key"), locale=locale
    )
    if issubclass(model, Page):
        # An alias mirrors the original until someone translates it.
        in_locale = in_locale.filter(alias_of__isnull=True)
    return (
        queryset.exclude(locale=locale)
        .exclude(is_translation())
        .exclude(Exists(in_locale))
    )


def with_locale(url: str, locale: Locale) -> str:
    return f"{url}?{urlencode({'select_locale': locale.language_code})}"


def untranslated_for(locale: Locale) -> tuple[list[ListedObject], int]:
    """Live originals missing in `locale`, newest first, and how many there are."""
    pages = untranslated(
        Page.objects.live().filter(depth__gt=1, alias_of__isnull=True), locale
    ).order_by(F("latest_revision_created_at").desc(nulls_last=True), "-pk")
    total = pages.count()
    rows = [
        page_row(
            page,
            with_locale(
                reverse("wagtail_localize:submit_page_translation", args=[page.pk]),
                locale,
            ),
        )
        for page in pages[:UNTRANSLATED_LIMIT]
    ]
    for model in translatable_snippet_models():
        snippets = model._default_manager.all()
        if issubclass(model, DraftStateMixin):
            snippets = snippets.filter(live=True)
        snippets = untranslated(snippets, locale).order_by("-pk")
        total += snippets.count()
        opts = model._meta
        rows += [
            snippet_row(
                snippet,
                with_locale(
                    reverse(
                        "wagtail_localize:submit_snippet_translation",
                        args=[opts.app_label, opts.model_name, quote(snippet.pk)],
                    ),
                    locale,
                ),
            )
            for snippet in snippets[:UNTRANSLATED_LIMIT]
        ]
    return rows, total


class TranslationsToReviewPanel(Component):
    """Lists translated pages and speakers whose changes wait for someone to publish."""

    name = "series_translations_to_review"
    template_name = "series/admin/translations_to_review_panel.html"
    order = 150

    def __init__(self, request: HttpRequest):
        self.request = request

    def get_context_data(self, parent_context: Mapping[str, Any]) -> dict[str, Any]:
        return {"rows": translations_to_review(user=self.request.user)}


class UntranslatedPanel(Component):
    """Lists what is not yet translated into the languages the user translates into,
    each with a link that starts the translation."""

    name = "series_untranslated"
    template_name = "series/admin/untranslated_panel.html"
    order = 160

    def __init__(self, request: HttpRequest):
        self.request = request

    def get_context_data(self, parent_context: Mapping[str, Any]) -> dict[str, Any]:
        user = self.request.user
        if not user.has_perm("wagtail_localize.submit_translation"):
            return {"sections": []}
        scope = user_locale_scope(user)
        locales = Locale.objects.all()
        if scope is not None:
            locales = locales.filter(pk__in=scope)
        sections = []
        for locale in locales:
            rows, total = untranslated_for(locale)
            if rows:
                sections.append(
                    {
                        "locale": locale,
                        "language": locale.get_display_name(),
                        "rows": rows,
                        "total": total,
                    }
                )
        return {"sections": sections}
