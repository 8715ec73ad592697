"""What people see: the session page in both languages and sizes, the Norwegian
admin dashboard; the screenshots are the record of the look."""

import pytest
from django.contrib.auth.models import User
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
