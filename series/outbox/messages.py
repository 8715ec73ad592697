"""One outbox row rendered as an e-mail in the registrant's language."""

from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from ..models import (
    EmailDelivery,
    EmailKind,
    EventStatus,
    RegistrantMessage,
    RegistrationStatus,
)
from ..read.calendars import sessions_ical
from ..read.sessions import session_in_language, site_url
from ..read.site import brand_name, sender

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


def build_message(delivery: EmailDelivery) -> EmailMultiAlternatives:
    registration = delivery.registration
    source = registration.session
    language = registration.language
    with translation.override(language):
        session = session_in_language(source, language)
        token = registration.token
        is_confirmed = registration.status == RegistrationStatus.CONFIRMED
        context = {
            "registration": registration,
            "session": session,
            "event": source,
            "when": source.formatted_time(language),
            "session_url": site_url(session.url or ""),
            "cancel_url": site_url(
                reverse("series:registration_cancel", kwargs={"token": token})
            ),
            "join_url": source.join_url
            if is_confirmed and delivery.kind in JOIN_LINK_KINDS
            else "",
            "changes": delivery.context.get("changes", []),
            "brand": brand_name(),
        }
        if delivery.kind == EmailKind.MESSAGE:
            staff_message = RegistrantMessage.objects.prefetch_related("texts").get(
                pk=delivery.context["message"]
            )
            text = staff_message.text(language)
            context["subject_line"], context["message"] = text.subject, text.body
        template = f"series/emails/{delivery.kind}"
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        message = EmailMultiAlternatives(
            from_email=sender(),
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
    if (
        delivery.kind == EmailKind.SESSION_CHANGED
        and event.event_status == EventStatus.CANCELLED
    ):
        return "CANCEL"
    return CALENDAR_METHODS.get(delivery.kind)


def _calendar(*, session, language: str, method: str, include_join_url: bool) -> str:
    return sessions_ical(
        [session], language=language, method=method, include_join_url=include_join_url
    )
