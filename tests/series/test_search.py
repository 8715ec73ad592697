"""Site search: sessions, series and speakers in the visitor's language, through
Wagtail search; the API's `?search=`; bad input; queries constant in the results."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from series.models import SeriesIndexPage, SoTalkSessionPage
from series.read.search import QUERY_MAX_LENGTH

pytestmark = pytest.mark.django_db

UPCOMING = "financing-collaboration"


@pytest.fixture
def indexed(db):
    """The demo in the search index, as the worker leaves it after seeding."""
    call_command("update_index", verbosity=0)


def search(client, language: str, query: str, **params):
    return client.get(f"/{language}/search/", {"q": query, **params})


def add_session(series, title: str, *, days: int = 10, **fields) -> SoTalkSessionPage:
    starts = timezone.now() + timedelta(days=days)
    session = series.add_child(
        instance=SoTalkSessionPage(
            title=title,
            lead=fields.pop("lead", ""),
            starts_at=starts,
            ends_at=starts + timedelta(hours=1),
            **fields,
        )
    )
    session.save_revision().publish()
    return session


def test_the_home_page_has_a_search_box_in_each_language(client):
    for language, label in (
        ("nb", "Søk etter arrangementer, serier og innledere"),
        ("en", "Search sessions, series and speakers"),
    ):
        html = client.get(f"/{language}/").content.decode()
        assert f'action="/{language}/search/"' in html
        assert label in html
        assert 'role="search"' in html


def test_sessions_series_and_speakers_are_found_in_the_visitors_language(
    client, indexed
):
    html = search(client, "en", "infrastructure").content.decode()
    assert "SoTalk series on the 17.17 infrastructure" in html
    assert "/en/" in html and "/nb/sotalk-serie" not in html
    html = search(client, "nb", "infrastrukturen").content.decode()
    assert "SoTalk serie om 17.17 infrastrukturen" in html
    assert "SoTalk series on the 17.17 infrastructure" not in html


def test_a_session_result_shows_date_with_time_zone_and_registration_state(
    client, indexed, upcoming_session
):
    html = search(client, "en", upcoming_session.title).content.decode()
    assert upcoming_session.title in html
    assert 'class="tz">(CE' in html  # CET or CEST
    assert "Open for registration" in html or "seats left" in html
    assert f"{upcoming_session.localized.url}#register" in html or "#register" in html


def test_a_speaker_is_found_by_name_with_their_sessions(client, indexed):
    from series.models import Speaker

    speaker = Speaker.objects.filter(locale__language_code="nb").first()
    html = search(client, "nb", speaker.name).content.decode()
    assert speaker.name in html
    assert "Innleder på:" in html or "Innledere" in html


def test_an_empty_query_explains_what_to_search_for(client):
    response = search(client, "en", "   ")
    assert response.status_code == 200
    assert "Write a word or two to search" in response.content.decode()
    response = search(client, "nb", "")
    assert "Skriv" in response.content.decode()


def test_no_results_says_so_and_suggests_what_to_do(client, indexed):
    html = search(client, "en", "xylophone").content.decode()
    assert "Nothing matches “xylophone”." in html
    html = search(client, "nb", "xylofon").content.decode()
    assert "Ingen treff på «xylofon»." in html


@pytest.mark.parametrize(
    "query, message",
    [
        ("x" * (QUERY_MAX_LENGTH + 1), "Use at most 200 characters."),
        ("a\x00b", "Remove the invisible control characters."),
        ("a\u200bb", "Remove the invisible control characters."),
    ],
)
def test_bad_queries_get_a_clear_error_not_a_500(client, query, message):
    response = search(client, "en", query)
    assert response.status_code == 400
    assert message in response.content.decode()


def test_a_page_number_past_the_end_shows_the_last_page(client, indexed):
    response = search(client, "en", "sotalk", page="999")
    assert response.status_code == 200
    response = search(client, "en", "sotalk", page="abc")
    assert response.status_code == 200


def test_a_published_session_is_found_after_the_worker_runs(
    client, series_page, run_worker
):
    add_session(series_page, "Kompostering i bakgården", lead="Jord og byhager")
    run_worker()  # Wagtail indexes on save through the task queue
    html = search(client, "nb", "kompostering").content.decode()
    assert "Kompostering i bakgården" in html


def test_unpublished_and_restricted_sessions_are_not_found(
    client, series_page, run_worker
):
    from wagtail.models import PageViewRestriction

    hidden = add_session(series_page, "Hemmelig hagearbeid")
    closed = add_session(series_page, "Lukket hagearbeid")
    PageViewRestriction.objects.create(
        page=closed, restriction_type="password", password="x"
    )
    run_worker()
    hidden.unpublish()
    html = search(client, "nb", "hagearbeid").content.decode()
    assert "Hemmelig hagearbeid" not in html
    assert "Lukket hagearbeid" not in html
    assert "Ingen treff" in html


def test_each_language_is_searched_with_its_own_stemming(
    client, series_page, run_worker
):
    """PostgreSQL: Norwegian stems on /nb/, English on /en/. SQLite's full text
    matches whole words."""
    add_session(series_page, "Grønne byer og parker")
    english = SeriesIndexPage.objects.get(
        translation_key=series_page.translation_key, locale__language_code="en"
    )
    add_session(english, "Greener cities")
    run_worker()
    stemmed = connection.vendor == "postgresql"
    nb_query, en_query = ("parken", "city") if stemmed else ("parker", "cities")
    assert "Grønne byer og parker" in search(client, "nb", nb_query).content.decode()
    assert "Greener cities" in search(client, "en", en_query).content.decode()


def queries_for(client, query: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = search(client, "nb", query)
    assert response.status_code == 200
    return len(queries)


def add_speaker(name: str, session: SoTalkSessionPage):
    from series.models import SessionSpeaker, Speaker

    speaker = Speaker.objects.create(locale=session.locale, name=name, role="Gründer")
    speaker.save_revision().publish()
    SessionSpeaker.objects.create(page=session, speaker=speaker, locale=session.locale)
    return speaker


def test_queries_are_constant_in_the_number_of_results(client, series_page, indexed):
    first = add_session(series_page, "Telling alpha")
    add_speaker("Telling Taler 0", first)
    call_command("update_index", verbosity=0)
    search(client, "nb", "telling")  # per-process caches (content types, sites) warm
    one = queries_for(client, "telling")
    for n in range(6):
        session = add_session(series_page, f"Telling beta {n}", days=20 + n)
        add_speaker(f"Telling Taler {n + 1}", session)
    call_command("update_index", verbosity=0)
    html = search(client, "nb", "telling").content.decode()
    assert html.count('<article class="session-card') == 7
    assert html.count("Telling Taler") == 7
    assert queries_for(client, "telling") == one


def test_the_query_is_shown_escaped(client, indexed):
    html = search(client, "en", "<script>alert(1)</script>").content.decode()
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)" in html


def api_sessions(client, **params):
    return client.get("/api/v3/series/sessions/", params)


def test_the_api_session_list_searches_in_the_locales_language(
    client, indexed, upcoming_session
):
    everything = api_sessions(client, locale="en").json()["count"]
    body = api_sessions(client, locale="en", search="financing").json()
    assert 1 <= body["count"] < everything
    assert {item["locale"] for item in body["items"]} == {"en"}
    assert any("inancing" in item["title"] for item in body["items"])
    assert api_sessions(client, locale="nb", search="xylofon").json()["count"] == 0


def test_the_api_search_combines_with_status(client, indexed):
    past = api_sessions(client, locale="en", search="mobilising", status="past")
    upcoming = api_sessions(client, locale="en", search="mobilising", status="upcoming")
    assert past.json()["count"] == 1
    assert upcoming.json()["count"] == 0


def test_a_bad_api_search_is_a_clear_422(client):
    response = api_sessions(client, locale="en", search="x" * (QUERY_MAX_LENGTH + 1))
    assert response.status_code == 422
    body = response.json()
    assert body["type"] == "validation-error"
    assert body["errors"][0]["loc"] == ["query", "search"]
    assert "200 characters" in body["errors"][0]["msg"]
    response = api_sessions(client, locale="en", search="a\x00b")
    assert response.status_code == 422
