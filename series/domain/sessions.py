"""What follows when a session or series is published: registrants told of changed
facts, the waiting list moved up into new seats, translations kept in step."""

import logging

from django.db import transaction
from django.utils import timezone
from wagtail.log_actions import log
from wagtail.models import Page
from wagtail_localize.models import TranslationSource

from ..models import (
    EmailKind,
    PublishedFacts,
    Registration,
    RegistrationStatus,
    SeriesIndexPage,
    SoTalkSessionPage,
)
from ..models.topics import tags_follow_source
from ..outbox.queue import email_queue
from ..outbox.reminders import reminder_schedule
from .followups import followups_schedule
from .seats import session_lock, waitlist_fill

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


# Not the join URL: registrants' personal join links lead to whatever it is now.
NOTIFIED_FACTS = ("starts_at", "ends_at", "event_status")


def _facts(session: SoTalkSessionPage) -> dict[str, str]:
    return {
        "starts_at": session.starts_at.isoformat(),
        "ends_at": session.ends_at.isoformat(),
        "event_status": session.event_status,
    }


@transaction.atomic
def session_changes_notify(*, session: SoTalkSessionPage) -> int:
    """Tell live registrants what changed since they were last told; returns how many.

    Raises the calendar SEQUENCE so that calendar clients replace the old entry, and
    moves reminders to the new time.
    """
    source = session_lock(session)
    if source.pk != session.pk:
        return 0
    current = _facts(source)
    record, created = PublishedFacts.objects.select_for_update().get_or_create(
        session=source, defaults={"facts": current}
    )
    changed = [
        name for name in NOTIFIED_FACTS if record.facts.get(name) != current[name]
    ]
    if created or not changed:
        return 0
    record.sequence += 1
    record.facts = current
    record.save()
    changes = sorted(
        {"time" if name in ("starts_at", "ends_at") else name for name in changed}
    )
    registrations = list(Registration.objects.filter(session=source).live())
    for registration in registrations:
        email_queue(
            registration=registration,
            kind=EmailKind.SESSION_CHANGED,
            context={"changes": changes, "sequence": record.sequence},
        )
        if "time" in changes and registration.status == RegistrationStatus.CONFIRMED:
            reminder_schedule(registration=registration, session=source)
    log(
        instance=source,
        action="series.session.notify_change",
        data={"changes": changes, "registrants": len(registrations)},
    )
    return len(registrations)


@transaction.atomic
def waitlist_promote(*, session: SoTalkSessionPage, staff_user=None) -> list:
    """Fill a session's free seats from its waiting list (e.g. capacity raised)."""
    return waitlist_fill(source=session_lock(session), staff_user=staff_user)


def waitlists_fill() -> int:
    """For cron, a safety net: every upcoming session's free seats go to its waiting
    list; returns how many people moved up."""
    sessions = SoTalkSessionPage.objects.filter(
        ends_at__gt=timezone.now(),
        registrations__status=RegistrationStatus.WAITLISTED,
    ).distinct()
    return sum(len(waitlist_promote(session=session)) for session in sessions)


def page_published(*, page: Page) -> None:
    """A series or session page was published: act on what changed."""
    if page.alias_of_id or not isinstance(page, SeriesIndexPage | SoTalkSessionPage):
        return
    tags_follow_source(page=page)
    if isinstance(page, SoTalkSessionPage) and page.source.pk == page.pk:
        session_changes_notify(session=page)
        waitlist_promote(session=page)
        followups_schedule(session=page)
    translations_sync(page=page)
