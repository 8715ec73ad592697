"""One outbox row rendered as an e-mail in the registrant's language."""

from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from .. import conf
from ..formatting import format_datetime, time_zone_name
from ..models import (
    EmailDelivery,
    EmailKind,
    EventStatus,
    RegistrantMessage,
    RegistrationStatus,
    SessionFormat,
)
from ..read.calendar_links import calendar_links
from ..read.calendars import sessions_ical
from ..read.sessions import session_in_language, site_url
from ..read.site import brand_name, reply_to, sender
from .follower_messages import follower_headers

# E-mails that carry the event into the registrant's calendar, and how.
CALENDAR_METHODS = {
    EmailKind.CONFIRMATION: "REQUEST",
    EmailKind.PROMOTED: "REQUEST",
    EmailKind.RESEND: "REQUEST",
    EmailKind.SESSION_CHANGED: "REQUEST",
    EmailKind.CANCELLED: "CANCEL",
}
# E-mails that give the registrant's personal join link: only ever to confirmed
# registrants. The link leads to the session's current join URL, so changing that
# URL needs no e-mail.
JOIN_LINK_KINDS = {
    EmailKind.CONFIRMATION,
    EmailKind.PROMOTED,
    EmailKind.RESEND,
    EmailKind.REMINDER,
    EmailKind.SESSION_CHANGED,
}


def registrant_url(name: str, token: str) -> str:
    """An absolute link of the registrant's own, in the active language."""
    return site_url(reverse(f"series:{name}", kwargs={"token": token}))


def _when(source, language: str) -> str:
    """'torsdag 28. oktober 2021 kl. 09.00–10.15 (CET)': an entry built from the
    e-mail's body has the time zone too."""
    zone = time_zone_name(source.starts_at, source.tz)
    return f"{source.formatted_time(language)} ({zone})"


def _kind_context(delivery: EmailDelivery, session, language: str) -> dict:
    """What one kind of e-mail adds to the common context."""
    registration = delivery.registration
    source = registration.session
    token = registration.token
    if delivery.kind == EmailKind.OFFER:
        expires = registration.offer_expires_at
        return {
            "claim_url": registrant_url("registration_claim", token),
            "offer_expires": (
                f"{format_datetime(expires, source.tz, language)} "
                f"({time_zone_name(expires, source.tz)})"
                if expires
                else ""
            ),
        }
    if delivery.kind == EmailKind.CONFIRM_ADDRESS:
        return {
            "confirm_url": registrant_url("registration_confirm", token),
            "pending_hours": conf.get("PENDING_HOURS"),
        }
    if delivery.kind in EmailKind.followups():
        attended = delivery.kind == EmailKind.FOLLOWUP_ATTENDED
        text = (
            session.followup_attended_text if attended else session.followup_absent_text
        )
        return {
            "followup_text": text,
            "recording_url": source.recording_url,
            "feedback_url": source.feedback_url if attended else "",
        }
    if delivery.kind == EmailKind.MESSAGE:
        staff_message = RegistrantMessage.objects.prefetch_related("texts").get(
            pk=delivery.context["message"]
        )
        text = staff_message.text(language)
        return {"subject_line": text.subject, "message": text.body}
    return {}


def _message_context(delivery: EmailDelivery, session, language: str) -> dict:
    """What every e-mail's templates read; the join link and calendar links only
    for confirmed registrants, in the e-mails that carry them."""
    registration = delivery.registration
    source = registration.session
    token = registration.token
    is_confirmed = registration.status == RegistrationStatus.CONFIRMED
    gives_join = is_confirmed and delivery.kind in JOIN_LINK_KINDS
    online = source.format != SessionFormat.IN_PERSON
    join_link = (
        registrant_url("registration_join", token) if gives_join and online else ""
    )
    session_url = site_url(session.url or "")
    calendar = (
        calendar_links(
            session,
            url=session_url,
            ics_url=registrant_url("registration_calendar", token),
            join_link=join_link,
        )
        if gives_join
        else None
    )
    return {
        "registration": registration,
        "session": session,
        "event": source,
        "when": _when(source, language),
        "session_url": session_url,
        "registration_url": registrant_url("registration_detail", token),
        "cancel_url": registrant_url("registration_cancel", token),
        "join_url": join_link,
        "calendar": calendar,
        "changes": delivery.context.get("changes", []),
        "brand": brand_name(),
        **_kind_context(delivery, session, language),
    }


def build_message(delivery: EmailDelivery) -> EmailMultiAlternatives:
    registration = delivery.registration
    source = registration.session
    language = registration.language
    with translation.override(language):
        session = session_in_language(source, language)
        is_confirmed = registration.status == RegistrationStatus.CONFIRMED
        context = _message_context(delivery, session, language)
        join_link = context["join_url"]
        template = f"series/emails/{delivery.kind}"
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        message = EmailMultiAlternatives(
            from_email=sender(),
            subject=subject,
            body=render_to_string(f"{template}.txt", context),
            to=[registration.email],
            reply_to=reply_to(session.series),
            # A registration that following a series made: it can stop that too.
            headers=follower_headers(delivery.context.get("follower")),
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
                    join_link=join_link,
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


def _calendar(*, session, language: str, method: str, join_link: str) -> str:
    return sessions_ical(
        [session],
        language=language,
        method=method,
        include_join_url=bool(join_link),
        join_link=join_link,
    )
