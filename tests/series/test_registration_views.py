from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from series.models import Registration, RegistrationQuestion, RegistrationStatus

from ..factories import SoTalkSessionPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def session(series_page):
    session = SoTalkSessionPageFactory(parent=series_page, capacity=1)
    RegistrationQuestion.objects.create(
        page=session, key="diet", label="Allergier?", field_type="text", required=False
    )
    RegistrationQuestion.objects.create(
        page=session,
        key="role",
        label="Hva jobber du med?",
        field_type="choice",
        choices="Kommune\nNæringsliv\nFrivillighet",
        required=True,
    )
    return session


def form_data(**overrides):
    data = {
        "name": "Kari Nordmann",
        "email": "kari@example.no",
        "organisation": "Oslo kommune",
        "consent": "on",
        "q_diet": "Nøtter",
        "q_role": "1",
        "website": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def post(client, session, data, **headers):
    return client.post(f"/nb/registrations/sessions/{session.pk}/", data, **headers)


def test_session_page_shows_the_form_with_seats_left(client, session):
    html = client.get(session.url).content.decode()
    assert 'action="/nb/registrations/sessions/' in html
    assert "1 ledig plass" in html
    assert "Hva jobber du med?" in html
    assert "csrfmiddlewaretoken" not in html  # the page is cacheable for everyone


def test_register_redirects_to_a_confirmation_page(client, session):
    response = post(client, session, form_data())
    assert response.status_code == 302
    registration = Registration.objects.get(email="kari@example.no")
    assert registration.status == RegistrationStatus.CONFIRMED
    assert registration.answers == {"diet": "Nøtter", "role": "Næringsliv"}
    assert registration.language == "nb"
    assert registration.consent_version.startswith("nb-")
    assert registration.consent_given_at is not None
    page = client.get(response.url)
    assert "Du er påmeldt" in page.content.decode()


def test_errors_are_shown_next_to_fields_and_input_is_kept(client, session):
    response = post(client, session, form_data(email="not-an-address", consent=None))
    html = response.content.decode()
    assert response.status_code == 422
    assert 'value="Kari Nordmann"' in html and 'value="not-an-address"' in html
    assert "Skriv inn en e-postadresse som navn@example.no." in html
    assert "Du må samtykke før du kan melde deg på." in html
    assert 'href="#register-email"' in html  # the summary links to the field
    assert 'aria-describedby="register-email-error"' in html
    assert not Registration.objects.exists()


def test_a_second_registration_with_the_same_address_gets_a_clear_message(
    client, session
):
    post(client, session, form_data())
    response = post(client, session, form_data(email="KARI@example.no"))
    assert response.status_code == 409
    assert "allerede påmeldt" in response.content.decode()
    assert Registration.objects.count() == 1


def test_full_session_puts_people_on_the_waiting_list(client, session):
    post(client, session, form_data())
    response = post(client, session, form_data(email="ola@example.no"))
    page = client.get(response.url).content.decode()
    assert "Du står på venteliste" in page
    assert "venteliste" in client.get(session.url).content.decode().lower()


def test_honeypot_stores_nothing(client, session):
    response = post(client, session, form_data(website="http://spam.example"))
    assert response.status_code == 200
    assert not Registration.objects.exists()


def test_post_from_another_site_is_refused(client, session):
    response = post(client, session, form_data(), HTTP_ORIGIN="https://evil.example")
    assert response.status_code == 403
    assert not Registration.objects.exists()
    same_site = post(client, session, form_data(), HTTP_ORIGIN="http://testserver")
    assert same_site.status_code == 302


def test_rate_limit_per_client_and_session(client, session, settings):
    settings.SERIES_REGISTRATION_RATE_LIMIT = "2/m"
    codes = [
        post(client, session, form_data(email=f"p{i}@example.no")).status_code
        for i in range(3)
    ]
    assert codes == [302, 302, 429]
    other = client.post(
        f"/nb/registrations/sessions/{session.pk}/",
        form_data(email="p9@example.no"),
        REMOTE_ADDR="10.0.0.9",
    )
    assert other.status_code == 302


def test_forwarded_for_counts_only_behind_trusted_proxies(client, session, settings):
    settings.SERIES_REGISTRATION_RATE_LIMIT = "1/m"
    # Without trusted proxies, a client cannot dodge the limit by inventing addresses.
    first = post(client, session, form_data(), HTTP_X_FORWARDED_FOR="1.1.1.1")
    second = post(
        client, session, form_data(email="b@example.no"), HTTP_X_FORWARDED_FOR="2.2.2.2"
    )
    assert (first.status_code, second.status_code) == (302, 429)


def test_window_states_on_the_page(client, session):
    session.registration_opens_at = timezone.now() + timedelta(days=2)
    session.save()
    assert "Påmeldingen åpner" in client.get(session.url).content.decode()
    response = post(client, session, form_data())
    assert response.status_code == 409
    assert "Påmeldingen har ikke åpnet ennå." in response.content.decode()


@pytest.mark.usefixtures("immediate_promotion")
def test_cancel_asks_first_then_cancels_and_promotes(client, session, run_worker):
    post(client, session, form_data())
    post(client, session, form_data(email="ola@example.no", name="Ola"))
    kari = Registration.objects.get(email="kari@example.no")
    url = f"/nb/registrations/{kari.token}/cancel/"
    assert "Ja, meld meg av" in client.get(url).content.decode()
    kari.refresh_from_db()
    assert (
        kari.status == RegistrationStatus.CONFIRMED
    )  # a GET (mail scanner) changes nothing
    assert client.post(url).status_code == 302
    kari.refresh_from_db()
    assert kari.status == RegistrationStatus.CANCELLED
    assert Registration.objects.get(email="ola@example.no").status == "confirmed"
    run_worker()
    assert any(m.to == ["ola@example.no"] for m in mail.outbox)
    reused = client.get(url).content.decode()
    assert "allerede avmeldt" in reused


def test_tampered_cancel_link_gets_a_friendly_page(client, session):
    post(client, session, form_data())
    token = Registration.objects.get().token
    response = client.get(f"/nb/registrations/{token[:-2]}xx/cancel/")
    assert response.status_code == 404
    assert "Lenken virker ikke" in response.content.decode()


def test_cancel_link_expires_with_the_session(client, session):
    post(client, session, form_data())
    registration = Registration.objects.get()
    session.starts_at = timezone.now() - timedelta(hours=3)
    session.ends_at = timezone.now() - timedelta(hours=2)
    session.save()
    response = client.post(f"/nb/registrations/{registration.token}/cancel/")
    assert response.status_code == 410
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED


def test_lost_link_answers_the_same_whether_or_not_registered(
    client, session, run_worker
):
    post(client, session, form_data())
    run_worker()
    mail.outbox.clear()
    known = client.post(
        "/nb/registrations/find/", {"email": "KARI@example.no"}, follow=True
    )
    unknown = client.post(
        "/nb/registrations/find/", {"email": "nobody@example.no"}, follow=True
    )
    assert known.content == unknown.content
    run_worker()
    assert [m.to for m in mail.outbox] == [["kari@example.no"]]
    assert "/cancel/" in mail.outbox[0].body


def test_cancel_page_promises_the_seat_only_when_someone_waits(client, session):
    post(client, session, form_data())
    kari = Registration.objects.get(email="kari@example.no")
    url = f"/nb/registrations/{kari.token}/cancel/"
    promise = "Plassen din går til neste person på ventelisten."
    assert promise not in client.get(url).content.decode()
    post(client, session, form_data(email="ola@example.no", name="Ola"))
    assert promise in client.get(url).content.decode()
