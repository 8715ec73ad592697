"""The WCAG 2.2 criteria axe cannot check: target size (2.5.8), focus not obscured
(2.4.11), redundant entry (3.3.7) and accessible authentication (3.3.8)."""

import re

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import expect

from home.models import AccessibilityStatementPage
from series.models import SoTalkSessionPage

from .conftest import DESKTOP, PHONE

pytestmark = pytest.mark.browser

UPCOMING = "financing-collaboration"
PAST = "mobilising-citizens-and-aligning-initiatives"
PASSWORD = "a long editor passphrase"

# Targets under 24 × 24 px, unless inline in a sentence or spaced so that a 24 px
# circle on each touches no other target (the criterion's exceptions).
SMALL_TARGETS = """() => {
  const selector = "a[href], button, input:not([type=hidden]), select, textarea, "
    + "summary, [role=button]";
  const targets = [...document.querySelectorAll(selector)]
    .filter(el => el.getClientRects().length
      && getComputedStyle(el).visibility !== "hidden"
      && !el.closest("[aria-hidden=true], .visually-hidden, .skip-link"));
  const inSentence = el => {
    if (el.tagName !== "A") return false;
    const block = el.closest("p, li, dd, td, figcaption");
    if (!block || block.closest(".card-list, .language-switcher")) return false;
    const text = block.textContent.replace(/\\s+/g, " ").trim();
    return text.length > el.textContent.trim().length + 3;
  };
  const box = el => el.getBoundingClientRect();
  const centre = r => [r.left + r.width / 2, r.top + r.height / 2];
  const near = (r, [x, y]) => Math.hypot(
    Math.max(r.left - x, 0, x - r.right), Math.max(r.top - y, 0, y - r.bottom)) < 12;
  const apart = (a, b) => Math.hypot(a[0] - b[0], a[1] - b[1]);
  const small = targets.filter(el => box(el).width < 24 || box(el).height < 24);
  const crowded = el => targets.some(other =>
    other !== el && !other.contains(el) && !el.contains(other)
    && (near(box(other), centre(box(el)))
      || (small.includes(other) && apart(centre(box(el)), centre(box(other))) < 24)));
  const describe = el => {
    const name = (el.textContent || el.name || "").trim().slice(0, 40);
    const r = box(el);
    return `${el.tagName.toLowerCase()} "${name}" ${Math.round(r.width)}x`
      + `${Math.round(r.height)}`;
  };
  return small.filter(el => !inSentence(el)).filter(crowded).map(describe);
}"""

# The focused element, scrolled into view, is not covered by anything else.
OBSCURED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const r = el.getBoundingClientRect();
  const points = [[r.left + r.width / 2, r.top + r.height / 2],
                  [r.left + 2, r.top + 2], [r.right - 2, r.bottom - 2]];
  const hidden = points.filter(([x, y]) => {
    if (x < 0 || y < 0 || x > innerWidth || y > innerHeight) return true;
    const top = document.elementFromPoint(x, y);
    return !(top && (top === el || el.contains(top) || top.contains(el)
      || (el.labels && [...el.labels].some(l => l.contains(top)))));
  });
  return hidden.length === points.length ? el.outerHTML.slice(0, 120) : null;
}"""


def public_pages(language: str) -> dict[str, str]:
    upcoming = SoTalkSessionPage.objects.get(
        slug=UPCOMING, locale__language_code=language
    )
    past = SoTalkSessionPage.objects.get(slug=PAST, locale__language_code=language)
    statement = AccessibilityStatementPage.objects.get(locale__language_code=language)
    return {
        "home": f"/{language}/",
        "series": upcoming.series.url,
        "session": upcoming.url,
        "past session": past.url,
        "lost link": f"/{language}/registrations/find/",
        "statement": statement.url,
    }


@pytest.mark.parametrize("language", ["nb", "en"])
@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_every_target_is_at_least_24_px_or_spaced(open_page, language, size):
    page = open_page(viewport=DESKTOP if size == "desktop" else PHONE)
    failures = {}
    for name, url in public_pages(language).items():
        page.goto(url)
        small = page.evaluate(SMALL_TARGETS)
        if small:
            failures[name] = small
    # The form with its errors shown has the most targets of all.
    page.goto(public_pages(language)["session"])
    page.locator("form.registration-form button[type=submit]").click()
    expect(page.locator(".error-summary")).to_be_visible()
    page.wait_for_load_state()  # the style sheets too
    if small := page.evaluate(SMALL_TARGETS):
        failures["form with errors"] = small
    assert not failures, failures


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_focus_is_never_hidden_under_other_content(open_page, size):
    page = open_page(viewport=DESKTOP if size == "desktop" else PHONE)
    for name, url in public_pages("nb").items():
        page.goto(url)
        for _ in range(80):
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement === document.body"):
                break
            hidden = page.evaluate(OBSCURED)
            assert hidden is None, f"{name}: focus hidden on {hidden}"


def test_registration_form_never_asks_for_the_same_thing_twice(page):
    """3.3.7: one field per fact, browsers may fill them, and what was typed stays
    after an error."""
    session = SoTalkSessionPage.objects.get(slug=UPCOMING, locale__language_code="nb")
    page.goto(session.url)
    form = page.locator("form.registration-form")
    fields = form.locator("input:not([type=hidden]):not([tabindex='-1']), textarea")
    names = [fields.nth(i).get_attribute("name") for i in range(fields.count())]
    # A group of checkboxes (the accommodations) is one question under one name.
    boxes = form.locator("input[type=checkbox]")
    box_names = [boxes.nth(i).get_attribute("name") for i in range(boxes.count())]
    groups = {name for name in box_names if box_names.count(name) > 1}
    names = [n for i, n in enumerate(names) if n not in groups or n not in names[:i]]
    assert len(names) == len(set(names))
    assert form.locator("input[type=email]").count() == 1
    assert not [n for n in names if re.search("confirm|repeat|again", n or "")]
    expect(form.locator("[name=name]")).to_have_attribute("autocomplete", "name")
    expect(form.locator("[name=email]")).to_have_attribute("autocomplete", "email")
    form.locator("[name=name]").fill("Kari Nordmann")
    form.locator("[name=email]").fill("kari@example.no")
    form.locator("[name=organisation]").fill("Oslo kommune")
    form.locator("button[type=submit]").click()  # consent missing
    expect(page.locator(".error-summary")).to_be_visible()
    form = page.locator("form.registration-form")
    expect(form.locator("[name=name]")).to_have_value("Kari Nordmann")
    expect(form.locator("[name=email]")).to_have_value("kari@example.no")
    expect(form.locator("[name=organisation]")).to_have_value("Oslo kommune")


def test_admin_sign_in_needs_no_memory_test_and_takes_a_password_manager(
    page, shot, live
):
    """3.3.8: fields a password manager fills, paste allowed, no puzzle."""
    User.objects.create_superuser("redaktor", "redaktor@example.no", PASSWORD)
    page.goto("/admin/login/")
    username, password = page.locator("#id_username"), page.locator("#id_password")
    expect(username).to_have_attribute("autocomplete", "username")
    expect(password).to_have_attribute("autocomplete", "current-password")
    form = page.locator("form.login-form")
    inputs = form.locator("input:not([type=hidden])")
    kinds = {inputs.nth(i).get_attribute("name") for i in range(inputs.count())}
    assert kinds == {"username", "password", "remember"}, kinds  # no captcha, no quiz
    for field, text in ((username, "redaktor"), (password, PASSWORD)):
        prevented = field.evaluate(
            """(el, text) => {
                el.focus();
                const data = new DataTransfer();
                data.setData("text/plain", text);
                const event = new ClipboardEvent("paste", {clipboardData: data,
                    bubbles: true, cancelable: true});
                const prevented = !el.dispatchEvent(event);
                if (!prevented) el.value = text;  // what the browser does after it
                return prevented;
            }""",
            text,
        )
        assert not prevented, "pasting is blocked"
    shot(page, "sign-in filled by paste")
    form.locator("button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))
