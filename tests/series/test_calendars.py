import zoneinfo
from datetime import UTC, datetime, timedelta
from xml.etree import ElementTree

import pytest
from icalendar import Calendar
from wagtail.models import Locale

from series.models import PublishedFacts, SoTalkSessionPage
from series.read.calendars import sessions_ical

from ..factories import SoTalkSessionPageFactory

pytestmark = pytest.mark.django_db

OSLO = zoneinfo.ZoneInfo("Europe/Oslo")
ATOM = "{http://www.w3.org/2005/Atom}"


def translation_of(page, language: str):
    return page.get_translation(Locale.objects.get(language_code=language))


def fetch_calendar(client, url: str) -> Calendar:
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def events(calendar: Calendar) -> list:
    return list(calendar.walk("VEVENT"))


def test_demo_session_is_at_the_right_instant_in_summer_time(client, nb_session):
    calendar = fetch_calendar(client, f"{nb_session.url}calendar.ics")
    [event] = events(calendar)
    start, end = event.decoded("dtstart"), event.decoded("dtend")
    assert str(start.tzinfo) == "Europe/Oslo"
    assert start.astimezone(UTC) == datetime(2021, 10, 28, 7, 0, tzinfo=UTC)
    assert end.astimezone(UTC) == datetime(2021, 10, 28, 8, 15, tzinfo=UTC)
    [zone] = calendar.walk("VTIMEZONE")
    assert zone["TZID"] == "Europe/Oslo"
    assert b"DTSTART;TZID=Europe/Oslo:20211028T090000" in calendar.to_ical()


def test_a_winter_session_is_an_hour_later_in_utc(client, series_page):
    # Summer time ended on 31 October 2021: 09:00 in Oslo is then 08:00 UTC.
    winter = SoTalkSessionPageFactory(
        parent=series_page,
        starts_at=datetime(2021, 11, 4, 9, 0, tzinfo=OSLO),
        ends_at=datetime(2021, 11, 4, 10, 0, tzinfo=OSLO),
    )
    [event] = events(fetch_calendar(client, f"{winter.url}calendar.ics"))
    assert event.decoded("dtstart").astimezone(UTC) == datetime(
        2021, 11, 4, 8, 0, tzinfo=UTC
    )


def test_each_language_shares_the_uid_and_speaks_its_own(client, upcoming_session):
    en_session = translation_of(upcoming_session, "en")
    [nb_event] = events(fetch_calendar(client, f"{upcoming_session.url}calendar.ics"))
    [en_event] = events(fetch_calendar(client, f"{en_session.url}calendar.ics"))
    assert nb_event["UID"] == en_event["UID"]
    assert str(upcoming_session.translation_key) in nb_event["UID"]
    assert nb_event["URL"].endswith(upcoming_session.url)
    assert en_event["URL"].endswith(en_session.url)
    assert (nb_event["LOCATION"], en_event["LOCATION"]) == ("Digitalt", "Online")
    assert "Holdes på engelsk" in nb_event["DESCRIPTION"]
    assert "Held in English" in en_event["DESCRIPTION"]
    assert "Ingrid Haugen (Moderator)" in en_event["DESCRIPTION"]
    assert en_event["SUMMARY"] == en_session.title
    assert en_event["STATUS"] == "CONFIRMED"


def test_event_carries_a_reminder_and_the_sequence(client, upcoming_session):
    PublishedFacts.objects.update_or_create(
        session=upcoming_session, defaults={"sequence": 3}
    )
    en_session = translation_of(upcoming_session, "en")
    [event] = events(fetch_calendar(client, f"{en_session.url}calendar.ics"))
    assert event["SEQUENCE"] == 3
    [alarm] = event.walk("VALARM")
    assert alarm["ACTION"] == "DISPLAY"
    assert alarm.decoded("trigger") == -timedelta(minutes=30)
    assert event.decoded("dtstamp").tzinfo is not None


def test_cancelled_session_is_cancelled_in_calendars(client, upcoming_session):
    SoTalkSessionPage.objects.filter(pk=upcoming_session.pk).update(
        event_status="cancelled"
    )
    [event] = events(fetch_calendar(client, f"{upcoming_session.url}calendar.ics"))
    assert event["STATUS"] == "CANCELLED"
    assert not event.walk("VALARM")


def test_public_calendars_never_carry_the_join_link(client, upcoming_session):
    assert upcoming_session.join_url
    for url in (
        f"{upcoming_session.url}calendar.ics",
        f"{upcoming_session.get_parent().url}calendar.ics",
    ):
        assert upcoming_session.join_url not in client.get(url).content.decode()


def test_registrants_calendar_has_the_join_link(upcoming_session):
    text = sessions_ical(
        [upcoming_session], language="en", method="REQUEST", include_join_url=True
    )
    calendar = Calendar.from_ical(text)
    assert calendar["METHOD"] == "REQUEST"
    [event] = events(calendar)
    assert event["LOCATION"] == upcoming_session.join_url
    assert upcoming_session.join_url in event["DESCRIPTION"]
    # The registrant's language picks the translation, whichever page is passed.
    assert event["URL"].endswith(translation_of(upcoming_session, "en").url)
    assert "mailto:" in event["ORGANIZER"]


def test_cancel_method_cancels_the_event(upcoming_session):
    text = sessions_ical([upcoming_session], language="nb", method="CANCEL")
    [event] = events(Calendar.from_ical(text))
    assert event["STATUS"] == "CANCELLED"


def test_series_calendar_lists_its_sessions_in_the_page_language(client, series_page):
    en_series = translation_of(series_page, "en")
    calendar = fetch_calendar(client, f"{en_series.url}calendar.ics")
    assert calendar["X-WR-CALNAME"] == en_series.title
    starts = [event.decoded("dtstart") for event in events(calendar)]
    assert len(starts) == 3
    assert starts == sorted(starts)
    assert all("/en/" in event["URL"] for event in events(calendar))


@pytest.mark.parametrize(
    "path",
    [
        "/nb/calendar.ics",  # the home page is neither a series nor a session
        "/nb/no-such-page/calendar.ics",
        "/en/sotalk-serie-om-1717-infrastrukturen/calendar.ics",  # the nb slug
    ],
)
def test_calendar_of_anything_else_is_404(client, path):
    assert client.get(path).status_code == 404


def test_unpublished_session_has_no_calendar(client, upcoming_session):
    url = f"{upcoming_session.url}calendar.ics"
    upcoming_session.unpublish()
    assert client.get(url).status_code == 404


def test_session_page_offers_add_to_calendar(client, upcoming_session):
    html = client.get(upcoming_session.url).content.decode()
    assert f'href="{upcoming_session.url}calendar.ics"' in html
    assert "https://calendar.google.com/calendar/render?action=TEMPLATE" in html
    start = upcoming_session.starts_at.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    assert f"dates={start}%2F" in html
    assert upcoming_session.join_url not in html


def test_past_session_offers_no_calendar(client, nb_session):
    assert "calendar.google.com" not in client.get(nb_session.url).content.decode()


# Feeds


def fetch_feed(client, url: str) -> ElementTree.Element:
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    return ElementTree.fromstring(response.content)  # noqa: S314 (our own feed)


@pytest.mark.parametrize("language", ["nb", "en"])
def test_series_feed_in_each_language(client, series_page, language):
    series = translation_of(series_page, language)
    feed = fetch_feed(client, f"{series.url}feed.xml")
    assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == language
    assert feed.findtext(f"{ATOM}title") == series.title
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 3
    links = [entry.find(f"{ATOM}link").get("href") for entry in entries]
    assert all(f"/{language}/" in link for link in links)
    # Newest session first; ids are shared by the languages of a session.
    assert links[-1].endswith("/mobilising-citizens-and-aligning-initiatives/")
    assert entries[-1].findtext(f"{ATOM}id").startswith("urn:uuid:")
    summary = entries[-1].findtext(f"{ATOM}summary")
    assert {"nb": "torsdag 28. oktober 2021", "en": "Thursday 28 October 2021"}[
        language
    ] in summary


def test_series_page_links_its_feed_and_calendar(client, series_page):
    html = client.get(series_page.url).content.decode()
    assert (
        f'<link rel="alternate" type="application/atom+xml" '
        f'title="{series_page.title}" href="{series_page.url}feed.xml">'
    ) in html
    assert f'href="{series_page.url}calendar.ics"' in html


def test_feed_of_a_session_is_404(client, upcoming_session):
    assert client.get(f"{upcoming_session.url}feed.xml").status_code == 404
