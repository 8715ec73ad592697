"""Tags for a registrant's own pages: their calendar links, with their join link."""

from django import template
from django.urls import reverse

from ..models import RegistrationStatus, SessionFormat
from ..read.calendar_links import CalendarLinks, calendar_links
from ..read.sessions import page_url

register = template.Library()


@register.simple_tag(takes_context=True)
def registrant_calendar_links(context, registration, session) -> CalendarLinks:
    """.ics, Google and Outlook links for a registrant; confirmed online registrants'
    entries carry their personal join link."""
    request = context["request"]
    token = registration.token
    join_link = ""
    if (
        registration.status == RegistrationStatus.CONFIRMED
        and registration.session.format != SessionFormat.IN_PERSON
    ):
        join_link = request.build_absolute_uri(
            reverse("series:registration_join", args=[token])
        )
    return calendar_links(
        session,
        url=page_url(session, request) if session.live else "",
        ics_url=reverse("series:registration_calendar", args=[token]),
        join_link=join_link,
    )
