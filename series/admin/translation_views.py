"""Admin views that close gaps in Wagtail's and wagtail-localize's permission checks,
so that translators can translate but only publishers publish."""

import contextlib
import json

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Model
from django.http import HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail.models import DraftStateMixin, Locale, Page
from wagtail.snippets.views.snippets import EditView
from wagtail_localize.models import (
    OverridableSegment,
    Translation,
    TranslationSource,
)
from wagtail_localize.operations import TranslationCreator
from wagtail_localize.views import (
    convert,
    edit_translation,
    submit_translations,
    update_translations,
)

from .permissions import user_can_publish


class LocaleScopedEditView(EditView):
    """The snippet editor (and wagtail-localize's translation editor inside it),
    refused for objects the permission policy puts out of the user's reach.

    Wagtail checks only the model permission here; the policy also checks the locale.
    """

    def dispatch(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not self.user_has_permission_for_instance("change", self.object):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


def is_translated_into(instance: Model, locale: Locale) -> bool:
    translations = type(instance)._default_manager.filter(
        translation_key=instance.translation_key, locale=locale
    )
    if isinstance(instance, Page):
        # An alias only mirrors the original; translating replaces it.
        translations = translations.filter(alias_of__isnull=True)
    return translations.exists()


class DraftTranslationCreator(TranslationCreator):
    """Starts translations as drafts for review, and leaves existing ones alone.

    Upstream, "Translate" on a live page publishes the new page at once, in the source
    language; told not to, it unpublishes every existing translation of the snippets
    the page points at (a speaker's, say) by saving it again as a draft.
    """

    def create_translations(self, instance, include_related_objects=True) -> None:
        if isinstance(instance, Page):
            instance = instance.specific
        if instance.translation_key in self.seen_objects:
            return
        self.seen_objects.add(instance.translation_key)
        source, _created = TranslationSource.get_or_create_from_instance(instance)
        if include_related_objects:
            # One level deep, as upstream: the snippets a page points at.
            for segment in source.relatedobjectsegment_set.all():
                related = segment.object.get_instance(instance.locale)
                self.create_translations(related, include_related_objects=False)
        mode = getattr(
            instance,
            "localize_default_translation_mode",
            getattr(settings, "WAGTAIL_LOCALIZE_DEFAULT_TRANSLATION_MODE", "synced"),
        )
        for locale in self.target_locales:
            if locale == source.locale or is_translated_into(instance, locale):
                continue
            translation, _created = Translation.objects.update_or_create(
                source=source,
                target_locale=locale,
                defaults={"enabled": mode == "synced"},
            )
            self.mappings[source].append(translation)
            # Models without drafts can only be saved live.
            with contextlib.suppress(ValidationError):
                translation.save_target(
                    user=self.user, publish=not isinstance(instance, DraftStateMixin)
                )


class DraftSubmitTranslationMixin:
    """wagtail-localize's "Translate" form, creating through DraftTranslationCreator."""

    @transaction.atomic
    def form_valid(self, form):
        locales = list(form.cleaned_data["locales"])
        creator = DraftTranslationCreator(self.request.user, locales)
        creator.create_translations(self.object)
        if isinstance(self.object, Page) and form.cleaned_data["include_subtree"]:
            # Tree order: each parent is translated before its children.
            for page in self.object.get_descendants():
                creator.create_translations(page)
        self.components.save(creator, sources_and_translations=creator.mappings)

        translated = None
        if len(locales) == 1:
            translated = self.object.get_translation(locales[0])
            languages = locales[0].get_display_name()
        else:
            languages = ngettext(
                "%(count)d language", "%(count)d languages", len(locales)
            ) % {"count": len(locales)}
        messages.success(self.request, self.get_success_message(languages))
        return redirect(
            self.get_success_url() or self.get_default_success_url(translated)
        )


class SubmitPageTranslationView(
    DraftSubmitTranslationMixin, submit_translations.SubmitPageTranslationView
):
    pass


class SubmitSnippetTranslationView(
    DraftSubmitTranslationMixin, submit_translations.SubmitSnippetTranslationView
):
    pass


class UpdateTranslationsView(update_translations.UpdateTranslationsView):
    """wagtail-localize's "Sync translated pages", publishing only for publishers.

    Upstream, its "Publish immediately" box needs just the translate permission, which
    would let translators publish; here it needs the right to publish every translation.
    """

    @cached_property
    def user_can_publish_translations(self) -> bool:
        translations = self.object.translations.filter(enabled=True)
        return all(
            user_can_publish(self.request.user, translation.get_target_instance())
            for translation in translations
        )

    def get_form(self):
        form = super().get_form()
        if not self.user_can_publish_translations:
            field = form.fields["publish_translations"]
            field.disabled = True
            field.help_text = _(
                "Only people who may publish can publish from here. Syncing still "
                "brings the changed text into the translation editor."
            )
        return form


# Only those who may publish a page may also convert it to an alias of its source
# (which makes it live at once), delete it or unpublish it: a translator's work is
# drafts, from which a publisher decides.
PUBLISHERS_ONLY_ACTIONS = {
    "localize-convert-to-alias",
    "action-delete",
    "action-unpublish",
}


def convert_to_alias(request: HttpRequest, page_id: int) -> HttpResponse:
    """wagtail-localize's "Convert to alias page", for publishers only (its own view
    asks only for the edit permission)."""
    page = get_object_or_404(Page, pk=page_id)
    if not user_can_publish(request.user, page.specific):
        raise PermissionDenied
    return convert.convert_to_alias(request, page_id)


def refuse_unless_publisher(request: HttpRequest, page: Page) -> None:
    if not user_can_publish(request.user, page):
        raise PermissionDenied


def hide_publishers_actions(menu_items: list, request: HttpRequest, context) -> None:
    page = context.get("page")
    if page is None or not page.pk or user_can_publish(request.user, page):
        return
    menu_items[:] = [
        item for item in menu_items if item.name not in PUBLISHERS_ONLY_ACTIONS
    ]


SAFE_LINK_SCHEMES = {"http", "https", "mailto", "tel"}


def is_safe_link(value: str) -> bool:
    """A link a visitor may follow: http(s), mailto, tel, or within the site."""
    value = value.strip()
    scheme, colon, _rest = value.partition(":")
    if not colon or "/" in scheme or "?" in scheme or "#" in scheme:
        return True  # no scheme: a path or fragment within the site
    return scheme.lower() in SAFE_LINK_SCHEMES


def edit_override(
    request: HttpRequest, translation_id: int, overridable_segment_id: int
) -> HttpResponse:
    """wagtail-localize's override of a link or embed in a translation, with links
    checked as the editor's own link fields check them (no `javascript:`)."""
    if request.method == "PUT":
        segment = get_object_or_404(OverridableSegment, pk=overridable_segment_id)
        value = QueryDict(request.body).get("value", "")
        source = json.loads(segment.data_json)
        if isinstance(source, str) and not is_safe_link(value):
            return JsonResponse(
                {
                    "value": [
                        _("Enter a web address (https://…) or a path on the site.")
                    ]
                },
                status=400,
            )
    return edit_translation.edit_override(
        request,
        translation_id=translation_id,
        overridable_segment_id=overridable_segment_id,
    )
