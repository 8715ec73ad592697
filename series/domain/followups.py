"""After a session: thanks with the recording and the feedback form to those who
came, "sorry we missed you" with the recording to those who did not. At most one
follow-up per registrant (a unique index says so), in their own language."""

from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_tasks import task
from wagtail.log_actions import log

from .. import conf
from ..models import EmailKind, EventStatus, Registration, SoTalkSessionPage
from ..outbox.queue import email_queue
from .errors import RegistrationError


class SessionNotOver(RegistrationError):
    code = "session-not-over"
    status = 409
    default_message = _("Follow-ups can be sent once the session is over.")


def followups_due_at(session: SoTalkSessionPage) -> datetime:
    return session.ends_at + timedelta(hours=session.followup_delay_hours)


def followups_send(
    *, session: SoTalkSessionPage, staff_user=None, now: datetime | None = None
) -> int:
    """Queue the follow-up to every confirmed registrant who has none yet; returns
    how many. Staff may send them by hand once the session is over."""
    now = now or timezone.now()
    source = session.source
    if source.ends_at > now:
        raise SessionNotOver()
    registrations = (
        Registration.objects.filter(session=source, email__isnull=False)
        .confirmed()
        .exclude(deliveries__kind__in=EmailKind.followups())
    )
    count = 0
    for registration in registrations:
        kind = (
            EmailKind.FOLLOWUP_ATTENDED
            if registration.attended
            else EmailKind.FOLLOWUP_ABSENT
        )
        try:
            with transaction.atomic():
                email_queue(registration=registration, kind=kind)
        except IntegrityError:  # sent by a run at the same moment
            continue
        count += 1
    if count:
        log(
            instance=source,
            action="series.session.followups",
            user=staff_user,
            data={"registrants": count},
        )
    return count


@task()
def followups_task(session_id: int) -> int:
    session = SoTalkSessionPage.objects.filter(pk=session_id).first()
    if session is None or not _wants_followups(session, timezone.now()):
        return 0  # moved, turned off or cancelled: a later run decides
    return followups_send(session=session)


def _wants_followups(session: SoTalkSessionPage, now: datetime) -> bool:
    return (
        session.followup_enabled
        and session.event_status != EventStatus.CANCELLED
        and followups_due_at(session) <= now
    )


def followups_schedule(*, session: SoTalkSessionPage) -> None:
    """Run the follow-ups when due (a session published again schedules anew; the
    run that finds nothing left to send does nothing)."""
    if session.followup_enabled and followups_due_at(session) > timezone.now():
        followups_task.using(run_after=followups_due_at(session)).enqueue(session.pk)


def followups_queue_due(*, now: datetime | None = None) -> int:
    """For cron: follow-ups of every recent session whose time has come."""
    now = now or timezone.now()
    horizon = now - timedelta(days=conf.get("TOKEN_DAYS_AFTER_SESSION"))
    sessions = SoTalkSessionPage.objects.filter(
        ends_at__lte=now, ends_at__gt=horizon, followup_enabled=True
    ).filter(
        pk__in=Registration.objects.confirmed()
        .exclude(deliveries__kind__in=EmailKind.followups())
        .values("session_id")
    )
    return sum(
        followups_send(session=session, now=now)
        for session in sessions.defer_streamfields()
        if _wants_followups(session, now)
    )
