"""A registrant's journeys after registering, in Chromium: claiming a seat offered
from the waiting list, and the personal join link before and inside its window.
Each in Norwegian and English, on a desktop and a phone, checked with axe."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from series.domain.registration import registration_cancel
from series.formatting import format_datetime
from series.models import (
    Registration,
    RegistrationStatus,
    SeriesIndexPage,
    SoTalkSessionPage,
)

from .conftest import DESKTOP, PHONE
from .test_accessibility import axe_violations, describe, register, session_page
from .test_visitor_journeys import assert_fits_the_screen

pytestmark = pytest.mark.browser

UPCOMING = "financing-collaboration"
SMALL = "measuring-impact-together"
SIZES = {"desktop": DESKTOP, "phone": PHONE}
TEXT = {
    "nb": {
        "claim_heading": "Ta plassen din",
        "claim_button": "Ta plassen",
        "held_until": "Vi holder av plassen til",
        "registered": "Du er påmeldt",
        "join_heading": "Bli med på arrangementet",
        "opens": "Lenken åpner",
        "calendar": "Legg til i kalenderen",
    },
    "en": {
        "claim_heading": "Claim your seat",
        "claim_button": "Claim my seat",
        "held_until": "We hold it for you until",
        "registered": "You're registered",
        "join_heading": "Join the session",
        "opens": "The link opens",
        "calendar": "Add to calendar",
    },
}
# Each journey runs in both languages at both sizes.
JOURNEYS = pytest.mark.parametrize(
    ("language", "size"),
    [(language, size) for language in TEXT for size in SIZES],
)


def assert_accessible(page, size: str) -> None:
    """axe finds no WCAG 2.2 A/AA violation; on a phone, nothing sticks out sideways."""
    expect(page.locator("h1")).to_be_visible()
    violations = axe_violations(page)
    assert not violations, f"{page.url}:\n{describe(violations)}"
    if size == "phone":
        assert_fits_the_screen(page)


def html_part(message) -> str:
    return next(body for body, kind in message.alternatives if kind == "text/html")


def mail_to(address: str) -> list:
    return [m for m in mail.outbox if m.to == [address]]


@JOURNEYS
def test_claiming_a_seat_offered_from_the_waiting_list(
    open_page, shot, run_worker, language, size
):
    text = TEXT[language]
    session = session_page(SMALL, language)
    source = session.source
    SoTalkSessionPage.objects.filter(pk=source.pk).update(capacity=1)
    SeriesIndexPage.objects.update(waitlist_offer_hours=24)
    source.refresh_from_db()
    first = register(source, "first@example.no", language)
    second = register(source, "second@example.no", language)
    assert (first.status, second.status) == ("confirmed", "waitlisted")

    registration_cancel(registration=first)
    run_worker()
    second.refresh_from_db()
    assert second.status == RegistrationStatus.OFFERED
    [offer] = mail_to("second@example.no")[-1:]
    claim_path = f"/{language}/registrations/{second.token}/claim/"
    claim_link = re.search(rf'href="([^"]*{re.escape(claim_path)})"', html_part(offer))
    assert claim_link, "the offer e-mail links to the claim page"

    page = open_page(viewport=SIZES[size])
    page.goto(claim_link.group(1))
    expect(page.locator("html")).to_have_attribute("lang", language)
    expect(page.get_by_role("heading", level=1)).to_have_text(text["claim_heading"])
    deadline = format_datetime(second.offer_expires_at, source.tz, language)
    expect(page.locator("main")).to_contain_text(f"{text['held_until']} {deadline}")
    expect(page.locator("main")).to_contain_text(session.title)
    shot(page, "offer")
    assert_accessible(page, size)

    mail.outbox.clear()
    page.get_by_role("button", name=text["claim_button"], exact=True).click()
    expect(page).to_have_url(
        re.compile(rf"/{language}/registrations/{re.escape(second.token)}/$")
    )
    expect(page.get_by_role("heading", level=1)).to_have_text(text["registered"])
    shot(page, "confirmed")
    assert_accessible(page, size)
    second.refresh_from_db()
    assert second.status == RegistrationStatus.CONFIRMED
    run_worker()
    [confirmation] = mail_to("second@example.no")
    assert f"/{language}/registrations/{second.token}/join/" in confirmation.body


def registered_with_join_link(source, language: str, run_worker) -> tuple:
    """A confirmed registration, the personal join link its confirmation carries and
    that e-mail's HTML."""
    registration = register(source, "kari@example.no", language)
    assert registration.status == RegistrationStatus.CONFIRMED
    run_worker()
    [confirmation] = mail_to("kari@example.no")
    join_path = f"/{language}/registrations/{registration.token}/join/"
    join_link = re.search(
        rf'href="([^"]*{re.escape(join_path)})"', html_part(confirmation)
    )
    assert join_link, "the confirmation links to the personal join page"
    assert source.join_url not in confirmation.body
    return registration, join_link.group(1), html_part(confirmation)


def move_session(source: SoTalkSessionPage, *, starts_in: timedelta) -> None:
    starts_at = timezone.now() + starts_in
    SoTalkSessionPage.objects.filter(pk=source.pk).update(
        starts_at=starts_at, ends_at=starts_at + timedelta(hours=1)
    )
    source.refresh_from_db()


@JOURNEYS
def test_join_link_inside_the_window_redirects_to_the_webinar_and_records_the_join(
    open_page, shot, run_worker, language, size
):
    source = session_page(UPCOMING, language).source
    registration, join_link, confirmation_html = registered_with_join_link(
        source, language, run_worker
    )
    move_session(source, starts_in=timedelta(minutes=10))
    assert source.join_url.startswith("https://meet.example.org/")

    page = open_page(viewport=SIZES[size])
    page.set_content(confirmation_html)
    shot(page, "confirmation e-mail with the personal join link")
    # Playwright routes no redirect a navigation follows, so the webinar host could
    # not be faked there: the browser's own request API stops at the 302 instead.
    response = page.request.get(join_link, max_redirects=0)
    assert response.status == 302
    assert response.headers["location"] == source.join_url
    assert "no-store" in response.headers["cache-control"]
    registration.refresh_from_db()
    assert registration.joined_at is not None
    first_join = registration.joined_at

    again = page.request.get(join_link, max_redirects=0)  # a second click: same place
    assert again.headers["location"] == source.join_url
    registration.refresh_from_db()
    assert registration.joined_at == first_join
    assert list(Registration.objects.attended()) == [registration]


@JOURNEYS
def test_join_link_before_the_window_says_when_it_opens_with_calendar_links(
    open_page, shot, run_worker, language, size
):
    text = TEXT[language]
    session = session_page(UPCOMING, language)
    source = session.source
    registration, join_link, _html = registered_with_join_link(
        source, language, run_worker
    )
    move_session(source, starts_in=timedelta(days=3))
    opens_at, _closes_at = source.join_window()

    page = open_page(viewport=SIZES[size])
    page.goto(join_link)
    expect(page).to_have_url(join_link)
    expect(page.locator("html")).to_have_attribute("lang", language)
    expect(page.get_by_role("heading", level=1)).to_have_text(text["join_heading"])
    main = page.locator("main")
    expect(main).to_contain_text(session.title)
    opens = format_datetime(opens_at, source.tz, language)
    expect(main.locator(".notice--warning")).to_contain_text(f"{text['opens']} {opens}")
    calendar = page.get_by_role("region", name=text["calendar"])
    expect(calendar.get_by_role("link")).to_have_count(4)
    ics = f"/{language}/registrations/{registration.token}/calendar.ics"
    expect(calendar.locator(f"a[href$='{ics}']")).to_have_count(1)
    expect(calendar.locator("a[href*='calendar.google.com']")).to_have_count(1)
    expect(calendar.locator("a[href*='outlook.live.com']")).to_have_count(1)
    expect(calendar.locator("a[href*='outlook.office.com']")).to_have_count(1)
    expect(main).not_to_contain_text(source.join_url)
    shot(page, "join not open yet")
    assert_accessible(page, size)
    registration.refresh_from_db()
    assert registration.joined_at is None
    assert Registration.objects.attended().count() == 0
