"""The parts of the session and series pages kept per content version follow each
publish at once, and what a registration changes (seats, state, the form's button,
the JSON-LD offer) is never kept: each read below is uncached (a new query string),
so it is rendered from the kept fragments."""

import itertools
import json
import re

import pytest
from wagtail.rich_text import RichText

from series.models import SoTalkSessionPage

pytestmark = pytest.mark.django_db

_reads = itertools.count()
FORM_BUTTON_WAITLIST = (
    '<button type="submit" class="button button--primary">Sett meg på venteliste'
)


def read(client, page) -> str:
    """The page as the page cache would not have it: a new URL each time."""
    response = client.get(f"{page.url}?read={next(_reads)}")
    assert response.status_code == 200
    assert response.get("X-Page-Cache") != "hit"
    return response.content.decode()


def offer(html: str) -> dict:
    found = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return json.loads(found.group(1))["offers"]


@pytest.fixture
def two_seats(upcoming_session):
    """The upcoming session (nb) with two seats and a waiting list, no one on it."""
    SoTalkSessionPage.objects.filter(
        translation_key=upcoming_session.translation_key
    ).update(capacity=2, waitlist_enabled=True)
    upcoming_session.registrations.all().delete()
    return SoTalkSessionPage.objects.get(pk=upcoming_session.pk)


def test_session_fragments_follow_each_publish(client, upcoming_session, series_page):
    html = read(client, upcoming_session)
    assert "Nytt avsnitt i brødteksten" not in html
    read(client, upcoming_session)  # every fragment kept now

    upcoming_session.body = [
        ("paragraph", RichText("<p>Nytt avsnitt i brødteksten</p>"))
    ]
    upcoming_session.venue = "Kulturhuset, Oslo"
    upcoming_session.format = "hybrid"
    upcoming_session.save_revision().publish()
    html = read(client, upcoming_session)
    assert "Nytt avsnitt i brødteksten" in html  # the body and speakers' fragment
    assert "Kulturhuset, Oslo" in html  # the facts box
    assert "Kulturhuset, Oslo" in json.dumps(
        json.loads(re.search(r"ld\+json\">(.*?)</script>", html, re.S).group(1)),
        ensure_ascii=False,
    )  # the JSON-LD

    speaker = upcoming_session.session_speakers.first().speaker
    speaker.name = "Ada Nyttnavn"
    speaker.save_revision().publish()
    assert "Ada Nyttnavn" in read(client, upcoming_session)

    series_page.organiser_email = "arrangor@example.no"
    series_page.save_revision().publish()
    assert "mailto:arrangor@example.no" in read(client, upcoming_session)


def test_a_new_question_shows_in_the_kept_form(client, upcoming_session):
    read(client, upcoming_session)
    upcoming_session.questions.create(
        key="diet", label="Hva spiser du ikke?", locale=upcoming_session.locale
    )
    upcoming_session.save_revision().publish()
    assert "Hva spiser du ikke?" in read(client, upcoming_session)


def test_the_last_seat_shows_at_once_on_the_uncached_page(
    client, two_seats, register, series_page
):
    html = read(client, two_seats)
    read(client, series_page)
    assert "2 ledige plasser" in html
    assert offer(html)["availability"] == "https://schema.org/InStock"
    assert FORM_BUTTON_WAITLIST not in html

    register(two_seats, "forste@example.no")
    html = read(client, two_seats)
    assert "1 ledig plass" in html
    assert "1 ledig plass" in read(client, series_page)

    register(two_seats, "andre@example.no")
    html = read(client, two_seats)
    assert "ledig plass" not in html
    assert "Fullt – venteliste åpen" in html  # the facts box
    assert FORM_BUTTON_WAITLIST in html  # the kept form's button follows
    assert offer(html)["availability"] == "https://schema.org/SoldOut"
    series_html = read(client, series_page)
    assert "Fullt – venteliste åpen" in series_html


def test_a_form_with_errors_is_never_kept(client, upcoming_session):
    read(client, upcoming_session)  # the empty form is kept
    response = client.post(
        f"/nb/registrations/sessions/{upcoming_session.pk}/",
        {"name": "Kari Feil", "email": "ikke-en-adresse", "consent": "on"},
    )
    assert response.status_code == 422
    assert "Kari Feil" in response.content.decode()
    html = read(client, upcoming_session)
    assert "Kari Feil" not in html
    assert "error-summary" not in html
