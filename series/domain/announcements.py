"""New sessions told to their series' followers, through the outbox and the worker:
once per session (recorded on its first publication, so publishing it again sends
nothing), in each follower's language once that translation is published, else in
the language it was written in after the series' `announce_delay_hours`."""

from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django_tasks import task
from wagtail.models import Page

from ..models import (
    EmailDelivery,
    EventStatus,
    Follower,
    FollowerNotice,
    FollowerNoticeKind,
    FollowMode,
    SessionAnnouncement,
    SoTalkSessionPage,
)
from ..outbox.follower_mail import (
    follower_notice_queue,
    follower_notices_requeue_lost,
    send_follower_notice,
)
from .errors import AlreadyRegistered, RegistrationError, RegistrationNotOpen
from .registration import Registrant, registration_create


@task()
def announce_task(session_id: int) -> int:
    session = SoTalkSessionPage.objects.filter(pk=session_id).first()
    return followers_announce(session=session) if session else 0


@task()
def follower_register_task(follower_id: int, session_id: int) -> str:
    """Registration opened (or was due to): register a follower who asked for it."""
    follower = Follower.objects.filter(pk=follower_id).first()
    session = SoTalkSessionPage.objects.filter(pk=session_id).first()
    if follower is None or session is None or not announceable(session.source):
        return "gone"
    return follower_register(follower=follower, source=session.source)


def announceable(source: SoTalkSessionPage, now: datetime | None = None) -> bool:
    """Worth telling: public (no view restriction), upcoming and not cancelled."""
    now = now or timezone.now()
    return (
        source.starts_at > now
        and source.event_status != EventStatus.CANCELLED
        and type(source).objects.visible().filter(pk=source.pk).exists()
    )


def session_published(*, page: Page) -> None:
    """On publish: a source session's first publication starts its announcement;
    each publication (a translation's too) lets the worker tell whoever can now
    read it in their language."""
    if page.alias_of_id or not isinstance(page, SoTalkSessionPage):
        return
    source = page.source
    if source.pk == page.pk and announceable(source):
        announcement, created = SessionAnnouncement.objects.get_or_create(
            session=source
        )
        if created and source.series is not None:
            due = announcement.created_at + timedelta(
                hours=source.series.announce_delay_hours
            )
            announce_task.using(run_after=due).enqueue(source.pk)
    if SessionAnnouncement.objects.filter(session=source).exists():
        announce_task.enqueue(source.pk)


def _ready_languages(source: SoTalkSessionPage) -> set[str]:
    return {
        source.locale.language_code,
        *Page.objects.filter(translation_key=source.translation_key, live=True)
        .values_list("locale__language_code", flat=True)
        .distinct(),
    }


def followers_announce(
    *, session: SoTalkSessionPage, now: datetime | None = None
) -> int:
    """Tell every follower who can be told now and has not been; returns how many."""
    now = now or timezone.now()
    source = session.source
    announcement = SessionAnnouncement.objects.filter(session=source).first()
    series = source.series
    if announcement is None or series is None or not announceable(source, now):
        return 0
    followers = (
        Follower.objects.confirmed()
        .filter(
            series__translation_key=series.translation_key,
            confirmed_at__lte=announcement.created_at,
        )
        .exclude(notices__session=source)
        .select_related("series")
    )
    delay = timedelta(hours=series.announce_delay_hours)
    if announcement.created_at + delay > now:
        followers = followers.filter(language__in=_ready_languages(source))
    count = 0
    for follower in followers:
        try:
            with transaction.atomic():
                follower_session_notify(follower=follower, source=source)
        except IntegrityError:  # told by a run at the same moment
            continue
        count += 1
    return count


def follower_session_notify(*, follower: Follower, source: SoTalkSessionPage) -> None:
    """One follower, one new session: an announcement, or a registration."""
    if follower.mode != FollowMode.REGISTER:
        follower_notice_queue(
            follower=follower, kind=FollowerNoticeKind.ANNOUNCE, session=source
        )
        return
    # Claim the (follower, session) slot first: the unique index stops a second.
    notice = FollowerNotice.objects.create(
        follower=follower,
        session=source,
        kind=FollowerNoticeKind.REGISTERED,
        status=FollowerNotice.Status.SKIPPED,
    )
    if source.questions.filter(required=True).exists():
        _announce_instead(notice, "questions")
        return
    outcome = follower_register(follower=follower, source=source)
    if outcome not in ("registered", AlreadyRegistered.code):
        _announce_instead(notice, outcome)
    elif outcome == AlreadyRegistered.code:
        notice.reason = outcome
        notice.save(update_fields=["reason"])


def _announce_instead(notice: FollowerNotice, reason: str) -> None:
    notice.kind = FollowerNoticeKind.ANNOUNCE
    notice.status = FollowerNotice.Status.QUEUED
    notice.reason = reason
    notice.save(update_fields=["kind", "status", "reason"])
    send_follower_notice.enqueue(notice.pk)


def follower_register(*, follower: Follower, source: SoTalkSessionPage) -> str:
    """Register a follower through the visitors' own operation (capacity, waiting
    list, window, double opt-in, its own e-mail); returns "registered" or the
    refusal's code. Before registration opens, tries again when it does."""
    registrant = Registrant(
        name=follower.name,
        email=follower.email,
        language=follower.language,
        consent_version=follower.consent_version,
    )
    try:
        with transaction.atomic():
            registration = registration_create(session=source, registrant=registrant)
            for delivery in EmailDelivery.objects.filter(registration=registration):
                delivery.context = {**delivery.context, "follower": follower.pk}
                delivery.save(update_fields=["context"])
    except RegistrationNotOpen as refusal:
        follower_register_task.using(run_after=refusal.opens_at).enqueue(
            follower.pk, source.pk
        )
        return refusal.code
    except RegistrationError as refusal:
        return refusal.code
    return "registered"


def announcements_queue_due(*, now: datetime | None = None) -> int:
    """For cron, a safety net: tell followers of upcoming announced sessions whom a
    lost task did not, and requeue their lost e-mails; returns how many told."""
    now = now or timezone.now()
    follower_notices_requeue_lost()
    sessions = SoTalkSessionPage.objects.filter(
        starts_at__gt=now, announcement__isnull=False
    ).defer_streamfields()
    return sum(followers_announce(session=session, now=now) for session in sessions)
