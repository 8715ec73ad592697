"""Personal join links: a page before the window, the webinar inside it (first
join recorded), the recording after; the raw join URL is never in an e-mail."""

from datetime import timedelta

import pytest

from series.domain.attendance import registration_join
from series.domain.errors import JoinNotOpen, NoSeat

from ..factories import SoTalkSessionPageFactory
from .journey import sent_to

pytestmark = pytest.mark.django_db

JOIN_URL = "https://meet.example.org/secret-room-4711"


@pytest.fixture
def session(series_page):
    return SoTalkSessionPageFactory(
        parent=series_page, capacity=1, recording_url="https://video.example.org/rec"
    )


def join(client, registration, language="nb"):
    return client.get(f"/{language}/registrations/{registration.token}/join/")


def test_before_the_window_shows_when_it_opens(session, register, client, clock):
    registration = register(session)
    clock.set(session.starts_at - timedelta(minutes=31))
    response = join(client, registration)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Lenken åpner" in page and "08.30" in page
    assert "calendar.google.com" in page and "outlook.office.com" in page
    assert JOIN_URL not in page
    registration.refresh_from_db()
    assert registration.joined_at is None
    with pytest.raises(JoinNotOpen):
        registration_join(registration=registration)


@pytest.mark.parametrize("language", ["nb", "en"])
def test_inside_the_window_redirects_and_records_the_first_join(
    session, register, client, clock, language
):
    registration = register(session, language=language)
    clock.set(session.starts_at - timedelta(minutes=30))
    first = clock()
    response = join(client, registration, language)
    assert response.status_code == 302 and response["Location"] == JOIN_URL
    assert "no-store" in response["Cache-Control"]
    clock.move(minutes=40)
    assert join(client, registration, language)["Location"] == JOIN_URL
    registration.refresh_from_db()
    assert registration.joined_at == first


def test_a_changed_join_url_needs_no_email(
    session, register, client, clock, run_worker
):
    registration = register(session)
    run_worker()
    before = len(sent_to("kari@example.no"))
    session.join_url = "https://meet.example.org/new-room"
    session.save_revision().publish()
    run_worker()
    assert len(sent_to("kari@example.no")) == before
    clock.set(session.starts_at)
    assert join(client, registration)["Location"] == "https://meet.example.org/new-room"


def test_after_the_end_shows_the_recording(session, register, client, clock):
    registration = register(session)
    clock.set(session.ends_at + timedelta(minutes=1))
    page = join(client, registration).content.decode()
    assert "Arrangementet er over" in page
    assert "https://video.example.org/rec" in page
    assert JOIN_URL not in page


def test_no_seat_no_join(session, register, client, clock):
    register(session, "a@example.no")
    waiting = register(session, "b@example.no")
    clock.set(session.starts_at)
    response = join(client, waiting)
    assert response.status_code == 200 and JOIN_URL not in response.content.decode()
    with pytest.raises(NoSeat):
        registration_join(registration=waiting)


def test_emails_carry_the_personal_link_never_the_raw_url(
    session, register, run_worker
):
    registration = register(session)
    run_worker()
    [confirmation] = sent_to("kari@example.no")
    personal = f"/nb/registrations/{registration.token}/join/"
    html = confirmation.alternatives[0][0]
    for text in (confirmation.body, html):
        assert personal in text and JOIN_URL not in text
        assert "kl. 09.00–10.15 (CE" in text
        assert "outlook.live.com" in text and "outlook.office.com" in text
        assert "calendar.google.com" in text
    [(_name, ics, _type)] = confirmation.attachments
    assert personal in ics.replace("\r\n ", "") and JOIN_URL not in ics


def test_personal_calendar_file(session, register, client):
    registration = register(session)
    response = client.get(f"/en/registrations/{registration.token}/calendar.ics")
    body = response.content.decode().replace("\r\n ", "")
    assert response["Content-Type"].startswith("text/calendar")
    assert f"/registrations/{registration.token}/join/" in body
    assert JOIN_URL not in body
