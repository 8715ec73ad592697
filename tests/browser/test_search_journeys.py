"""Search, the accommodations question and sharing, in Chromium, in Norwegian and
English; axe (WCAG 2.2 A and AA) on each new page state."""

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from series.models import Registration, SoTalkSessionPage

from .test_accessibility import axe_violations, describe

pytestmark = pytest.mark.browser

UPCOMING = "financing-collaboration"
TEXT = {
    "nb": {
        "search_label": "Søk etter arrangementer, serier og innledere",
        "search": "Søk",
        # The demo's session texts are in English on the Norwegian site too.
        "results_for": "Søkeresultater for «financing»",
        "seats": "ledige plasser",
        "register": "Meld deg på",
        "empty": "Skriv et ord eller to",
        "nothing": "Ingen treff på «xylofon».",
        "too_long": "Bruk høyst 200 tegn.",
        "query": "financing",
        "question": "Trenger du tilrettelegging?",
        "interpreter": "Tegnspråktolk",
        "other": "Annet",
        "describe": "Beskriv hva du trenger",
        "other_error": (
            "Beskriv tilretteleggingen du trenger, eller fjern haken ved «Annet»."
        ),
        "received": "Du er påmeldt",
        "copy": "Kopier lenken",
        "copied": "Lenken er kopiert",
    },
    "en": {
        "search_label": "Search sessions, series and speakers",
        "search": "Search",
        "results_for": "Search results for “financing”",
        "seats": "seats left",
        "register": "Register",
        "empty": "Write a word or two",
        "nothing": "Nothing matches “xylofon”.",
        "too_long": "Use at most 200 characters.",
        "query": "financing",
        "question": "Do you need any accommodations?",
        "interpreter": "Sign-language interpreter",
        "other": "Other",
        "describe": "Describe what you need",
        "other_error": "Describe the accommodation you need, or untick “Other”.",
        "received": "You're registered",
        "copy": "Copy link",
        "copied": "Link copied",
    },
}


def assert_axe_clean(page, state: str) -> None:
    violations = axe_violations(page)
    assert not violations, f"{state}:\n{describe(violations)}"


@pytest.fixture
def indexed(live):
    """The demo in the search index, as the worker leaves it after seeding."""
    call_command("update_index", verbosity=0)


@pytest.mark.parametrize("language", ["nb", "en"])
def test_search_from_the_home_page_shows_sessions_with_their_state(
    page, shot, indexed, language
):
    text = TEXT[language]
    page.goto(f"/{language}/")
    page.get_by_label(text["search_label"]).fill(text["query"])
    page.get_by_role("button", name=text["search"], exact=True).click()
    expect(page.locator("main h1")).to_have_text(text["results_for"])
    card = page.locator("article.session-card").first
    expect(card).to_contain_text(text["seats"])
    expect(card.locator(".tz")).to_have_text("(CET)")
    expect(card.get_by_role("link", name=text["register"])).to_be_visible()
    shot(page, "results")
    assert_axe_clean(page, "results")

    card.get_by_role("link", name=text["register"]).click()
    expect(page).to_have_url(f"{page.url.split('#')[0]}#register")


@pytest.mark.parametrize("language", ["nb", "en"])
def test_empty_nothing_found_and_bad_searches_say_what_to_do(
    page, shot, indexed, language
):
    text = TEXT[language]
    states = {
        "empty": ("", text["empty"]),
        "nothing": ("xylofon", text["nothing"]),
        "too-long": ("x" * 201, text["too_long"]),
    }
    for state, (query, message) in states.items():
        page.goto(f"/{language}/search/?q={query}")
        expect(page.locator("main")).to_contain_text(message)
        shot(page, state)
        assert_axe_clean(page, state)


@pytest.mark.parametrize("language", ["nb", "en"])
def test_register_answering_the_accommodations_question(page, shot, live, language):
    text = TEXT[language]
    session = SoTalkSessionPage.objects.get(
        slug=UPCOMING, locale__language_code=language
    )
    page.goto(session.url)
    form = page.locator("form.registration-form")
    expect(form.locator("legend", has_text=text["question"])).to_be_visible()
    assert_axe_clean(page, "form with the question")
    form.get_by_label(text["interpreter"]).check()
    form.get_by_label(text["other"], exact=True).check()
    form.locator("[name=name]").fill("Kari Nordmann")
    form.locator("[name=email]").fill("kari@example.no")
    form.locator("[name=consent]").check()
    form.locator("button[type=submit]").click()
    summary = page.locator(".error-summary")
    expect(summary).to_contain_text(text["other_error"])
    shot(page, "other without words")
    assert_axe_clean(page, "question with an error")

    summary.get_by_role("link", name=text["other_error"]).click()
    expect(page.get_by_label(text["describe"])).to_be_focused()
    page.get_by_label(text["describe"]).fill("Teleslynge")
    page.locator("form.registration-form button[type=submit]").click()
    expect(page.locator("main h1")).to_contain_text(text["received"])
    registration = Registration.objects.get(email="kari@example.no")
    assert registration.access_needs == ["sign_language", "other"]
    assert registration.access_needs_other == "Teleslynge"


@pytest.mark.parametrize("language", ["nb", "en"])
def test_copy_link_copies_and_says_so(open_page, shot, live, language):
    text = TEXT[language]
    session = SoTalkSessionPage.objects.get(
        slug=UPCOMING, locale__language_code=language
    )
    page = open_page()
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto(session.url)
    page.get_by_role("link", name=text["copy"]).click()
    expect(page.locator(".share [role=status]")).to_have_text(text["copied"])
    assert page.evaluate("navigator.clipboard.readText()") == page.url
    shot(page, "link copied")
    assert_axe_clean(page, "link copied")

    # Without JavaScript it is a link to the page itself.
    plain = open_page(javascript=False)
    plain.goto(session.url)
    href = plain.get_by_role("link", name=text["copy"]).get_attribute("href")
    assert href == f"{live.url}{session.url}"
