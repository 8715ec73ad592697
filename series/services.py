"""Operations that write: each is one transaction; views change state only here."""

import logging

from django.db import transaction
from wagtail.models import Page
from wagtail_localize.models import TranslationSource

logger = logging.getLogger(__name__)


@transaction.atomic
def translations_sync(*, page: Page) -> int:
    """Carry a published source page over to its translations; returns how many.

    wagtail-localize only syncs on request. Live translations are republished so that
    event facts never differ between languages; unpublished ones get a draft to review.
    """
    source = TranslationSource.objects.get_for_instance_or_none(page)
    if source is None:
        return 0
    source.update_from_db()
    translations = list(
        source.translations.filter(enabled=True).select_related("target_locale")
    )
    live_locales = set(
        Page.objects.filter(
            translation_key=page.translation_key, live=True
        ).values_list("locale_id", flat=True)
    )
    for translation in translations:
        translation.save_target(publish=translation.target_locale_id in live_locales)
    if translations:
        logger.info(
            "Synchronised %d translation(s) of page %s", len(translations), page.pk
        )
    return len(translations)
