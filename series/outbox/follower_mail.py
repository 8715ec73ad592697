"""The followers' outbox: queue a notice in the caller's transaction; the worker
claims it, sends it, and retries while the ESP fails, as the registrants' does."""

import logging
from datetime import timedelta

from anymail.exceptions import AnymailAPIError, AnymailRecipientsRefused
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django_tasks import task

from .. import conf
from ..models import Follower, FollowerNotice, SoTalkSessionPage
from .follower_messages import follower_message

logger = logging.getLogger(__name__)


def follower_notice_queue(
    *,
    follower: Follower,
    kind: str,
    session: SoTalkSessionPage | None = None,
    reason: str = "",
) -> FollowerNotice:
    """Write the notice and its task in the caller's transaction."""
    notice = FollowerNotice.objects.create(
        follower=follower, kind=kind, session=session, reason=reason
    )
    send_follower_notice.enqueue(notice.pk)
    return notice


@task()
def send_follower_notice(notice_id: int) -> str:
    """Send one notice; takes its id, never personal data."""
    return follower_notice_send(notice_id=notice_id)


def _claim(notice_id: int) -> bool:
    return bool(
        FollowerNotice.objects.filter(
            pk=notice_id, status=FollowerNotice.Status.QUEUED
        ).update(
            status=FollowerNotice.Status.SENDING,
            claimed_at=timezone.now(),
            attempts=F("attempts") + 1,
        )
    )


def follower_notice_send(*, notice_id: int) -> str:
    """Send one notice (gone with its follower: nothing to do)."""
    if not _claim(notice_id):
        return "not-queued"
    notice = (
        FollowerNotice.objects.select_related("follower", "follower__series", "session")
        .filter(pk=notice_id)
        .first()
    )
    if notice is None:  # its follower unsubscribed meanwhile
        return "gone"
    try:
        message = follower_message(notice)
    except Exception:
        _finish(notice, FollowerNotice.Status.FAILED, error="RenderError")
        raise
    try:
        message.send()
    except AnymailRecipientsRefused:
        _finish(notice, FollowerNotice.Status.FAILED, error="RecipientsRefused")
        return "refused"
    except AnymailAPIError as error:
        return _retry_later(notice, error)
    status = getattr(message, "anymail_status", None)
    message_id = getattr(status, "message_id", None)
    notice.message_id = "" if message_id is None else str(message_id)[:255]
    _finish(notice, FollowerNotice.Status.SENT)
    return "sent"


def _retry_later(notice: FollowerNotice, error: AnymailAPIError) -> str:
    code = getattr(error, "status_code", None)
    notice.last_error = f"AnymailAPIError {code or 'network'}"[:100]
    if notice.attempts >= conf.get("EMAIL_MAX_ATTEMPTS"):
        _finish(notice, FollowerNotice.Status.FAILED, error=notice.last_error)
        logger.warning("Gave up follower e-mail %s", notice.pk)
        return "failed"
    delay = conf.get("EMAIL_RETRY_BASE_SECONDS") * 2 ** (notice.attempts - 1)
    notice.status = FollowerNotice.Status.QUEUED
    notice.next_attempt_at = timezone.now() + timedelta(seconds=delay)
    with transaction.atomic():
        notice.save(update_fields=["status", "last_error", "next_attempt_at"])
        send_follower_notice.using(run_after=notice.next_attempt_at).enqueue(notice.pk)
    return "retry"


def _finish(notice: FollowerNotice, status: str, error: str = "") -> None:
    notice.status = status
    notice.last_error = error or notice.last_error
    notice.sent_at = timezone.now() if status == FollowerNotice.Status.SENT else None
    # An update, not a save: the follower may have unsubscribed meanwhile.
    FollowerNotice.objects.filter(pk=notice.pk).update(
        status=notice.status,
        last_error=notice.last_error,
        sent_at=notice.sent_at,
        message_id=notice.message_id,
    )


def follower_notices_requeue_lost() -> int:
    """For cron: give notices whose task was lost (a worker killed mid-send) a new
    task; returns how many."""
    now = timezone.now()
    stale = now - timedelta(seconds=conf.get("EMAIL_STALE_CLAIM_SECONDS"))
    grace = now - timedelta(seconds=conf.get("EMAIL_REQUEUE_GRACE_SECONDS"))
    FollowerNotice.objects.filter(
        status=FollowerNotice.Status.SENDING, claimed_at__lt=stale
    ).update(status=FollowerNotice.Status.QUEUED)
    waiting = FollowerNotice.objects.filter(
        status=FollowerNotice.Status.QUEUED, created_at__lt=grace
    ).exclude(next_attempt_at__gt=grace)
    count = 0
    for notice_id in waiting.values_list("pk", flat=True):
        send_follower_notice.enqueue(notice_id)
        count += 1
    return count
