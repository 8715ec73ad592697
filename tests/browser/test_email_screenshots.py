"""What each e-mail a registrant can get looks like: the HTML part, rendered for a
registration in the state that sends it, in Chromium, in Norwegian and English.
Screenshots in test-artifacts/screenshots/emails/<kind>-<language>.png."""

from datetime import timedelta

import pytest
from django.utils import timezone

from series.models import (
    EmailDelivery,
    EmailKind,
    Registration,
    RegistrationStatus,
    SoTalkSessionPage,
)
from series.outbox.messages import build_message
from series.read.sessions import session_in_language

from .conftest import DESKTOP, SCREENSHOT_DIR
from .test_accessibility import session_page

pytestmark = pytest.mark.browser

UPCOMING = "financing-collaboration"
RECORDING = "https://video.example.org/sotalk/financing-collaboration"
FEEDBACK = "https://forms.example.org/sotalk-feedback"
S = RegistrationStatus
# Each kind, the registration state that sends it and what the delivery carries.
KINDS = {
    EmailKind.CONFIRMATION: (S.CONFIRMED, {}),
    EmailKind.WAITLISTED: (S.WAITLISTED, {}),
    EmailKind.OFFER: (S.OFFERED, {}),
    EmailKind.OFFER_LAPSED: (S.CANCELLED, {}),
    EmailKind.CONFIRM_ADDRESS: (S.PENDING, {}),
    EmailKind.REMINDER: (S.CONFIRMED, {}),
    EmailKind.FOLLOWUP_ATTENDED: (S.CONFIRMED, {}),
    EmailKind.FOLLOWUP_ABSENT: (S.CONFIRMED, {}),
    EmailKind.CANCELLED: (S.CANCELLED, {"had_seat": True}),
}
# What the registrant must be able to act on, besides the session's title.
LINKS = {
    EmailKind.CONFIRMATION: "/registrations/{token}/join/",
    EmailKind.REMINDER: "/registrations/{token}/join/",
    EmailKind.OFFER: "/registrations/{token}/claim/",
    EmailKind.CONFIRM_ADDRESS: "/registrations/{token}/confirm/",
    EmailKind.FOLLOWUP_ATTENDED: RECORDING,
    EmailKind.FOLLOWUP_ABSENT: RECORDING,
}


@pytest.fixture(scope="module")
def email_folder(request):
    """The screenshots' folder, named once at the end of the run."""
    folder = request.config.rootpath / SCREENSHOT_DIR / "emails"
    folder.mkdir(parents=True, exist_ok=True)
    yield folder
    capture = request.config.pluginmanager.get_plugin("capturemanager")
    with capture.global_and_fixture_disabled():
        print(f"\ne-mail screenshots in {folder}")


def registration_for(
    source: SoTalkSessionPage, kind: EmailKind, language: str
) -> Registration:
    status, _context = KINDS[kind]
    now = timezone.now()
    return Registration.objects.create(
        session=source,
        name="Kari Nordmann",
        email=f"{kind}@example.no",
        language=language,
        status=status,
        consent_given_at=now,
        waitlisted_at=now if status == S.WAITLISTED else None,
        offered_at=now if status == S.OFFERED else None,
        offer_expires_at=now + timedelta(hours=24) if status == S.OFFERED else None,
        cancelled_at=now if status == S.CANCELLED else None,
        joined_at=source.starts_at if kind == EmailKind.FOLLOWUP_ATTENDED else None,
    )


@pytest.mark.parametrize("language", ["nb", "en"])
@pytest.mark.parametrize("kind", list(KINDS))
def test_email_html_part_shows_the_session_and_the_registrants_link(
    page, email_folder, kind, language
):
    source = session_page(UPCOMING, language).source
    SoTalkSessionPage.objects.filter(pk=source.pk).update(
        recording_url=RECORDING, feedback_url=FEEDBACK
    )
    source.refresh_from_db()
    registration = registration_for(source, kind, language)
    delivery = EmailDelivery(
        registration=registration, kind=kind, context=KINDS[kind][1]
    )
    message = build_message(delivery)
    html = next(body for body, type_ in message.alternatives if type_ == "text/html")

    title = session_in_language(source, language).title
    assert title in html
    if kind in LINKS:
        link = LINKS[kind].format(token=registration.token)
        if link.startswith("/"):
            link = f"/{language}{link}"
        assert link in html
    if kind not in (EmailKind.CONFIRMATION, EmailKind.REMINDER):
        assert "/join/" not in html  # only confirmed kinds carry the join link
    assert source.join_url not in html  # never the webinar itself

    page.set_viewport_size(DESKTOP)
    page.set_content(html)
    path = email_folder / f"{kind}-{language}.png"
    page.screenshot(path=path, full_page=True)
    assert path.stat().st_size > 0
