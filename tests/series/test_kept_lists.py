"""A series page's lists are kept until the next publish or until the next listed
session ends (`series.read.series_lists`); their seats are read in every request.
Each read is uncached by the page cache (a new query string)."""

import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from series.models import SoTalkSessionPage

pytestmark = pytest.mark.django_db

_reads = itertools.count()


def sections(client, series_page) -> tuple[str, str]:
    """The upcoming and the past section of the page."""
    response = client.get(f"{series_page.url}?read={next(_reads)}")
    assert response.status_code == 200
    html = response.content.decode()
    upcoming, _, past = html.partition('id="past-heading"')
    return upcoming, past


def test_kept_lists_count_and_page_nothing_again(client, series_page):
    sections(client, series_page)
    with CaptureQueriesContext(connection) as queries:
        upcoming, _ = sections(client, series_page)
    assert "financing-collaboration" in upcoming
    sql = " ".join(query["sql"] for query in queries)
    assert "COUNT(*)" not in sql
    assert 'FROM "series_sotalksessionpage"' not in sql
    # Nor the seats: kept under the seats version, which no registration has moved.
    assert not [q for q in queries if '"series_registration"' in q["sql"]]


def test_a_session_moves_to_the_past_list_as_it_ends(
    client, series_page, upcoming_session, clock
):
    upcoming, past = sections(client, series_page)
    assert "financing-collaboration" in upcoming
    assert "financing-collaboration" not in past
    clock.set(upcoming_session.ends_at)
    upcoming, past = sections(client, series_page)
    assert "financing-collaboration" in upcoming  # still, at the moment it ends
    clock.move(seconds=1)
    upcoming, past = sections(client, series_page)
    assert "financing-collaboration" not in upcoming
    assert "financing-collaboration" in past


def test_a_published_session_shows_in_the_kept_list_at_once(
    client, series_page, upcoming_session
):
    sections(client, series_page)
    upcoming_session.title = "Et nytt navn på økten"
    upcoming_session.save_revision().publish()
    assert "Et nytt navn på økten" in sections(client, series_page)[0]
    upcoming_session.unpublish()
    assert "financing-collaboration" not in sections(client, series_page)[0]


def test_seats_in_a_kept_list_follow_each_registration(
    client, series_page, upcoming_session, register, communications_user
):
    SoTalkSessionPage.objects.filter(
        translation_key=upcoming_session.translation_key
    ).update(capacity=1, waitlist_enabled=False)
    upcoming_session.registrations.all().delete()
    sections(client, series_page)
    register(
        SoTalkSessionPage.objects.get(pk=upcoming_session.pk),
        staff_user=communications_user,
    )
    upcoming, _ = sections(client, series_page)
    card = upcoming.split("financing-collaboration", 1)[1].split("</article>", 1)[0]
    assert "Fullt" in card
