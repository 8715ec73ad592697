"""Waiting-list offers: a freed seat is held for the first in line until they claim
it or the offer lapses; driven by the real worker and a clock the test moves."""

from datetime import timedelta

import pytest
from django.core.management import call_command

from series.domain import errors
from series.domain.offers import offer_claim, offers_lapse_due
from series.domain.registration import registration_cancel
from series.models import Registration, RegistrationStatus, registration_state

from ..factories import SoTalkSessionPageFactory
from .journey import sent_to, subjects

pytestmark = pytest.mark.django_db

CONFIRMED = RegistrationStatus.CONFIRMED
OFFERED = RegistrationStatus.OFFERED
WAITLISTED = RegistrationStatus.WAITLISTED
CANCELLED = RegistrationStatus.CANCELLED


@pytest.fixture
def session(series_page):
    series_page.waitlist_offer_hours = 24
    series_page.save()
    return SoTalkSessionPageFactory(parent=series_page, capacity=2)


@pytest.fixture
def full(session, register):
    """Two seats taken, three people waiting (c, d, e in that order)."""
    people = {letter: register(session, f"{letter}@example.no") for letter in "abcde"}
    return people


def status(registration) -> str:
    registration.refresh_from_db()
    return registration.status


def test_freed_seat_is_offered_to_the_first_in_line_and_held(
    session, full, clock, run_worker
):
    registration_cancel(registration=full["a"])
    assert status(full["c"]) == OFFERED
    assert full["c"].offer_expires_at == clock() + timedelta(hours=24)
    assert status(full["d"]) == WAITLISTED
    # The offered seat is held: nobody else gets it.
    state = registration_state(session)
    assert (state.seats_left, state.offered, state.phase) == (0, 1, "waitlist")
    run_worker()
    [offer] = [m for m in sent_to("c@example.no") if "ledig" in m.subject.lower()]
    assert "/nb/registrations/" in offer.body and "/claim/" in offer.body
    assert "(CET)" in offer.body or "(CEST)" in offer.body


def test_offer_then_claim_confirms_with_calendar(
    session, full, clock, run_worker, client
):
    registration_cancel(registration=full["a"])
    run_worker()
    clock.move(hours=3)
    url = f"/nb/registrations/{full['c'].token}/claim/"
    page = client.get(url)
    assert page.status_code == 200
    assert "Ta plassen" in page.content.decode()
    response = client.post(url)
    assert response.status_code == 302
    assert status(full["c"]) == CONFIRMED
    run_worker()
    confirmation = sent_to("c@example.no")[-1]
    assert confirmation.subject.startswith("Du er påmeldt")
    assert any(name == "invite.ics" for name, *_ in confirmation.attachments)
    assert f"/nb/registrations/{full['c'].token}/join/" in confirmation.body
    # Claimed: the next in line is not offered anything.
    assert status(full["d"]) == WAITLISTED


def test_offer_lapses_on_time_and_goes_to_the_next(session, full, clock, run_worker):
    registration_cancel(registration=full["a"])
    run_worker()
    clock.move(hours=23, minutes=59)
    run_worker()
    assert status(full["c"]) == OFFERED  # not yet
    clock.move(minutes=2)
    run_worker()  # the deferred lapse task is now due
    assert status(full["c"]) == CANCELLED
    assert status(full["d"]) == OFFERED
    run_worker()
    assert any("gått ut" in s for s in subjects("c@example.no"))
    assert any("ledig" in s.lower() for s in subjects("d@example.no"))
    with pytest.raises(errors.NotOffered):
        offer_claim(registration=full["c"])


def test_late_claim_is_refused_and_the_seat_moves_on(session, full, clock, client):
    registration_cancel(registration=full["a"])
    clock.move(hours=25)  # no worker ran: the claim itself finds the offer lapsed
    response = client.post(f"/nb/registrations/{full['c'].token}/claim/")
    assert response.status_code == 410
    assert status(full["c"]) == CANCELLED
    assert status(full["d"]) == OFFERED


def test_cron_is_the_safety_net_for_a_lost_lapse_task(session, full, clock):
    registration_cancel(registration=full["a"])
    clock.move(hours=25)
    call_command("send_reminders", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert status(full["c"]) == CANCELLED
    assert status(full["d"]) == OFFERED
    assert offers_lapse_due() == 0


def test_two_seats_freed_at_once_give_two_offers_in_order(
    session, full, clock, run_worker
):
    session.capacity = 4
    session.save_revision().publish()
    assert [status(full[k]) for k in "cde"] == [OFFERED, OFFERED, WAITLISTED]
    first, second = (Registration.objects.get(pk=full[k].pk) for k in "cd")
    assert first.offered_at == second.offered_at
    clock.move(hours=25)
    run_worker()
    # Both lapsed; the one left waiting is offered a seat (one is left to fill).
    assert [status(full[k]) for k in "cde"] == [CANCELLED, CANCELLED, OFFERED]


def test_no_offer_once_the_session_started(session, full, clock):
    clock.set(session.starts_at + timedelta(minutes=1))
    registration_cancel(registration=full["a"], staff_user=None)
    assert status(full["c"]) == WAITLISTED


def test_offer_never_outlasts_the_start(session, full, clock):
    clock.set(session.starts_at - timedelta(hours=2))
    registration_cancel(registration=full["a"])
    assert status(full["c"]) == OFFERED
    assert full["c"].offer_expires_at == session.starts_at


def test_queue_position_on_the_registration_page(session, full, client):
    page = client.get(f"/nb/registrations/{full['d'].token}/").content.decode()
    assert "Du er nummer 2 på ventelisten" in page
    english = client.get(f"/en/registrations/{full['e'].token}/").content.decode()
    assert "You are number 3 on the waiting list" in english


def test_declining_an_offer_frees_the_seat_for_the_next(session, full):
    registration_cancel(registration=full["a"])
    registration_cancel(registration=full["c"])
    assert status(full["d"]) == OFFERED


@pytest.mark.usefixtures("immediate_promotion")
def test_zero_hours_keeps_immediate_promotion(series_page, register):
    session = SoTalkSessionPageFactory(parent=series_page, capacity=1)
    first = register(session, "a@example.no")
    waiting = register(session, "b@example.no")
    registration_cancel(registration=first)
    assert status(waiting) == CONFIRMED
