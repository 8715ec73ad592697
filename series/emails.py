"""Render and send one e-mail in the recipient's language, and the outbox around it."""

import logging
from datetime import timedelta
from urllib.parse import urljoin

from anymail.exceptions import AnymailAPIError, AnymailRecipientsRefused
from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.models import Locale

from . import conf
from .models import (
    DeliveryStatus,
    EmailDelivery,
    EmailKind,
    RegistrantMessage,
    Registration,
    RegistrationStatus,
    SoTalkSessionPage,
)

logger = logging.getLogger(__name__)

TOKEN_SALT = "series.registration"  # noqa: S105 (a namespace, not a secret)
# E-mails that carry the event into the registrant's calendar, and how.
CALENDAR_METHODS = {
    EmailKind.CONFIRMATION: "REQUEST",
    EmailKind.PROMOTED: "REQUEST",
    EmailKind.RESEND: "REQUEST",
    EmailKind.SESSION_CHANGED: "REQUEST",
    EmailKind.CANCELLED: "CANCEL",
}
# E-mails that give the join link: only ever to confirmed registrants.
JOIN_LINK_KINDS = {
    EmailKind.CONFIRMATION,
    EmailKind.PROMOTED,
    EmailKind.RESEND,
    EmailKind.REMINDER,
    EmailKind.SESSION_CHANGED,
}


def registration_token(registration: Registration) -> str:
    return signing.dumps({"r": registration.pk}, salt=TOKEN_SALT, compress=True)


def registration_from_token(token: str) -> Registration | None:
    try:
        data = signing.loads(token, salt=TOKEN_SALT)
    except signing.BadSignature:
        return None
    return (
        Registration.objects.select_related("session").filter(pk=data.get("r")).first()
    )


def absolute_url(path: str) -> str:
    return urljoin(conf.get("BASE_URL") or settings.WAGTAILADMIN_BASE_URL, path)


def session_in_language(source: SoTalkSessionPage, language: str) -> SoTalkSessionPage:
    """The session page the registrant reads: their language's translation if live."""
    locale = Locale.objects.filter(language_code=language).first()
    translation_page = source.get_translation_or_none(locale) if locale else None
    if translation_page is not None and translation_page.live:
        return translation_page
    return source


def build_message(delivery: EmailDelivery) -> EmailMultiAlternatives:
    registration = delivery.registration
    source = registration.session
    language = registration.language
    with translation.override(language):
        session = session_in_language(source, language)
        token = registration_token(registration)
        is_confirmed = registration.status == RegistrationStatus.CONFIRMED
        context = {
            "registration": registration,
            "session": session,
            "event": source,
            "when": source.formatted_time(language),
            "session_url": absolute_url(session.url or ""),
            "cancel_url": absolute_url(
                reverse("series:registration_cancel", kwargs={"token": token})
            ),
            "join_url": source.join_url
            if is_confirmed and delivery.kind in JOIN_LINK_KINDS
            else "",
            "changes": delivery.context.get("changes", []),
        }
        if delivery.kind == EmailKind.MESSAGE:
            staff_message = RegistrantMessage.objects.get(
                pk=delivery.context["message"]
            )
            context["subject_line"], context["message"] = staff_message.text(language)
        template = f"series/emails/{delivery.kind}"
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        message = EmailMultiAlternatives(
            subject=subject,
            body=render_to_string(f"{template}.txt", context),
            to=[registration.email],
        )
        message.attach_alternative(
            render_to_string(f"{template}.html", context), "text/html"
        )
        method = _calendar_method(delivery, is_confirmed)
        if method:
            message.attach(
                "invite.ics",
                _calendar(
                    session=session,
                    language=language,
                    method=method,
                    include_join_url=bool(context["join_url"]),
                ),
                f"text/calendar; method={method}; charset=utf-8",
            )
    return message


def _calendar_method(delivery: EmailDelivery, is_confirmed: bool) -> str | None:
    """REQUEST adds or updates the registrant's calendar entry; CANCEL removes it."""
    event = delivery.registration.session
    if delivery.kind == EmailKind.CANCELLED:
        return "CANCEL" if delivery.context.get("had_seat") else None
    if not is_confirmed:
        return None
    if delivery.kind == EmailKind.SESSION_CHANGED and event.event_status == "cancelled":
        return "CANCEL"
    return CALENDAR_METHODS.get(delivery.kind)


def _calendar(*, session, language: str, method: str, include_join_url: bool) -> str:
    from .calendars import sessions_ical

    return sessions_ical(
        [session], language=language, method=method, include_join_url=include_join_url
    )


def _claim(delivery_id: int) -> bool:
    """Take the outbox row, so that two workers never send the same e-mail."""
    return bool(
        EmailDelivery.objects.filter(
            pk=delivery_id, status=EmailDelivery.Status.QUEUED
        ).update(
            status=EmailDelivery.Status.SENDING,
            claimed_at=timezone.now(),
            attempts=F("attempts") + 1,
        )
    )


def delivery_send(*, delivery_id: int) -> str:
    """Send one outbox row; on an ESP failure queue a later try with a growing delay."""
    if not _claim(delivery_id):
        return "not-queued"
    delivery = EmailDelivery.objects.select_related(
        "registration", "registration__session"
    ).get(pk=delivery_id)
    if delivery.registration.email is None:  # erased meanwhile
        _finish(delivery, EmailDelivery.Status.SKIPPED)
        return "skipped"
    try:
        message = build_message(delivery)
    except Exception:
        # A bug, not an outage: retrying would not help; staff see it failed.
        _finish(delivery, EmailDelivery.Status.FAILED, error="RenderError")
        _registration_delivery(delivery, DeliveryStatus.FAILED)
        raise
    try:
        message.send()
    except AnymailRecipientsRefused:
        _finish(delivery, EmailDelivery.Status.FAILED, error="RecipientsRefused")
        _registration_delivery(delivery, DeliveryStatus.FAILED)
        return "refused"
    except AnymailAPIError as error:
        return _retry_later(delivery, error)
    status = getattr(message, "anymail_status", None)
    message_id = getattr(status, "message_id", None)
    delivery.message_id = "" if message_id is None else str(message_id)[:255]
    _finish(delivery, EmailDelivery.Status.SENT)
    _registration_delivery(delivery, DeliveryStatus.SENT)
    return "sent"


def _retry_later(delivery: EmailDelivery, error: AnymailAPIError) -> str:
    from .tasks import send_email

    code = getattr(error, "status_code", None)
    delivery.last_error = f"AnymailAPIError {code or 'network'}"[:100]
    if delivery.attempts >= conf.get("EMAIL_MAX_ATTEMPTS"):
        _finish(delivery, EmailDelivery.Status.FAILED, error=delivery.last_error)
        _registration_delivery(delivery, DeliveryStatus.FAILED)
        logger.warning(
            "Gave up e-mail delivery %s after %s tries", delivery.pk, delivery.attempts
        )
        return "failed"
    delay = conf.get("EMAIL_RETRY_BASE_SECONDS") * 2 ** (delivery.attempts - 1)
    delivery.status = EmailDelivery.Status.QUEUED
    delivery.next_attempt_at = timezone.now() + timedelta(seconds=delay)
    with transaction.atomic():
        delivery.save(update_fields=["status", "last_error", "next_attempt_at"])
        send_email.using(run_after=delivery.next_attempt_at).enqueue(delivery.pk)
    logger.info(
        "E-mail delivery %s failed (%s); retry in %ss",
        delivery.pk,
        delivery.last_error,
        delay,
    )
    return "retry"


def _finish(delivery: EmailDelivery, status: str, error: str = "") -> None:
    delivery.status = status
    delivery.last_error = error or delivery.last_error
    delivery.sent_at = timezone.now() if status == EmailDelivery.Status.SENT else None
    delivery.save(update_fields=["status", "last_error", "sent_at", "message_id"])


def _registration_delivery(delivery: EmailDelivery, status: str) -> None:
    # Only the e-mails that matter for the seat decide what staff see.
    if delivery.kind == EmailKind.MESSAGE:
        return
    fields = {"delivery_status": status}
    if delivery.message_id:
        fields["message_id"] = delivery.message_id
    Registration.objects.filter(pk=delivery.registration_id).update(**fields)


def reminder_queue(*, registration_id: int) -> str:
    """Queue the reminder once, if it is still due (the session may have moved)."""
    from .services import email_queue

    registration = (
        Registration.objects.select_related("session")
        .filter(pk=registration_id)
        .first()
    )
    if registration is None or registration.status != RegistrationStatus.CONFIRMED:
        return "not-confirmed"
    session = registration.session
    now = timezone.now()
    remind_from = session.starts_at - timedelta(hours=conf.get("REMINDER_HOURS_BEFORE"))
    if now < remind_from - timedelta(minutes=5):
        return "moved-later"  # a new reminder task was scheduled with the change
    if now >= session.starts_at:
        return "too-late"
    try:
        with transaction.atomic():
            email_queue(registration=registration, kind=EmailKind.REMINDER)
    except IntegrityError:
        return "already-sent"
    return "queued"
