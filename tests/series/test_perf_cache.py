"""Cached pages and API answers are exact: the seats they show are never older than
the last registration, and a publish shows at once."""

import pytest
from django.core.cache import cache
from wagtail.rich_text import RichText

from series.models import SoTalkSessionPage

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def caches_on(settings):
    settings.SERIES_PAGE_CACHE_SECONDS = 600
    settings.SERIES_API_CACHE_SECONDS = 600


@pytest.fixture
def last_seat(upcoming_session):
    """The upcoming session with one seat left and no waiting list."""
    SoTalkSessionPage.objects.filter(
        translation_key=upcoming_session.translation_key
    ).update(capacity=1, waitlist_enabled=False)
    cache.clear()
    return SoTalkSessionPage.objects.get(pk=upcoming_session.pk)


def english(session):
    return SoTalkSessionPage.objects.get(
        translation_key=session.translation_key, locale__language_code="en"
    )


def api_state(client, session) -> tuple:
    response = client.get(f"/api/v3/series/sessions/{session.pk}/")
    registration = response.json()["registration"]
    return registration["state"], registration["seats_left"], response["X-API-Cache"]


def test_the_last_seat_shows_at_once_everywhere(
    client, last_seat, series_page, django_capture_on_commit_callbacks
):
    en = english(last_seat)
    urls = [last_seat.url, en.url, series_page.url]
    for url in urls:
        client.get(url)
        assert client.get(url)["X-Page-Cache"] == "hit"
    assert "1 ledig plass" in client.get(last_seat.url).content.decode()
    assert "1 seat left" in client.get(en.url).content.decode()
    api_state(client, last_seat)
    assert api_state(client, last_seat) == ("open", 1, "hit")

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/nb/registrations/sessions/{last_seat.pk}/",
            {"name": "Siste Plass", "email": "siste@example.no", "consent": "on"},
        )
    assert response.status_code == 302

    nb_page = client.get(last_seat.url)
    assert nb_page["X-Page-Cache"] == "miss"
    assert "1 ledig plass" not in nb_page.content.decode()
    assert "Fullt" in nb_page.content.decode()
    en_page = client.get(en.url)
    assert "1 seat left" not in en_page.content.decode()
    assert client.get(series_page.url)["X-Page-Cache"] == "miss"
    assert api_state(client, last_seat) == ("full", 0, "miss")
    assert api_state(client, en)[:2] == ("full", 0)


def test_a_cancellation_frees_the_seat_at_once(client, last_seat, register):
    registration = register(last_seat, "forste@example.no")
    assert api_state(client, last_seat)[:2] == ("full", 0)
    from series.domain.registration import registration_cancel

    registration_cancel(registration=registration)
    assert api_state(client, last_seat) == ("open", 1, "miss")


def test_api_answers_are_cached_with_an_etag(client, upcoming_session):
    url = "/api/v3/series/sessions/?locale=nb&limit=5&status=upcoming"
    first = client.get(url)
    second = client.get(url)
    assert (first["X-API-Cache"], second["X-API-Cache"]) == ("miss", "hit")
    assert first.content == second.content
    assert first["ETag"] == second["ETag"]
    assert first["X-Frame-Options"] == second["X-Frame-Options"]
    assert "max-age=600" in second["Cache-Control"]
    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    other = client.get(url.replace("limit=5", "limit=6"))
    assert other["X-API-Cache"] == "miss"


def test_publishing_a_session_or_speaker_refreshes_the_api(client, upcoming_session):
    url = f"/api/v3/series/sessions/{upcoming_session.pk}/"
    client.get(url)
    upcoming_session.title = "Ny tittel"
    upcoming_session.save_revision().publish()
    assert client.get(url).json()["title"] == "Ny tittel"
    speaker = upcoming_session.session_speakers.first().speaker
    speaker.organisation = "Ny organisasjon"
    speaker.save_revision().publish()
    speakers = client.get(url).json()["speakers"]
    assert "Ny organisasjon" in [item["organisation"] for item in speakers]


def test_signed_in_and_authorised_reads_are_not_shared(client, admin_user):
    url = "/api/v3/series/sessions/?locale=nb"
    client.get(url)
    assert "X-API-Cache" not in client.get(url, HTTP_AUTHORIZATION="Bearer x")
    client.force_login(admin_user)
    assert "X-API-Cache" not in client.get(url)


def test_body_fragments_follow_revisions_and_skip_previews(client, upcoming_session):
    assert client.get(upcoming_session.url).status_code == 200  # fragments kept
    draft = upcoming_session.get_latest_revision_as_object()
    draft.body = [("paragraph", RichText("<p>Bare i utkastet</p>"))]
    preview = draft.make_preview_request()
    assert "Bare i utkastet" in preview.render().content.decode()
    assert "Bare i utkastet" not in client.get(upcoming_session.url).content.decode()
    draft.save_revision().publish()
    assert "Bare i utkastet" in client.get(upcoming_session.url).content.decode()


def list_item(client, session, query: str = "") -> dict:
    """The session's item in an uncached list (a new query string each time)."""
    url = f"/api/v3/series/sessions/?locale=nb&status=upcoming{query}"
    response = client.get(url)
    assert response["X-API-Cache"] == "miss"
    return next(item for item in response.json()["items"] if item["id"] == session.pk)


def test_list_items_are_kept_and_a_speaker_publish_shows_at_once(
    client, upcoming_session, django_assert_max_num_queries
):
    list_item(client, upcoming_session, "&q=1")
    # Another URL misses the whole-answer cache but finds every item kept.
    with django_assert_max_num_queries(4):
        list_item(client, upcoming_session, "&q=2")
    speaker = upcoming_session.session_speakers.first().speaker
    speaker.organisation = "Ny organisasjon"
    speaker.save_revision().publish()
    speakers = list_item(client, upcoming_session, "&q=3")["speakers"]
    assert "Ny organisasjon" in [item["organisation"] for item in speakers]
    upcoming_session.title = "Ny tittel"
    upcoming_session.save_revision().publish()
    assert list_item(client, upcoming_session, "&q=4")["title"] == "Ny tittel"


def test_kept_list_items_show_each_registration_at_once(client, last_seat, register):
    before = list_item(client, last_seat, "&q=1")["registration"]
    assert before["seats_left"] == 1 and before["accepts_registrations"]
    register(last_seat, "siste@example.no")
    after = list_item(client, last_seat, "&q=2")["registration"]
    assert (after["state"], after["seats_left"]) == ("full", 0)


def test_kept_list_items_pass_into_the_past_without_a_publish(
    client, upcoming_session, settings
):
    from datetime import timedelta

    from django.utils import timezone

    item = list_item(client, upcoming_session, "&q=1")
    assert item["is_past"] is False
    # The session ends: the item kept before says so, without any publish.
    ended = timezone.now() - timedelta(minutes=1)
    SoTalkSessionPage.objects.filter(
        translation_key=upcoming_session.translation_key
    ).update(starts_at=ended - timedelta(hours=1), ends_at=ended)
    response = client.get("/api/v3/series/sessions/?locale=nb&status=past&q=2")
    item = next(i for i in response.json()["items"] if i["id"] == upcoming_session.pk)
    assert item["is_past"] is True
    assert item["registration"]["accepts_registrations"] is False


def listed(client, status: str, read: int) -> list[int]:
    url = f"/api/v3/series/sessions/?locale=nb&status={status}&limit=50&q={read}"
    response = client.get(url)
    assert response["X-API-Cache"] == "miss"
    return [item["id"] for item in response.json()["items"]]


def test_a_kept_list_takes_one_query_and_moves_a_session_into_the_past_as_it_ends(
    client, upcoming_session, clock, django_assert_max_num_queries
):
    assert upcoming_session.pk in listed(client, "upcoming", 1)
    assert upcoming_session.pk not in listed(client, "past", 2)
    # Kept: which sessions, and their items; only the seats are read again.
    with django_assert_max_num_queries(1):
        assert upcoming_session.pk in listed(client, "upcoming", 3)

    clock.set(upcoming_session.ends_at)  # still upcoming at the moment it ends
    assert upcoming_session.pk in listed(client, "upcoming", 4)
    clock.move(seconds=1)
    assert upcoming_session.pk not in listed(client, "upcoming", 5)
    assert upcoming_session.pk in listed(client, "past", 6)


def test_list_answer_matches_its_schema(client, upcoming_session):
    """Rendered without validation, the list still is what its schema says."""
    import json

    from ninja.responses import NinjaJSONEncoder

    from series.api.schemas import SessionListOut

    response = client.get("/api/v3/series/sessions/?locale=nb&q=1")
    body = response.json()
    validated = SessionListOut.model_validate(body).model_dump()
    assert body == json.loads(json.dumps(validated, cls=NinjaJSONEncoder))
    assert any(item["speakers"] for item in body["items"])
    assert response["Content-Type"].startswith("application/json")


def test_series_page_cards_follow_each_publish_and_each_registration(
    client, last_seat, series_page, register
):
    """Card text is kept per content version; the seats beside it never are."""

    def card_of(session) -> str:
        html = client.get(series_page.url + f"?q={session.title}-{len(html_seen)}")
        html_seen.append(html)
        page = html.content.decode()
        start = page.index(f'href="{session.url}"')
        return page[start : page.index("</article>", start)]

    html_seen: list = []
    assert "1 ledig plass" in card_of(last_seat)
    last_seat.title = "Ny tittel på kortet"
    last_seat.save_revision().publish()
    assert "Ny tittel på kortet" in card_of(last_seat)
    register(last_seat, "siste@example.no")
    card = card_of(last_seat)
    assert "1 ledig plass" not in card and "Fullt" in card
