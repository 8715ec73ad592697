"""What people see: the session page in both languages and sizes, the Norwegian
admin dashboard; the screenshots are the record of the look."""

import re

import pytest
from django.contrib.auth.models import User
from django.utils.translation import gettext, override
from playwright.sync_api import expect
from wagtail.users.models import UserProfile

from series.models import SoTalkSessionPage

from .conftest import DESKTOP, PHONE

pytestmark = pytest.mark.browser

UPCOMING = "financing-collaboration"
PAST = "mobilising-citizens-and-aligning-initiatives"
PASSWORD = "a long editor passphrase"


def session_page(slug: str, language: str) -> SoTalkSessionPage:
    return SoTalkSessionPage.objects.get(slug=slug, locale__language_code=language)


@pytest.mark.parametrize("language", ["nb", "en"])
def test_session_page_screenshots(open_page, shot, language):
    for size, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        page = open_page(viewport=viewport)
        for slug in (UPCOMING, PAST):
            page.goto(session_page(slug, language).url)
            shot(page, f"{slug} {size} first screen", full_page=False)
            shot(page, f"{slug} {size}")
        page.goto(f"/{language}/")
        shot(page, f"home {size}")


def test_norwegian_admin_dashboard_screenshot(page, shot, live):
    user = User.objects.create_superuser("redaktor", "redaktor@example.no", PASSWORD)
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "nb"
    profile.save(update_fields=["preferred_language"])
    page.goto("/admin/login/")
    page.locator("#id_username").fill(user.username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("form button[type=submit]").click()
    expect(page.locator("main")).to_be_visible()
    shot(page, "dashboard nb")


REGISTER = {"nb": "Meld deg på", "en": "Register"}
ONE_LINE = """el => el.getBoundingClientRect().height
  < 1.5 * parseFloat(getComputedStyle(el.parentElement).lineHeight)"""
ASK_FOR_THE_SEAT = (
    "Can't come after all? Please cancel so that someone else can have your seat:"
)


def register(session, email: str, language: str):
    from series.domain.registration import Registrant, registration_create

    return registration_create(
        session=session,
        registrant=Registrant(
            name="Kari Nordmann",
            email=email,
            language=language,
            consent_version=f"{language}-test",
        ),
    )


@pytest.mark.parametrize("language", ["nb", "en"])
def test_phone_shows_the_register_button_in_the_first_screen(open_page, shot, language):
    page = open_page(viewport=PHONE, javascript=False)
    page.goto(session_page(UPCOMING, language).url)
    button = page.locator(".facts").get_by_role("link", name=REGISTER[language])
    expect(button).to_be_in_viewport(ratio=1)
    assert button.evaluate("el => getComputedStyle(el).position") == "static"
    shot(page, "first screen", full_page=False)
    button.click()
    expect(page.locator("#register-name")).to_be_visible()
    # The hours never break across lines: "kl. 09.00–10.15 (CET)" is one line.
    for when in page.locator(".nowrap").all():
        assert when.evaluate(ONE_LINE), when.inner_text()


@pytest.mark.parametrize("language", ["nb", "en"])
def test_past_session_tells_the_truth_about_speakers_and_recording(
    page, shot, language
):
    past = session_page(PAST, language)
    assert not past.session_speakers.exists()
    page.goto(past.url)
    main = page.locator("main")
    expect(main).not_to_contain_text(
        {"nb": "Innledere kommer snart", "en": "announced soon"}[language]
    )
    expect(
        main.get_by_role("heading", name=re.compile("Innledere|Speakers"))
    ).to_have_count(0)
    expect(
        main.get_by_role("heading", name=re.compile("Opptak|Recording"))
    ).to_have_count(0)
    expect(page.locator(".facts__note")).to_be_visible()
    shot(page, "past, no recording")

    # As an editor adds it: published on the source, synchronised to translations.
    source = session_page(PAST, "nb")
    source.recording_url = "https://video.example.org/sotalk-17-17"
    source.save_revision().publish()
    page.goto(past.url)
    watch = {"nb": "Se opptaket", "en": "Watch the recording"}[language]
    expect(page.locator("#recording")).to_be_visible()
    page.locator(".facts").get_by_role("link", name=watch).click()
    expect(page.locator("#recording")).to_be_in_viewport()
    page.goto(past.series.url)
    card = page.locator(".session-card", has_text=past.title)
    expect(card.get_by_role("link", name=re.compile(watch))).to_have_attribute(
        "href", "https://video.example.org/sotalk-17-17"
    )
    shot(page, "series with a past session's recording")


@pytest.mark.parametrize("language", ["nb", "en"])
def test_cards_show_time_zone_format_language_state_and_register(page, language):
    page.goto(f"/{language}/")
    card = page.locator(".session-card").first
    expect(card.locator(".tz")).to_have_text(re.compile(r"\(CES?T\)"))
    expect(card.locator(".session-card__meta")).to_contain_text(
        {"nb": "Holdes på engelsk", "en": "Held in English"}[language]
    )
    expect(card.locator(".badge")).to_be_visible()
    link = card.get_by_role("link", name=re.compile(REGISTER[language]))
    expect(link).to_have_attribute("href", re.compile("#register$"))
    picture = card.locator("picture")
    expect(picture.locator("source[type='image/avif']")).to_have_count(1)
    img = picture.locator("img")
    assert img.get_attribute("width") and img.get_attribute("height")


def test_duplicate_registration_links_to_the_page_that_resends(page, shot):
    session = session_page(UPCOMING, "nb")
    register(session.source, "kari@example.no", "nb")
    page.goto(session.url)
    form = page.locator("form.registration-form")
    form.locator("[name=name]").fill("Kari Nordmann")
    form.locator("[name=email]").fill("kari@example.no")
    form.locator("[name=consent]").check()
    form.locator("button[type=submit]").click()
    notice = page.locator(".notice--error")
    expect(notice).to_contain_text("allerede påmeldt")
    shot(page, "already registered", full_page=False)
    notice.get_by_role("link").click()
    expect(page).to_have_url(re.compile("/nb/registrations/find/$"))


def test_switcher_on_a_page_without_translation_says_so(page, shot, live):
    nb = session_page(UPCOMING, "nb")
    SoTalkSessionPage.objects.filter(pk=session_page(UPCOMING, "en").pk).update(
        live=False
    )
    page.goto(nb.url)
    page.get_by_role("navigation", name="Språk").get_by_role("link").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("main h1")).to_have_text(
        "This page is not available in English"
    )
    shot(page, "missing translation")
    expect(page.get_by_role("link", name=nb.title)).to_have_attribute("href", nb.url)
    page.get_by_role("link", name="Go to the home page in English").click()
    expect(page).to_have_url(f"{live.url}/en/")
    # From the missing page, the other language leads back to the page itself.
    page.go_back()
    page.get_by_role("navigation", name="Language").get_by_role("link").click()
    expect(page).to_have_url(f"{live.url}{nb.url}")


@pytest.mark.parametrize("language", ["nb", "en"])
def test_home_title_favicon_and_statement_link(page, live, language):
    response = page.goto(f"/{language}/")
    title = page.title()
    assert title.count("SoTalk") == 1, title
    icon = page.locator("link[rel=icon]").get_attribute("href")
    assert page.request.get(icon).ok
    page.goto(session_page(UPCOMING, language).url)
    assert page.title().endswith(" · SoTalk")
    statement = {"nb": "Tilgjengelighetserklæring", "en": "Accessibility statement"}
    page.locator("footer").get_by_role("link", name=statement[language]).click()
    expect(page.locator("main h1")).to_have_text(statement[language])
    expect(page.locator("html")).to_have_attribute("lang", language)
    assert response.ok


def test_waiting_list_email_does_not_ask_for_a_seat_back(live):
    from series.models import EmailDelivery
    from series.outbox.messages import build_message

    small = session_page("measuring-impact-together", "nb")
    SoTalkSessionPage.objects.filter(pk=small.source.pk).update(capacity=0)
    for language in ("nb", "en"):
        registration = register(small.source, f"{language}@example.no", language)
        assert registration.status == "waitlisted"
        delivery = EmailDelivery.objects.get(registration=registration)
        message = build_message(delivery)
        html = message.alternatives[0][0]
        with override(language):
            asks_for_the_seat = gettext(ASK_FOR_THE_SEAT)
            leave = gettext("Leave the waiting list")
        assert asks_for_the_seat != leave
        assert asks_for_the_seat not in message.body
        assert asks_for_the_seat not in html
        assert leave in html


def test_editor_sees_the_time_zone_and_how_the_time_reads(page, shot, live):
    user = User.objects.create_superuser("redaktor", "redaktor@example.no", PASSWORD)
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "nb"
    profile.save(update_fields=["preferred_language"])
    log_in(page, user)
    session = session_page(PAST, "nb")
    page.goto(f"/admin/pages/{session.pk}/edit/")
    panel = page.locator("[data-series-time-panel]")
    expect(panel).to_contain_text("Europe/Oslo")
    expect(panel).to_contain_text("torsdag 28. oktober 2021 kl. 09.00–10.15 (CEST)")
    expect(panel).to_contain_text("Thursday 28 October 2021, 09:00–10:15 (CEST)")
    panel.scroll_into_view_if_needed()
    shot(page, "time zone panel", full_page=False)


def log_in(page, user) -> None:
    page.goto("/admin/login/")
    page.locator("#id_username").fill(user.username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("form button[type=submit]").click()
    expect(page.locator("main")).to_be_visible()
