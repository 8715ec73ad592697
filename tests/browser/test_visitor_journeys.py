"""A visitor's journeys in Chromium, in Norwegian and English. Most run with JavaScript
off: the public site must work without it."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from series.models import (
    Registration,
    RegistrationQuestion,
    RegistrationStatus,
    SeriesIndexPage,
    SoTalkSessionPage,
)

from .conftest import PHONE

pytestmark = pytest.mark.browser

UPCOMING = "financing-collaboration"
UPCOMING_TITLE = "SoTalk 17.17: Financing collaboration for the sustainable city"
SMALL = "measuring-impact-together"
SERIES_TITLE = {
    "nb": "SoTalk serie om 17.17 infrastrukturen",
    "en": "SoTalk series on the 17.17 infrastructure",
}
TEXT = {
    "nb": {
        "register": "Meld deg på",
        "join_waitlist": "Sett meg på venteliste",
        "registered": "Du er påmeldt",
        "waitlisted": "Du står på venteliste",
        "already": "allerede påmeldt",
        "confirm_cancel": "Ja, meld meg av",
        "cancelled": "Du er meldt av",
        "held_in": "Holdes på engelsk",
        "full": "Fullt – venteliste åpen",
        "promoted": "Du har fått plass",
        "errors": {
            "name": "Skriv inn navnet ditt.",
            "email": "Skriv inn en e-postadresse som navn@example.no.",
            "consent": "Du må samtykke før du kan melde deg på.",
        },
    },
    "en": {
        "register": "Register",
        "join_waitlist": "Join the waiting list",
        "registered": "You're registered",
        "waitlisted": "You're on the waiting list",
        "already": "already registered",
        "confirm_cancel": "Yes, cancel my registration",
        "cancelled": "Your registration is cancelled",
        "held_in": "Held in English",
        "full": "Full – waiting list open",
        "promoted": "A seat is yours",
        "errors": {
            "name": "Enter your name.",
            "email": "Enter an e-mail address like name@example.no.",
            "consent": "You must agree before you can register.",
        },
    },
}
LANGUAGES = ["nb", "en"]


def session_page(slug: str, language: str) -> SoTalkSessionPage:
    return SoTalkSessionPage.objects.get(slug=slug, locale__language_code=language)


def fill_registration(page, *, name: str, email: str, consent: bool = True) -> None:
    form = page.locator("form.registration-form")
    form.get_by_label(re.compile(r"^(Navn|Name)$")).fill(name)
    form.get_by_label(re.compile(r"^(E-postadresse|E-mail address)$")).fill(email)
    if consent:
        form.locator("input[name=consent]").check()


def submit_registration(page) -> None:
    page.locator("form.registration-form button[type=submit]").click()


def assert_fits_the_screen(page) -> None:
    """Nothing sticks out sideways; the message names what does."""
    page.wait_for_load_state("load")  # the layout is only final once the CSS is in
    wider = page.evaluate(
        """() => {
          const width = document.documentElement.clientWidth;
          return [...document.querySelectorAll("body *")]
            .filter(el => el.getBoundingClientRect().right > width + 1)
            .map(el => el.outerHTML.slice(0, 120));
        }"""
    )
    assert not wider, f"wider than the screen: {wider}"
    assert page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_home_leads_to_the_series_and_its_session(page, shot, language):
    session = session_page(UPCOMING, language)
    page.goto(f"/{language}/")
    expect(page.locator("html")).to_have_attribute("lang", language)
    shot(page, "home")

    page.get_by_role("link", name=SERIES_TITLE[language]).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(SERIES_TITLE[language])
    shot(page, "series")

    page.get_by_role("link", name=UPCOMING_TITLE, exact=True).click()
    expect(page).to_have_url(re.compile(re.escape(session.url) + "$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(UPCOMING_TITLE)
    facts = page.locator(".facts")
    expect(facts).to_contain_text(TEXT[language]["held_in"])
    expect(facts).to_contain_text("100")  # seats left
    shot(page, "session")

    facts.get_by_role("link", name=TEXT[language]["register"]).click()
    expect(page).to_have_url(re.compile("#register$"))
    expect(page.locator("form.registration-form input[name=name]")).to_be_in_viewport()
    shot(page, "jumped to the form", full_page=False)


@pytest.mark.parametrize("language", LANGUAGES)
def test_register_then_the_same_address_again_gets_a_clear_message(
    open_page, shot, language
):
    page = open_page(javascript=False)
    session = session_page(UPCOMING, language)
    page.goto(session.url)
    fill_registration(page, name="Kari Nordmann", email="kari@example.no")
    shot(page, "form filled in")
    submit_registration(page)

    expect(page.get_by_role("heading", level=1)).to_have_text(
        TEXT[language]["registered"]
    )
    expect(page.locator(".notice--success")).to_contain_text("Kari Nordmann")
    expect(page.locator("main")).to_contain_text(UPCOMING_TITLE)
    shot(page, "confirmation")
    registration = Registration.objects.get()
    assert registration.status == RegistrationStatus.CONFIRMED
    assert registration.language == language
    assert registration.session_id == session.source.pk

    page.goto(session.url)
    fill_registration(page, name="Kari N.", email="KARI@example.no")
    submit_registration(page)
    notice = page.locator("#register .notice--error")
    expect(notice).to_contain_text(TEXT[language]["already"])
    expect(notice).to_be_focused()
    expect(page.locator("input[name=email]")).to_have_value("KARI@example.no")
    shot(page, "already registered")
    assert Registration.objects.count() == 1


@pytest.mark.parametrize("language", LANGUAGES)
def test_wrong_input_shows_each_error_at_its_field_and_keeps_what_was_typed(
    open_page, shot, language
):
    page = open_page(javascript=False)
    session = session_page(UPCOMING, language)
    RegistrationQuestion.objects.create(
        page=session,
        locale=session.locale,
        key="role",
        label={"nb": "Hva jobber du med?", "en": "What do you work with?"}[language],
        field_type="choice",
        choices="Kommune\nNæringsliv\nFrivillighet",
        required=True,
    )
    RegistrationQuestion.objects.create(
        page=session,
        locale=session.locale,
        key="wishes",
        label={"nb": "Hva vil du høre om?", "en": "What do you want to hear?"}[
            language
        ],
        field_type="textarea",
    )
    page.goto(session.url)
    form = page.locator("form.registration-form")
    form.locator("[name=email]").fill("kari(at)example.no")
    form.locator("[name=organisation]").fill("Oslo kommune")
    form.locator("[name=q_wishes]").fill("Finansiering\nog deling")
    shot(page, "form filled in wrongly")
    submit_registration(page)

    text_errors = TEXT[language]["errors"]
    errors = {  # in the order of the fields on the page
        "name": text_errors["name"],
        "email": text_errors["email"],
        "q_role": {"nb": "Dette feltet er påkrevet.", "en": "This field is required."}[
            language
        ],
        "consent": text_errors["consent"],
    }
    summary = page.locator(".error-summary")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link")).to_have_text(list(errors.values()))
    for name, message in errors.items():
        control = form.locator(f"[name={name}]").first
        field = form.locator(".field", has=page.locator(f"[name={name}]"))
        expect(field.locator(".field__error")).to_have_text(message)
        if name != "q_role":
            expect(control).to_have_attribute("aria-invalid", "true")
        described_by = (
            control.get_attribute("aria-describedby")
            or field.locator("fieldset").get_attribute("aria-describedby")
            or ""
        )
        assert f"register-{name}-error" in described_by.split(), name
    expect(form.locator("[name=name]")).to_have_value("")
    expect(form.locator("[name=email]")).to_have_value("kari(at)example.no")
    expect(form.locator("[name=organisation]")).to_have_value("Oslo kommune")
    expect(form.locator("[name=q_wishes]")).to_have_value("Finansiering\nog deling")
    expect(form.locator("[name=consent]")).not_to_be_checked()
    shot(page, "errors shown")
    assert not Registration.objects.exists()


@pytest.mark.parametrize("language", LANGUAGES)
def test_full_session_waiting_list_and_a_cancellation_promotes_the_next(
    open_page, shot, run_worker, language
):
    text = TEXT[language]
    session = session_page(SMALL, language)
    SoTalkSessionPage.objects.filter(pk=session.source.pk).update(capacity=1)
    # Moving up at once (the demo series offers freed seats for a day instead).
    SeriesIndexPage.objects.update(waitlist_offer_hours=0)

    kari = open_page(javascript=False)
    kari.goto(session.url)
    fill_registration(kari, name="Kari Nordmann", email="kari@example.no")
    submit_registration(kari)
    expect(kari.get_by_role("heading", level=1)).to_have_text(text["registered"])

    ola = open_page(javascript=False)
    ola.goto(session.url)
    expect(ola.locator(".facts")).to_contain_text(text["full"])
    expect(ola.locator(".registration .notice--warning")).to_be_visible()
    shot(ola, "session is full")
    fill_registration(ola, name="Ola Nordmann", email="ola@example.no")
    ola.get_by_role("button", name=text["join_waitlist"]).click()
    expect(ola.get_by_role("heading", level=1)).to_have_text(text["waitlisted"])
    shot(ola, "on the waiting list")

    run_worker()
    confirmation = next(m for m in mail.outbox if m.to == ["kari@example.no"])
    html = next(body for body, kind in confirmation.alternatives if kind == "text/html")
    mail.outbox.clear()
    kari.set_content(html)
    shot(kari, "confirmation e-mail")
    kari.locator("a[href*='/cancel/']").click()
    expect(kari).to_have_url(re.compile(rf"/{language}/registrations/.+/cancel/$"))
    shot(kari, "cancel asks first")
    kari.get_by_role("button", name=text["confirm_cancel"]).click()
    expect(kari.locator(".notice--success")).to_contain_text(text["cancelled"])
    shot(kari, "cancelled")

    statuses = dict(Registration.objects.values_list("email", "status"))
    assert statuses == {
        "kari@example.no": RegistrationStatus.CANCELLED,
        "ola@example.no": RegistrationStatus.CONFIRMED,
    }
    run_worker()
    promoted = [m for m in mail.outbox if m.to == ["ola@example.no"]]
    assert len(promoted) == 1
    assert promoted[0].subject.startswith(text["promoted"])
    ola.reload()  # Ola's own page (where the waiting list was) now shows the seat
    expect(ola.get_by_role("heading", level=1)).to_have_text(text["registered"])
    shot(ola, "promoted")
    html = next(body for body, kind in promoted[0].alternatives if kind == "text/html")
    ola.set_content(html)
    shot(ola, "promoted e-mail")


def test_language_switcher_keeps_the_visitor_on_the_same_session(page, shot):
    nb, en = session_page(UPCOMING, "nb"), session_page(UPCOMING, "en")
    page.goto(nb.url)
    switcher = page.get_by_role("navigation", name="Språk")
    switcher.get_by_role("link", name="English").click()
    expect(page).to_have_url(re.compile(re.escape(en.url) + "$"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text(UPCOMING_TITLE)
    shot(page, "switched to English")

    switcher = page.get_by_role("navigation", name="Language")
    switcher.get_by_role("link", name="Norsk (bokmål)").click()
    expect(page).to_have_url(re.compile(re.escape(nb.url) + "$"))
    expect(page.locator("html")).to_have_attribute("lang", "nb")
    shot(page, "back to Norwegian")


@pytest.mark.parametrize("language", LANGUAGES)
def test_calendar_file_downloads_with_the_session(open_page, language):
    page = open_page(javascript=False)
    session = session_page(UPCOMING, language)
    page.goto(session.url)
    link = page.locator(f"a[href='{session.url}calendar.ics']")
    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename.endswith(".ics")
    ics = download.value.path().read_text(encoding="utf-8")
    unfolded = ics.replace("\r\n ", "")
    assert unfolded.startswith("BEGIN:VCALENDAR")
    assert f"SUMMARY:{UPCOMING_TITLE}" in unfolded
    start = session.source.local_starts_at.strftime("%Y%m%dT%H%M%S")
    assert f"DTSTART;TZID=Europe/Oslo:{start}" in unfolded


@pytest.mark.parametrize("language", LANGUAGES)
def test_phone_visitor_finds_and_registers(open_page, shot, language):
    page = open_page(viewport=PHONE, javascript=False)
    page.goto(f"/{language}/")
    assert_fits_the_screen(page)
    shot(page, "home")
    page.get_by_role("link", name=SERIES_TITLE[language]).click()
    assert_fits_the_screen(page)
    shot(page, "series")
    page.get_by_role("link", name=UPCOMING_TITLE, exact=True).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(UPCOMING_TITLE)
    assert_fits_the_screen(page)
    shot(page, "session")
    page.locator(".facts").get_by_role("link", name=TEXT[language]["register"]).click()
    fill_registration(page, name="Kari Nordmann", email="kari@example.no")
    submit_registration(page)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        TEXT[language]["registered"]
    )
    assert_fits_the_screen(page)
    shot(page, "confirmation")
    assert Registration.objects.filter(email="kari@example.no").exists()
