import pytest
from django.core.cache import cache

from series.read.versions import CONTENT_KEY

from ..factories import SoTalkSessionPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.SERIES_PAGE_CACHE_SECONDS = 10


@pytest.fixture
def session(series_page):
    session = SoTalkSessionPageFactory(parent=series_page, capacity=5)
    session.save_revision().publish()
    return session


def test_anonymous_views_are_served_from_the_cache(client, session):
    first = client.get(session.url)
    second = client.get(session.url)
    assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "hit")
    assert first.content == second.content
    assert "max-age=10" in second["Cache-Control"]


def test_editors_with_a_session_bypass_the_cache(client, session, admin_user):
    client.get(session.url)
    client.force_login(admin_user)
    response = client.get(session.url)
    assert "X-Page-Cache" not in response
    assert b"wagtail-userbar" in response.content or b"w-userbar" in response.content


def test_publishing_shows_at_once(client, session):
    client.get(session.url)
    session.title = "A new title"
    session.save_revision().publish()
    response = client.get(session.url)
    assert response["X-Page-Cache"] == "miss"
    assert b"A new title" in response.content


def test_publishing_a_speaker_clears_the_cache(client, upcoming_session):
    client.get(upcoming_session.url)
    speaker = upcoming_session.session_speakers.first().speaker
    speaker.organisation = "Ny organisasjon"
    speaker.save_revision().publish()
    assert b"Ny organisasjon" in client.get(upcoming_session.url).content


def test_form_errors_and_typed_data_are_never_cached(client, session):
    client.get(session.url)
    response = client.post(
        f"/nb/registrations/sessions/{session.pk}/",
        {"name": "Hemmelig Navn", "email": "not-an-email"},
    )
    assert response.status_code == 422
    page = client.get(session.url)
    assert b"Hemmelig Navn" not in page.content
    assert b"csrfmiddlewaretoken" not in page.content
    assert "Set-Cookie" not in page


def test_registrants_pages_and_the_api_are_not_cached(client, session):
    for url in ["/nb/registrations/find/", "/api/v3/series/sessions/"]:
        client.get(url)
        assert "X-Page-Cache" not in client.get(url)


def test_the_version_lives_in_the_shared_cache(client, session):
    client.get(session.url)
    before = cache.get(CONTENT_KEY) or 0
    session.save_revision().publish()
    assert cache.get(CONTENT_KEY) > before
