"""A URL's route is kept under the content version (`series.read.routes`): it saves
the routing and translation queries, and every publish, unpublish, move or new
view restriction shows at once. Each read is uncached by the page cache (a new
query string), so the kept route is what answers."""

import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from series.models import SeriesIndexPage, SoTalkSessionPage

pytestmark = pytest.mark.django_db

_reads = itertools.count()


def get(client, url: str):
    response = client.get(f"{url}?read={next(_reads)}")
    assert response.get("X-Page-Cache") != "hit"
    return response


def queries_of(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert get(client, url).status_code == 200
    return len(queries)


def test_a_kept_route_saves_the_routing_and_translation_queries(
    client, upcoming_session
):
    from django.core.cache import cache

    url = upcoming_session.url
    get(client, url)  # everything kept
    kept = queries_of(client, url)
    # Forget the kept route only (locmem's keys carry a ":1:" prefix).
    routes = [key.split(":", 2)[2] for key in cache._cache if ":route:" in key]
    assert routes
    cache.delete_many(routes)
    routed = queries_of(client, url)
    # Routed: the series, the session and its translations (one query each), then
    # the registration figures; kept: the figures alone.
    assert routed - kept == 3, (routed, kept)


def test_a_new_slug_routes_at_once_and_the_old_one_is_gone(client, upcoming_session):
    old_url = upcoming_session.url
    assert get(client, old_url).status_code == 200
    upcoming_session.slug = "finansiering-av-samarbeid"
    upcoming_session.save_revision().publish()
    assert get(client, old_url).status_code == 404
    response = get(
        client, "/nb/" + old_url.split("/")[2] + "/finansiering-av-samarbeid/"
    )
    assert response.status_code == 200


def test_an_unpublished_session_is_gone_at_once(client, upcoming_session):
    url = upcoming_session.url
    assert get(client, url).status_code == 200
    upcoming_session.unpublish()
    assert get(client, url).status_code == 404


def test_a_moved_session_routes_under_its_new_series(client, upcoming_session):
    series = SeriesIndexPage.objects.get(pk=upcoming_session.get_parent().pk)
    other = series.get_parent().add_child(
        instance=SeriesIndexPage(
            title="Ny serie", slug="ny-serie", locale=series.locale, time_zone="UTC"
        )
    )
    url = upcoming_session.url
    assert get(client, url).status_code == 200
    upcoming_session.move(other, pos="last-child")
    # Not routed any more: the redirect Wagtail made on the move answers the 404.
    old = get(client, url)
    assert old.status_code == 301
    assert old["Location"] == "/nb/ny-serie/financing-collaboration/"
    assert get(client, "/nb/ny-serie/financing-collaboration/").status_code == 200


def test_a_view_restriction_applies_to_a_kept_route(client, upcoming_session):
    url = upcoming_session.url
    get(client, url)  # the route is kept
    page = get(client, url).content.decode()
    assert 'name="email"' in page  # the registration form: the page itself
    PageViewRestriction.objects.create(
        page=upcoming_session,
        restriction_type=PageViewRestriction.PASSWORD,
        password="hemmelig",
    )
    response = get(client, url)
    assert 'name="email"' not in response.content.decode()
    assert 'name="password"' in response.content.decode()


def test_seats_on_a_kept_route_follow_each_registration(
    client, upcoming_session, register, communications_user
):
    SoTalkSessionPage.objects.filter(
        translation_key=upcoming_session.translation_key
    ).update(capacity=1, waitlist_enabled=False)
    upcoming_session.registrations.all().delete()
    url = upcoming_session.url
    assert 'name="email"' in get(client, url).content.decode()
    get(client, url)  # the route is kept
    register(
        SoTalkSessionPage.objects.get(pk=upcoming_session.pk),
        staff_user=communications_user,
    )
    page = get(client, url).content.decode()
    assert "Beklager, arrangementet er fullt." in page
    assert 'name="email"' not in page


def register_post(client, session, email: str):
    data = {"name": "Kari Nordmann", "email": email, "consent": "on", "website": ""}
    return client.post(f"/nb/registrations/sessions/{session.pk}/", data)


def test_a_registration_reads_the_kept_page_and_follows_an_unpublish(
    client, upcoming_session
):
    assert register_post(client, upcoming_session, "en@example.no").status_code == 302
    with CaptureQueriesContext(connection) as queries:
        assert (
            register_post(client, upcoming_session, "to@example.no").status_code == 302
        )
    sql = " ".join(query["sql"] for query in queries)
    assert 'FROM "series_registrationquestion"' not in sql  # kept with the page
    upcoming_session.unpublish()
    assert register_post(client, upcoming_session, "tre@example.no").status_code == 404


def test_a_registration_follows_a_new_view_restriction_at_once(
    client, upcoming_session
):
    assert register_post(client, upcoming_session, "en@example.no").status_code == 302
    PageViewRestriction.objects.create(
        page=upcoming_session.get_parent(),
        restriction_type=PageViewRestriction.PASSWORD,
        password="hemmelig",
    )
    assert register_post(client, upcoming_session, "to@example.no").status_code == 404
