"""Following a series in Chromium, in Norwegian and English: the form (and its
errors), the confirmation e-mail's link, the announcement's pre-filled register
link, and unsubscribing in one click; axe on every page state."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from series.models import Follower, SeriesIndexPage

from ..factories import SoTalkSessionPageFactory
from .test_accessibility import axe_violations, describe

pytestmark = pytest.mark.browser

ADDRESS = "folger@example.no"
TEXT = {
    "nb": {
        "follow": "Følg serien",
        "email": "E-postadresse",
        "consent": "Jeg godtar",
        "error": "Skriv inn en e-postadresse som navn@example.no.",
        "sent": "Sjekk innboksen din",
        "confirm": "Bekreft at du følger serien",
        "confirm_button": "Bekreft og følg serien",
        "following": "Du følger serien",
        "new": "Nytt arrangement: ",
        "register": "Meld deg på",
        "unsubscribe": "Slutt å følge",
        "unsubscribe_button": "Ja, slutt å følge serien",
        "unsubscribed": "Du følger ikke serien lenger",
        "register_each": "Meld meg på hvert nytt arrangement",
        "save": "Lagre endringer",
        "name_missing": "Skriv navnet ditt, så vi kan melde deg på.",
        "saved": "Endringene er lagret.",
    },
    "en": {
        "follow": "Follow the series",
        "email": "E-mail address",
        "consent": "I agree",
        "error": "Enter an e-mail address like name@example.no.",
        "sent": "Check your inbox",
        "confirm": "Confirm that you follow the series",
        "confirm_button": "Confirm and follow",
        "following": "You follow the series",
        "new": "New session: ",
        "register": "Register",
        "unsubscribe": "Unsubscribe",
        "unsubscribe_button": "Yes, unsubscribe",
        "unsubscribed": "You have unsubscribed",
        "register_each": "Register me for each new session",
        "save": "Save changes",
        "name_missing": "Enter your name, so that we can register you.",
        "saved": "Your changes are saved.",
    },
}


def assert_accessible(page) -> None:
    expect(page.locator("h1")).to_be_visible()
    violations = axe_violations(page)
    assert not violations, f"{page.url}:\n{describe(violations)}"


def html_link(message, path_part: str) -> str:
    html = next(body for body, kind in message.alternatives if kind == "text/html")
    found = re.search(rf'href="([^"]*{path_part}[^"]*)"', html)
    assert found, f"no link with {path_part} in the e-mail"
    return found.group(1)


def mail_to(address: str) -> list:
    return [m for m in mail.outbox if m.to == [address]]


@pytest.mark.parametrize("language", ["nb", "en"])
def test_follow_confirm_and_unsubscribe_in_one_click(
    open_page, shot, run_worker, language
):
    text = TEXT[language]
    series = SeriesIndexPage.objects.get(locale__language_code=language)
    SeriesIndexPage.objects.update(announce_delay_hours=0)
    page = open_page()
    page.goto(series.url)
    follow = page.get_by_role("region", name=text["follow"])
    expect(follow).to_be_visible()
    assert_accessible(page)

    # A wrong address: the error at its field, the input kept.
    follow.get_by_label(text["email"], exact=True).fill("ikke-en-adresse")
    follow.get_by_label(text["consent"]).check()
    follow.get_by_role("button", name=text["follow"]).click()
    expect(page.locator(".error-summary")).to_contain_text(text["error"])
    expect(follow.get_by_label(text["email"], exact=True)).to_have_value(
        "ikke-en-adresse"
    )
    shot(page, "follow form with an error")
    assert_accessible(page)

    follow.get_by_label(text["email"], exact=True).fill(ADDRESS)
    follow.get_by_role("button", name=text["follow"]).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(text["sent"])
    assert_accessible(page)
    run_worker()
    [confirmation] = mail_to(ADDRESS)
    follower = Follower.objects.get()
    assert follower.language == language
    assert follower.confirmed_at is None

    page.goto(html_link(confirmation, "/confirm/"))
    expect(page.get_by_role("heading", level=1)).to_have_text(text["confirm"])
    expect(page.locator("html")).to_have_attribute("lang", language)
    assert_accessible(page)
    page.get_by_role("button", name=text["confirm_button"]).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(text["following"])
    shot(page, "following")
    assert_accessible(page)

    # Registered for each new session instead: a name is needed, then it is saved.
    page.get_by_label(text["register_each"]).check()
    page.get_by_role("button", name=text["save"]).click()
    expect(page.locator(".error-summary")).to_contain_text(text["name_missing"])
    assert_accessible(page)
    page.locator("#follow-name").fill("Ola Nordmann")
    page.get_by_role("button", name=text["save"]).click()
    expect(page.get_by_role("status").first).to_contain_text(text["saved"])
    expect(page.get_by_label(text["register_each"])).to_be_checked()
    shot(page, "choice changed")
    assert_accessible(page)
    Follower.objects.update(mode="announce")  # the rest of the journey is told

    source_series = SeriesIndexPage.objects.get(locale__language_code="nb")
    session = SoTalkSessionPageFactory(parent=source_series)
    session.save_revision().publish()
    run_worker()
    announcement = mail_to(ADDRESS)[-1]
    assert announcement.subject == f"{text['new']}{session.title}"
    assert announcement.extra_headers["List-Unsubscribe-Post"] == (
        "List-Unsubscribe=One-Click"
    )
    page.goto(html_link(announcement, "/register/"))
    form = page.locator("form.registration-form").first
    expect(form.get_by_label(text["email"], exact=True)).to_have_value(ADDRESS)
    shot(page, "register link with the address filled in")
    assert_accessible(page)

    page.goto(html_link(announcement, "/unsubscribe/"))
    expect(page.get_by_role("heading", level=1)).to_have_text(text["unsubscribe"])
    assert_accessible(page)
    page.get_by_role("button", name=text["unsubscribe_button"]).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(text["unsubscribed"])
    shot(page, "unsubscribed")
    assert_accessible(page)
    assert not Follower.objects.exists()


@pytest.mark.parametrize("language", ["nb", "en"])
def test_a_mail_clients_one_click_unsubscribe(open_page, run_worker, language):
    from series.domain.following import FollowRequest, follow_confirm, follow_request

    series = SeriesIndexPage.objects.get(locale__language_code=language)
    follower = follow_request(
        series=series, request=FollowRequest(email=ADDRESS, language=language)
    )
    follow_confirm(follower=follower)
    run_worker()
    [message] = mail_to(ADDRESS)
    url = re.fullmatch(r"<(.+)>", message.extra_headers["List-Unsubscribe"])[1]
    assert f"/{language}/following/" in url
    page = open_page()
    # RFC 8058: a POST with this body, no cookies, no token.
    response = page.request.post(
        url,
        data="List-Unsubscribe=One-Click",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert response.status == 200
    assert not Follower.objects.exists()
