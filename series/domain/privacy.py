"""Personal data: one anonymise step behind both the per-person erase and the
retention purge, so the two can never drift apart."""

import logging
from datetime import datetime

from django.apps import apps
from django.db import transaction
from django.utils import timezone

from ..models import EmailDelivery, Registration
from ..outbox.reminders import send_reminder
from ..outbox.sender import send_email
from .audit import registration_log
from .following import person_followers_erase
from .registration import registration_cancel

logger = logging.getLogger(__name__)


def _task_results_delete(*, registration_ids: list[int]) -> int:
    """Finished results of this app's tasks for these registrations: their arguments
    are ids, but a failed one's traceback can quote an ESP's error text."""
    config = next(
        (c for c in apps.get_app_configs() if c.name == "django_tasks_db"), None
    )
    if config is None:  # another task backend keeps no results here
        return 0
    results = config.get_model("DBTaskResult").objects
    delivery_ids = list(
        EmailDelivery.objects.filter(registration_id__in=registration_ids).values_list(
            "pk", flat=True
        )
    )
    deleted = 0
    for task, ids in ((send_email, delivery_ids), (send_reminder, registration_ids)):
        if ids:
            deleted += (
                results.finished()
                .filter(task_path=task.module_path, args_kwargs__args__0__in=ids)
                .delete()[0]
            )
    return deleted


@transaction.atomic
def registrations_anonymise(*, registration_ids: list[int]) -> int:
    """Erase the personal data of these registrations and of everything that can
    quote it (ESP message ids, error texts, task results). The rows stay, as
    anonymous counts."""
    count = Registration.objects.filter(pk__in=registration_ids).update(
        name="",
        email=None,
        email_key=None,
        organisation="",
        answers={},
        access_needs=[],
        access_needs_other="",
        message_id="",
        erased_at=timezone.now(),
    )
    EmailDelivery.objects.filter(registration_id__in=registration_ids).update(
        message_id="", last_error=""
    )
    _task_results_delete(registration_ids=registration_ids)
    return count


def registrations_purge(*, before: datetime) -> int:
    """Erase the personal data of registrations to sessions ended before `before`."""
    ids = list(
        Registration.objects.filter(
            session__ends_at__lt=before, erased_at__isnull=True
        ).values_list("pk", flat=True)
    )
    count = registrations_anonymise(registration_ids=ids) if ids else 0
    if count:
        logger.info("Erased the personal data of %d registration(s)", count)
    return count


def person_registrations(*, email: str) -> list[Registration]:
    return list(
        Registration.objects.of_email(email)
        .select_related("session")
        .order_by("created_at")
    )


@transaction.atomic
def person_erase(*, email: str, staff_user) -> int:
    """Right to erasure: cancel upcoming registrations of an address, then erase it
    (and every series it follows).

    The log records how many registrations were erased, never the address.
    """
    registrations = person_registrations(email=email)
    for registration in registrations:
        if registration.is_live and registration.session.ends_at > timezone.now():
            registration_cancel(
                registration=registration, staff_user=staff_user, notify=False
            )
    count = registrations_anonymise(
        registration_ids=[registration.pk for registration in registrations]
    )
    for registration in registrations:
        registration_log(registration, "series.registration.erase", staff_user)
    person_followers_erase(email=email)
    return count
