"""'Add to calendar' links for Google Calendar and Outlook (personal and Microsoft
365): the event in the link itself, so the entry is complete without a file."""

from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urlencode

from ..models import SessionFormat, SoTalkSessionPage

GOOGLE = "https://calendar.google.com/calendar/render?"
OUTLOOK = "https://outlook.live.com/calendar/0/deeplink/compose?"
OFFICE_365 = "https://outlook.office.com/calendar/0/deeplink/compose?"


@dataclass(frozen=True)
class CalendarLinks:
    ics: str
    google: str
    outlook: str
    office365: str


def _utc(value: datetime, pattern: str) -> str:
    return value.astimezone(UTC).strftime(pattern)


def calendar_links(
    page: SoTalkSessionPage, *, url: str, ics_url: str, join_link: str = ""
) -> CalendarLinks:
    """Links that add the session (a page in the reader's language) to a calendar;
    `join_link`, a registrant's personal link, only in their own pages and e-mails."""
    event = page.source
    details = "\n\n".join(part for part in (page.lead, join_link, url) if part)
    where = join_link if event.format == SessionFormat.ONLINE else event.venue
    google = {
        "action": "TEMPLATE",
        "text": page.title,
        "dates": f"{_utc(event.starts_at, '%Y%m%dT%H%M%SZ')}/"
        f"{_utc(event.ends_at, '%Y%m%dT%H%M%SZ')}",
        "details": details,
        "ctz": str(page.tz),
    }
    outlook = {
        "path": "/calendar/action/compose",
        "rru": "addevent",
        "subject": page.title,
        "startdt": _utc(event.starts_at, "%Y-%m-%dT%H:%M:%SZ"),
        "enddt": _utc(event.ends_at, "%Y-%m-%dT%H:%M:%SZ"),
        "body": details,
    }
    if where:
        google["location"] = where
        outlook["location"] = where
    return CalendarLinks(
        ics=ics_url,
        google=GOOGLE + urlencode(google),
        outlook=OUTLOOK + urlencode(outlook),
        office365=OFFICE_365 + urlencode(outlook),
    )
