"""Double opt-in: a pending registration holds no seat until its address is
confirmed, and is deleted when it never is."""

import pytest
from django.core.management import call_command

from series.domain.opt_in import address_confirm
from series.models import Registration, RegistrationStatus, registration_state

from ..factories import SoTalkSessionPageFactory
from .journey import sent_to

pytestmark = pytest.mark.django_db


@pytest.fixture
def session(series_page):
    series_page.require_email_confirmation = True
    series_page.save()
    return SoTalkSessionPageFactory(parent=series_page, capacity=1)


def test_pending_then_confirmed_by_the_click(session, register, client, run_worker):
    registration = register(session)
    assert registration.status == RegistrationStatus.PENDING
    assert registration_state(session).seats_left == 1  # holds no seat
    run_worker()
    [request] = sent_to("kari@example.no")
    assert request.subject.startswith("Bekreft påmeldingen")
    url = f"/nb/registrations/{registration.token}/confirm/"
    assert url in request.body
    assert "/join/" not in request.body
    page = client.get(url)
    assert page.status_code == 200
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.PENDING  # GET confirms nothing
    assert client.post(url).status_code == 302
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED
    assert registration.email_confirmed_at
    run_worker()
    confirmation = sent_to("kari@example.no")[-1]
    assert confirmation.subject.startswith("Du er påmeldt")
    assert f"/nb/registrations/{registration.token}/join/" in confirmation.body


def test_seat_goes_to_whoever_confirms_first(session, register):
    first = register(session, "a@example.no")
    second = register(session, "b@example.no")
    assert address_confirm(registration=second).status == RegistrationStatus.CONFIRMED
    assert address_confirm(registration=first).status == RegistrationStatus.WAITLISTED


def test_unconfirmed_is_erased_on_time(session, register, clock, run_worker, client):
    registration = register(session)
    clock.move(hours=23)
    run_worker()
    assert Registration.objects.filter(pk=registration.pk).exists()
    clock.move(hours=1, seconds=1)
    run_worker()
    assert not Registration.objects.filter(pk=registration.pk).exists()
    # The address may register again.
    assert register(session).status == RegistrationStatus.PENDING


def test_late_click_is_refused_and_erased(session, register, clock, client):
    registration = register(session)
    clock.move(hours=25)
    response = client.post(f"/en/registrations/{registration.token}/confirm/")
    assert response.status_code in (404, 410)
    assert not Registration.objects.filter(pk=registration.pk).exists()


def test_cron_erases_what_the_task_missed(session, register, clock):
    registration = register(session)
    clock.move(hours=25)
    call_command("send_reminders", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert not Registration.objects.filter(pk=registration.pk).exists()


def test_api_reports_pending(session, client):
    response = client.post(
        f"/api/v3/series/sessions/{session.pk}/registrations/",
        {"name": "Kari", "email": "kari@example.no", "consent": True},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["status"] == "pending"
