"""A follower's notice rendered as an e-mail in the follower's language, with the
one-click unsubscribe of RFC 8058 in its headers and a visible link in its body."""

from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from .. import conf
from ..formatting import time_zone_name
from ..models import Follower, FollowerNotice, FollowerNoticeKind
from ..read.sessions import session_in_language, site_url
from ..read.site import brand_name, reply_to, sender


def follower_url(name: str, token: str, **kwargs) -> str:
    """An absolute link of the follower's own, in the active language."""
    return site_url(reverse(f"series:{name}", kwargs={"token": token, **kwargs}))


def unsubscribe_headers(follower: Follower) -> dict[str, str]:
    """RFC 8058: mail clients show an unsubscribe button that POSTs to the link."""
    with translation.override(follower.language):
        url = follower_url("follow_unsubscribe", follower.token)
    return {
        "List-Unsubscribe": f"<{url}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


def follower_headers(follower_id: int | None) -> dict[str, str]:
    """The unsubscribe headers for a registration e-mail that following made, while
    its person still follows."""
    follower = Follower.objects.filter(pk=follower_id).first() if follower_id else None
    return unsubscribe_headers(follower) if follower else {}


def _context(notice: FollowerNotice) -> dict:
    follower = notice.follower
    language = follower.language
    context = {
        "follower": follower,
        "series": session_in_language(follower.series, language),
        "brand": brand_name(),
        "unsubscribe_url": follower_url("follow_unsubscribe", follower.token),
        "reason": notice.reason,
    }
    if notice.kind == FollowerNoticeKind.CONFIRM:
        context.update(
            confirm_url=follower_url("follow_confirm", follower.token),
            pending_hours=conf.get("PENDING_HOURS"),
        )
    else:  # a confirmed follower: their page, to change what we send
        context["change_url"] = follower_url("follow_detail", follower.token)
    if notice.kind != FollowerNoticeKind.CONFIRM and notice.session is not None:
        source = notice.session
        session = session_in_language(source, language)
        context.update(
            session=session,
            event=source,
            # The source's text until the follower's language is published.
            content_language=session.text_language or session.locale.language_code,
            when=(
                f"{source.formatted_time(language)} "
                f"({time_zone_name(source.starts_at, source.tz)})"
            ),
            session_url=site_url(session.url or ""),
            register_url=follower_url(
                "follow_register", follower.token, page_id=session.pk
            ),
        )
    return context


def follower_message(notice: FollowerNotice) -> EmailMultiAlternatives:
    follower = notice.follower
    with translation.override(follower.language):
        context = _context(notice)
        template = f"series/emails/{notice.kind}"
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        message = EmailMultiAlternatives(
            from_email=sender(),
            subject=subject,
            body=render_to_string(f"{template}.txt", context),
            to=[follower.email],
            reply_to=reply_to(follower.series),
            headers=unsubscribe_headers(follower),
        )
        message.attach_alternative(
            render_to_string(f"{template}.html", context), "text/html"
        )
    return message
