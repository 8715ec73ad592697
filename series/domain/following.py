"""Following a series: ask (double opt-in, always), confirm, unsubscribe (which
erases the follower), and forget those who never confirm."""

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.apps import apps
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_tasks import task

from .. import conf
from ..models import (
    Follower,
    FollowerNotice,
    FollowerNoticeKind,
    FollowMode,
    SeriesIndexPage,
)
from ..outbox.follower_mail import follower_notice_queue, send_follower_notice
from .errors import RegistrationError

logger = logging.getLogger(__name__)


class FollowConfirmationExpired(RegistrationError):
    code = "follow-confirmation-expired"
    status = 410
    default_message = _(
        "You did not confirm in time, so we deleted the address. You are welcome "
        "to follow the series again."
    )


@dataclass(frozen=True)
class FollowRequest:
    """Who asks to follow, as they gave it (already validated by the form)."""

    email: str
    language: str
    mode: str = FollowMode.ANNOUNCE
    name: str = ""
    consent_version: str = ""


def series_of_record(series: SeriesIndexPage) -> SeriesIndexPage:
    """The page followers of a series point at, whichever language they followed
    it in: the first of its translations (the one the others were made from)."""
    return (
        SeriesIndexPage.objects.filter(translation_key=series.translation_key)
        .order_by("pk")
        .first()
    ) or series


def follow_expires_at(follower: Follower) -> datetime:
    return follower.created_at + timedelta(hours=conf.get("PENDING_HOURS"))


@task()
def follow_pending_expire_task(follower_id: int) -> int:
    return followers_pending_erase(follower_ids=[follower_id])


@transaction.atomic
def follow_request(*, series: SeriesIndexPage, request: FollowRequest) -> Follower:
    """Ask the address to confirm; until it does, nothing else is sent. Asking again
    sends the confirmation again (with the new choices, while unconfirmed)."""
    series = series_of_record(series)
    follower = (
        Follower.objects.select_for_update()
        .filter(series=series)
        .of_email(request.email)
        .first()
    )
    if follower is None:
        follower = Follower(series=series)
    elif not follower.is_confirmed:
        follower.created_at = timezone.now()  # a new day to confirm in
    if not follower.is_confirmed:
        follower.email = request.email
        follower.language = request.language
        follower.mode = request.mode
        follower.name = request.name
        follower.consent_version = request.consent_version
        follower.save()
    follower_notice_queue(follower=follower, kind=FollowerNoticeKind.CONFIRM)
    if not follower.is_confirmed:
        follow_pending_expire_task.using(run_after=follow_expires_at(follower)).enqueue(
            follower.pk
        )
    return follower


@transaction.atomic
def follow_confirm(*, follower: Follower, now: datetime | None = None) -> Follower:
    """The address is theirs: from now on the follower hears of new sessions."""
    now = now or timezone.now()
    follower = Follower.objects.select_for_update().get(pk=follower.pk)
    if follower.is_confirmed:
        return follower  # the link may be opened twice
    if follow_expires_at(follower) <= now:
        follower_erase(follower_ids=[follower.pk])
        raise FollowConfirmationExpired()
    follower.confirmed_at = now
    follower.save(update_fields=["confirmed_at"])
    return follower


@transaction.atomic
def follower_change(
    *, follower: Follower, mode: str, language: str, name: str = ""
) -> Follower:
    """A follower's new choice (told of each new session, or registered for it) and
    e-mail language; they apply from the next session published."""
    follower = Follower.objects.select_for_update().get(pk=follower.pk)
    follower.mode = mode
    follower.language = language
    follower.name = name or follower.name
    follower.save(update_fields=["mode", "language", "name"])
    logger.info("A follower of series %s changed their choice", follower.series_id)
    return follower


def follower_unsubscribe(*, follower: Follower) -> None:
    """Stop following: the follower's personal data is erased at once."""
    follower_erase(follower_ids=[follower.pk])
    logger.info("A follower of series %s unsubscribed", follower.series_id)


def _task_results_delete(*, notice_ids: list[int], follower_ids: list[int]) -> int:
    """Finished results of the followers' tasks: their arguments are ids, but a
    failed one's traceback can quote an ESP's error text."""
    config = next(
        (c for c in apps.get_app_configs() if c.name == "django_tasks_db"), None
    )
    if config is None:
        return 0
    results = config.get_model("DBTaskResult").objects.finished()
    deleted = 0
    for task_, ids in (
        (send_follower_notice, notice_ids),
        (follow_pending_expire_task, follower_ids),
    ):
        if ids:
            deleted += results.filter(
                task_path=task_.module_path, args_kwargs__args__0__in=ids
            ).delete()[0]
    return deleted


@transaction.atomic
def follower_erase(*, follower_ids: list[int]) -> int:
    """Delete these followers, their notices and what can quote them; returns how
    many followers."""
    notice_ids = list(
        FollowerNotice.objects.filter(follower_id__in=follower_ids).values_list(
            "pk", flat=True
        )
    )
    _task_results_delete(notice_ids=notice_ids, follower_ids=follower_ids)
    return (
        Follower.objects.filter(pk__in=follower_ids)
        .delete()[1]
        .get(Follower._meta.label, 0)
    )


def followers_pending_erase(
    *, follower_ids: list[int] | None = None, now: datetime | None = None
) -> int:
    """Forget followers who never confirmed in time (all, or these)."""
    now = now or timezone.now()
    expired = Follower.objects.unconfirmed().filter(
        created_at__lte=now - timedelta(hours=conf.get("PENDING_HOURS"))
    )
    if follower_ids is not None:
        expired = expired.filter(pk__in=follower_ids)
    ids = list(expired.values_list("pk", flat=True))
    return follower_erase(follower_ids=ids) if ids else 0


def person_followers(*, email: str) -> list[Follower]:
    return list(Follower.objects.of_email(email).select_related("series"))


def person_followers_erase(*, email: str) -> int:
    """The per-person erase: every series this address follows."""
    ids = [follower.pk for follower in person_followers(email=email)]
    return follower_erase(follower_ids=ids) if ids else 0


# What an ESP reports that means: stop mailing this address.
STOP_EVENTS = {"bounced", "complained", "unsubscribed"}


def follower_delivery_event(*, message_id: str, event_type: str) -> int:
    """A follower's e-mail bounced, was marked as spam or unsubscribed at the ESP:
    they follow no more (and are erased); returns how many."""
    if event_type not in STOP_EVENTS:
        return 0
    ids = list(
        FollowerNotice.objects.filter(message_id=message_id).values_list(
            "follower_id", flat=True
        )
    )
    return follower_erase(follower_ids=ids) if ids else 0
