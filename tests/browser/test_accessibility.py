"""WCAG 2.2 A and AA: axe-core on every public page state in both languages and both
sizes, keyboard use, languages. The 2.2 criteria axe cannot check: test_wcag22.py."""

import json
import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from home.models import AccessibilityStatementPage
from series.models import Registration, RegistrationQuestion, SoTalkSessionPage

from .conftest import DESKTOP, PHONE

pytestmark = pytest.mark.browser

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
SIZES = {"desktop": DESKTOP, "phone": PHONE}
UPCOMING = "financing-collaboration"
PAST = "mobilising-citizens-and-aligning-initiatives"
SMALL = "measuring-impact-together"  # capacity 3
REGISTER = {"nb": "Meld deg på", "en": "Register"}
HEADINGS = {
    "nb": {
        "received": "Takk",
        "refused": "Påmeldingen ble ikke godtatt",
        "rate_limited": "For mange forsøk",
        # A past session's cancel link while it is still valid: too late to cancel.
        "expired": "Lenken er utløpt",
    },
    "en": {
        "received": "Thank you",
        "refused": "Registration not accepted",
        "rate_limited": "Too many attempts",
        "expired": "This link has expired",
    },
}


def session_page(slug: str, language: str) -> SoTalkSessionPage:
    return SoTalkSessionPage.objects.get(slug=slug, locale__language_code=language)


def register(session: SoTalkSessionPage, email: str, language: str) -> Registration:
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


def axe_violations(page) -> list[dict]:
    results = Axe().run(
        page,
        options={
            "runOnly": {"type": "tag", "values": WCAG_TAGS},
            "resultTypes": ["violations"],
        },
    )
    return results.response["violations"]


def describe(violations: list[dict]) -> str:
    return "\n".join(
        f"  {v['id']} ({v['impact']}): {v['help']}\n"
        + "\n".join(f"    {node['html'][:160]}" for node in v["nodes"])
        for v in violations
    )


def add_questions(session: SoTalkSessionPage) -> None:
    """One question of each kind that renders differently: choices and a long answer."""
    nb = session.locale.language_code == "nb"
    RegistrationQuestion.objects.create(
        page=session,
        locale=session.locale,
        key="role",
        label="Hva jobber du med?" if nb else "What do you work with?",
        help_text="Velg det som passer best." if nb else "Pick the closest.",
        field_type="choice",
        choices="Kommune\nNæringsliv\nFrivillighet",
        required=True,
    )
    RegistrationQuestion.objects.create(
        page=session,
        locale=session.locale,
        key="wishes",
        label="Hva vil du høre om?" if nb else "What would you like to hear about?",
        field_type="textarea",
    )


@pytest.mark.parametrize("language", ["nb", "en"])
def test_every_public_page_type_has_no_wcag_violations(
    page, shot, live, settings, language, request
):
    from series.domain.registration import registration_cancel

    upcoming = session_page(UPCOMING, language)
    past = session_page(PAST, language)
    small = session_page(SMALL, language)
    add_questions(upcoming)
    SoTalkSessionPage.objects.filter(pk=small.source.pk).update(capacity=1)
    confirmed = register(small.source, "first@example.no", language)
    waitlisted = register(small.source, "second@example.no", language)
    cancelled = register(upcoming.source, "gone@example.no", language)
    registration_cancel(registration=cancelled)
    # The 2021 session's cancel link, still within its validity: "too late to cancel".
    settings.SERIES_TOKEN_DAYS_AFTER_SESSION = 100_000
    too_late = Registration.objects.create(
        session=past.source,
        name="Kari Nordmann",
        email="late@example.no",
        language=language,
        status="confirmed",
    )
    found: dict[str, list[dict]] = {}

    def scan(name: str) -> None:
        expect(page.locator("html")).to_have_attribute("lang", language)
        for size, viewport in SIZES.items():
            page.set_viewport_size(viewport)
            shot(page, f"{name} {size}")
            found[f"{name} {size}"] = axe_violations(page)
        page.set_viewport_size(DESKTOP)

    def token_url(registration, suffix=""):
        return f"/{language}/registrations/{registration.token}/{suffix}"

    pages = {
        "home": f"/{language}/",
        "series": upcoming.series.url,
        "session-upcoming": upcoming.url,
        "session-past": past.url,
        "session-waiting-list": small.url,
        "registration-success": token_url(confirmed),
        "waiting-list-success": token_url(waitlisted),
        "cancel-confirm": token_url(confirmed, "cancel/"),
        "cancelled": token_url(cancelled),
        "cancel-link-expired": token_url(too_late, "cancel/"),
        "lost-link": f"/{language}/registrations/find/",
        "lost-link-sent": f"/{language}/registrations/find/?sent=1",
        "invalid-link": f"/{language}/registrations/not-a-real-token/cancel/",
        "accessibility-statement": AccessibilityStatementPage.objects.get(
            locale__language_code=language
        ).url,
    }
    for name, url in pages.items():
        page.goto(url)
        scan(name)
    page.goto(pages["cancel-link-expired"])
    expect(page.locator("main h1")).to_have_text(HEADINGS[language]["expired"])

    # The form with every error shown, and with a refusal (already registered).
    page.goto(upcoming.url)
    page.locator("[name=q_wishes]").fill("Finansiering")
    page.get_by_role("button", name=REGISTER[language]).last.click()
    expect(page.locator(".error-summary")).to_be_visible()
    scan("form-with-errors")

    def fill_form(email: str) -> None:
        form = page.locator("form.registration-form")
        form.locator("[name=name]").fill("Kari Nordmann")
        form.locator("[name=email]").fill(email)
        form.locator("[name=consent]").check()

    page.goto(small.url)
    fill_form("first@example.no")
    page.locator("form.registration-form button[type=submit]").click()
    expect(page.locator(".notice--error")).to_be_visible()
    scan("form-already-registered")

    page.goto(f"/{language}/registrations/find/")
    page.locator("[name=email]").fill("not an address")
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".field__error")).to_be_visible()
    scan("lost-link-with-error")

    # What bots (the hidden field), other sites' forms and floods get to see.
    page.goto(small.url)
    fill_form("bot@example.no")
    page.locator("[name=website]").evaluate("el => el.value = 'http://spam.example'")
    page.locator("form.registration-form button[type=submit]").click()
    expect(page.locator("main h1")).to_have_text(HEADINGS[language]["received"])
    scan("registration-received")

    action = f"{live.url}/{language}/registrations/sessions/{small.pk}/"
    page.route(
        "https://elsewhere.example/**",
        lambda route: route.fulfill(
            content_type="text/html",
            body=f'<form method="post" action="{action}"><input name="name" value="K">'
            '<input name="email" value="elsewhere@example.no">'
            '<input name="consent" value="on"><button>Send</button></form>',
        ),
    )
    page.goto("https://elsewhere.example/form")
    page.get_by_role("button").click()
    expect(page.locator("main h1")).to_have_text(HEADINGS[language]["refused"])
    scan("registration-refused")

    settings.SERIES_REGISTRATION_RATE_LIMIT = "1/m"
    for _ in range(2):
        page.goto(f"/{language}/registrations/find/")
        page.locator("[name=email]").fill("kari@example.no")
        page.locator("main form button[type=submit]").click()
    expect(page.locator("main h1")).to_have_text(HEADINGS[language]["rate_limited"])
    scan("rate-limited")

    SoTalkSessionPage.objects.filter(pk=small.source.pk).update(
        event_status="cancelled"
    )
    page.goto(small.url)
    scan("session-cancelled")

    SoTalkSessionPage.objects.filter(translation_key=past.translation_key).update(
        recording_url="https://video.example.org/sotalk-17-17"
    )
    page.goto(past.url)
    scan("session-past-with-recording")
    page.goto(past.series.url)
    scan("series-with-recording")

    # A page with no version in this language: the switcher's page says so.
    other = past.get_translations().exclude(locale=past.locale).get()
    SoTalkSessionPage.objects.filter(pk=past.pk).update(live=False)
    page.goto(f"/{language}/translation-missing/?page={other.pk}")
    expect(page.locator("main h1")).to_be_visible()
    scan("translation-missing")

    report = request.config.rootpath / "test-artifacts" / "axe" / f"{language}.json"
    report.parent.mkdir(parents=True, exist_ok=True)
    counts = {name: {v["id"]: len(v["nodes"]) for v in found[name]} for name in found}
    report.write_text(json.dumps(counts, indent=2))
    failures = {name: v for name, v in found.items() if v}
    assert len(found) >= 2 * 24, sorted(found)
    assert not failures, "axe found WCAG 2.2 A/AA violations:\n" + "\n".join(
        f"{name}:\n{describe(violations)}" for name, violations in failures.items()
    )


FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return null;
  const style = getComputedStyle(el);
  const all = [...document.querySelectorAll("*")];
  return {
    index: all.indexOf(el),
    description: `${el.tagName.toLowerCase()}#${el.id} ${el.getAttribute("href") || ""}`
      + ` ${el.getAttribute("name") || el.textContent.trim().slice(0, 40)}`,
    outline: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2
      && style.outlineColor !== "rgba(0, 0, 0, 0)",
  };
}"""


# A group of radio buttons is one Tab stop (the arrow keys move within it).
TABBABLE = """() => {
  const groups = new Set();
  return [...document.querySelectorAll(
    "a[href], button, input:not([type=hidden]), textarea, select, [tabindex]")]
  .filter(el => el.tabIndex >= 0 && !el.disabled && el.getClientRects().length)
  .filter(el => {
    if (el.type !== "radio") return true;
    const group = `${[...document.forms].indexOf(el.form)}:${el.name}`;
    if (groups.has(group)) return false;
    groups.add(group);
    return true;
  })
  .length;
}"""


def tab(page, key: str = "Tab") -> dict | None:
    """Press Tab; the element that gets focus must show it and be scrolled into view."""
    page.keyboard.press(key)
    focused = page.evaluate(FOCUSED)
    if focused is not None:
        assert focused["outline"], f"no visible focus on {focused['description']}"
        expect(page.locator(":focus")).to_be_in_viewport()
    return focused


def tab_to(page, selector: str, limit: int = 60) -> None:
    for _ in range(limit):
        tab(page)
        if page.locator(":focus").evaluate(f"el => el.matches({selector!r})"):
            return
    raise AssertionError(f"Tab never reached {selector}")


def test_tab_reaches_every_control_in_order_and_leaves_the_page(page, live):
    """Focus is never trapped: Tab walks each page top to bottom, then out of it."""
    session = session_page(UPCOMING, "nb")
    registration = register(session.source, "kari@example.no", "nb")
    pages = {
        "home": "/nb/",
        "series": session.series.url,
        "session": session.url,
        "registration": f"/nb/registrations/{registration.token}/",
        "lost-link": "/nb/registrations/find/",
    }
    for where, url in pages.items():
        page.goto(url)
        tabbable = page.evaluate(TABBABLE)
        visited = []
        for _ in range(tabbable + 1):
            focused = tab(page)
            # Past the last control focus leaves the page, or comes back in at the top.
            if focused is None or (visited and focused == visited[0]):
                break
            visited.append(focused)
        else:
            raise AssertionError(f"{where}: focus went round, never out")
        assert len(visited) == tabbable, f"{where}: {len(visited)} of {tabbable}"
        order = [item["index"] for item in visited]
        assert order == sorted(order), f"{where}: Tab order is not the reading order"
        if focused is None:
            assert tab(page) == visited[0], where


def test_keyboard_alone_registers_for_a_session(open_page, shot):
    page = open_page(javascript=False)
    session = session_page(UPCOMING, "nb")
    page.goto(session.url)
    first = tab(page)
    assert first["description"].startswith("a# #main"), "the skip link comes first"
    tab_to(page, ".facts a[href='#register']")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile("#register$"))
    tab(page)
    expect(page.locator("#register-name")).to_be_focused()
    page.keyboard.type("Kari Nordmann")
    tab(page)
    expect(page.locator("#register-email")).to_be_focused()
    page.keyboard.type("kari@example.no")
    tab(page)
    expect(page.locator("#register-organisation")).to_be_focused()
    # The demo series asks about accommodations: four choices, then own words.
    for field in [f"access_needs_{index}" for index in range(4)] + [
        "access_needs_other"
    ]:
        tab(page)
        expect(page.locator(f"#register-{field}")).to_be_focused()
    tab(page)
    expect(page.locator("#register-consent")).to_be_focused()
    page.keyboard.press("Space")
    expect(page.locator("#register-consent")).to_be_checked()
    shot(page, "consent ticked with Space", full_page=False)
    tab(page)
    expect(page.locator("form.registration-form button[type=submit]")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Du er påmeldt")
    shot(page, "registered", full_page=False)
    assert Registration.objects.filter(email="kari@example.no").exists()


@pytest.mark.parametrize("language", ["nb", "en"])
def test_error_summary_takes_focus_and_its_links_move_focus_to_the_fields(
    open_page, shot, language
):
    page = open_page(javascript=False)
    session = session_page(UPCOMING, language)
    RegistrationQuestion.objects.create(
        page=session,
        locale=session.locale,
        key="role",
        label="Hva jobber du med?" if language == "nb" else "What do you work with?",
        field_type="choice",
        choices="Kommune\nNæringsliv\nFrivillighet",
        required=True,
    )
    page.goto(session.url)
    page.locator("#register-email").focus()
    page.keyboard.type("not an address")
    tab_to(page, "form.registration-form button[type=submit]")
    page.keyboard.press("Enter")

    summary = page.locator(".error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_be_in_viewport()
    assert page.evaluate(FOCUSED)["outline"], "the focused summary shows no focus"
    shot(page, "error summary has focus", full_page=False)
    targets = [
        "register-name",
        "register-email",
        "register-q_role_0",
        "register-consent",
    ]
    links = summary.get_by_role("link")
    expect(links).to_have_count(len(targets))
    for number, target in enumerate(targets):
        if number == 0:
            tab(page)  # from the summary straight to its first link
        else:
            links.nth(number).focus()
        expect(links.nth(number)).to_be_focused()
        page.keyboard.press("Enter")
        field = page.locator(f"#{target}")
        expect(field).to_be_focused()
        # The question must be readable when the field is reached.
        label = page.locator(f"label[for='{target}']")
        if target.startswith("register-q_role"):
            label = page.locator("fieldset legend", has_text=re.compile("."))
        expect(label.first).to_be_in_viewport()
        shot(page, f"link moved focus to {target}", full_page=False)
    tab(page)
    expect(page.locator("form.registration-form button[type=submit]")).to_be_focused()


def lang_of(locator) -> str:
    return locator.evaluate("el => el.closest('[lang]').getAttribute('lang')")


def test_page_language_and_parts_in_another_language_are_marked(page, live):
    nb_session, en_session = session_page(PAST, "nb"), session_page(PAST, "en")
    page.goto(nb_session.url)
    expect(page.locator("html")).to_have_attribute("lang", "nb")
    assert lang_of(page.get_by_role("heading", level=1)) == "en"
    assert lang_of(page.locator(".session__lead")) == "en"
    assert lang_of(page.locator(".session__body p").first) == "en"
    assert lang_of(page.locator(".facts dt").first) == "nb"
    assert lang_of(page.locator(".breadcrumb a")) == "nb"
    assert lang_of(page.get_by_role("link", name="English")) == "en"

    page.goto(en_session.url)
    expect(page.locator("html")).to_have_attribute("lang", "en")
    assert lang_of(page.get_by_role("heading", level=1)) == "en"
    assert lang_of(page.get_by_role("link", name="Norsk (bokmål)")) == "nb"

    page.goto(session_page(UPCOMING, "en").url)
    consent = page.locator("label[for='register-consent']")
    expect(consent).to_contain_text("I agree")
    assert lang_of(consent) == "en"

    page.goto("/nb/")
    card_titles = page.locator(".session-card__title")
    expect(card_titles.first).to_be_visible()
    assert {lang_of(card_titles.nth(i)) for i in range(card_titles.count())} == {"en"}
    page.goto(nb_session.series.url)
    assert lang_of(page.get_by_role("heading", level=1)) == "nb"
    assert lang_of(page.locator(".session-card__title").first) == "en"

    upcoming = session_page(UPCOMING, "nb")
    registration = register(upcoming.source, "kari@example.no", "nb")
    token = registration.token
    for url in (f"/nb/registrations/{token}/", f"/nb/registrations/{token}/cancel/"):
        page.goto(url)
        expect(page.locator("html")).to_have_attribute("lang", "nb")
        title = page.locator("main").get_by_text(upcoming.title, exact=True)
        assert lang_of(title) == "en", url


def test_language_switcher_on_a_registration_page_keeps_the_registration(page, live):
    session = session_page(UPCOMING, "nb")
    token = register(session.source, "kari@example.no", "nb").token
    page.goto(f"/nb/registrations/{token}/")
    page.get_by_role("navigation", name="Språk").get_by_role("link").click()
    expect(page).to_have_url(re.compile(rf"/en/registrations/{re.escape(token)}/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("You're registered")
