from datetime import datetime, timedelta

import pytest
import wagtail_factories
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate as validate_openapi
from wagtail.models import Locale

from home.models import HomePage
from series.models import Registration, SoTalkSessionPage

from ..factories import (
    SeriesIndexPageFactory,
    SessionSpeakerFactory,
    SoTalkSessionPageFactory,
    SpeakerFactory,
    in_days,
)

pytestmark = pytest.mark.django_db

API = "/api/v3/series"
SERIES_PATHS = {
    "/api/v3/series/",
    "/api/v3/series/sessions/",
    "/api/v3/series/sessions/{id}/",
    "/api/v3/series/speakers/",
}
DEMO_SLUG = "mobilising-citizens-and-aligning-initiatives"


def get_json(client, url: str, status: int = 200, **headers):
    response = client.get(url, **headers)
    assert response.status_code == status, response.content
    return response.json()


def translation_of(page, language: str):
    return page.get_translation(Locale.objects.get(language_code=language))


@pytest.fixture
def openapi(client) -> dict:
    return get_json(client, "/api/v3/openapi.json")


def assert_matches_schema(openapi: dict, data, component: str) -> None:
    schema = {"$ref": f"#/components/schemas/{component}", **openapi}
    errors = list(Draft202012Validator(schema).iter_errors(data))
    assert not errors, errors[0]


# The schema


def test_openapi_schema_covers_every_series_route_and_validates(openapi):
    assert set(openapi["paths"]) >= SERIES_PATHS
    for path in SERIES_PATHS:
        operation = openapi["paths"][path]["get"]
        assert operation["tags"] == ["series"]
        assert (
            "$ref"
            in operation["responses"]["200"]["content"]["application/json"]["schema"]
        )
    # Wagtail's own "AllowAnonymous" security scheme lacks `scheme` and fails the
    # validator; the series part is validated on its own.
    series_only = {
        "openapi": openapi["openapi"],
        "info": openapi["info"],
        "paths": {path: openapi["paths"][path] for path in SERIES_PATHS},
        "components": {"schemas": openapi["components"]["schemas"]},
    }
    validate_openapi(series_only)


def test_session_schema_documents_the_contract_fields(openapi):
    session = openapi["components"]["schemas"]["SessionDetailOut"]["properties"]
    for name in ("id", "title", "url", "starts_at", "ends_at", "speakers", "body"):
        assert name in session
    assert "join_url" not in session


# Series


@pytest.mark.parametrize(
    ("language", "title"),
    [
        ("nb", "SoTalk serie om 17.17 infrastrukturen"),
        ("en", "SoTalk series on the 17.17 infrastructure"),
    ],
)
def test_series_in_each_language(client, openapi, language, title):
    data = get_json(client, f"{API}/?locale={language}")
    assert_matches_schema(openapi, data, "SeriesListOut")
    assert data["count"] == 1
    series = data["items"][0]
    assert series["title"] == title
    assert series["locale"] == language
    assert series["intro"].startswith("<p>")
    assert series["time_zone"] == "Europe/Oslo"
    assert {t["locale"] for t in series["translations"]} == {"nb", "en"}
    assert series["calendar_url"] == series["url"] + "calendar.ics"
    assert series["feed_url"] == series["url"] + "feed.xml"


def test_locale_defaults_to_the_site_language(client):
    assert get_json(client, f"{API}/")["items"][0]["locale"] == "nb"


# Sessions


def test_upcoming_sessions_in_english_soonest_first(client, openapi, series_page):
    later = SoTalkSessionPageFactory(parent=series_page, starts_at=in_days(60))
    sooner = SoTalkSessionPageFactory(parent=series_page, starts_at=in_days(1))
    data = get_json(client, f"{API}/sessions/?locale=en&status=upcoming")
    assert_matches_schema(openapi, data, "SessionListOut")
    # The factory pages exist only in Norwegian.
    assert {item["locale"] for item in data["items"]} == {"en"}
    assert data["count"] == 2
    nb = get_json(client, f"{API}/sessions/?locale=nb&status=upcoming")
    ids = [item["id"] for item in nb["items"]]
    assert ids.index(sooner.pk) < ids.index(later.pk)
    starts = [datetime.fromisoformat(item["starts_at"]) for item in nb["items"]]
    assert starts == sorted(starts)
    assert all(
        datetime.fromisoformat(item["ends_at"]) >= timezone.now()
        for item in nb["items"]
    )


def test_past_sessions_newest_first(client, series_page):
    old = SoTalkSessionPageFactory(parent=series_page, starts_at=in_days(-4000))
    data = get_json(client, f"{API}/sessions/?locale=nb&status=past")
    ids = [item["id"] for item in data["items"]]
    demo = SoTalkSessionPage.objects.get(locale__language_code="nb", slug=DEMO_SLUG)
    assert ids == [demo.pk, old.pk]
    assert all(item["is_past"] for item in data["items"])


def test_pagination_is_stable(client, series_page):
    for days in (3, 3, 3, 4):
        SoTalkSessionPageFactory(parent=series_page, starts_at=in_days(days))
    everything = get_json(client, f"{API}/sessions/?locale=nb&limit=50")
    pages = [
        get_json(client, f"{API}/sessions/?locale=nb&limit=2&offset={offset}")
        for offset in range(0, everything["count"], 2)
    ]
    assert [item["id"] for page in pages for item in page["items"]] == [
        item["id"] for item in everything["items"]
    ]
    assert {page["count"] for page in pages} == {everything["count"]}


def test_sessions_of_one_series_by_any_translation_id(client, series_page):
    en_series = translation_of(series_page, "en")
    data = get_json(client, f"{API}/sessions/?locale=en&series={series_page.pk}")
    assert data["count"] == 3
    assert all(item["series"]["id"] == en_series.pk for item in data["items"])
    get_json(client, f"{API}/sessions/?series=987654", status=404)


@pytest.mark.parametrize(
    ("language", "time_display", "held_in", "abbreviation"),
    [
        ("nb", "torsdag 28. oktober 2021 kl. 09.00–10.15", "Holdes på engelsk", "CEST"),
        ("en", "Thursday 28 October 2021, 09:00–10:15", "Held in English", "CEST"),
    ],
)
def test_demo_session_without_speakers(
    client, openapi, nb_session, language, time_display, held_in, abbreviation
):
    page = translation_of(nb_session, language)
    data = get_json(client, f"{API}/sessions/{page.pk}/")
    assert_matches_schema(openapi, data, "SessionDetailOut")
    assert data["id"] == page.pk
    assert data["locale"] == language
    assert data["title"].startswith("SoTalk 17.17: Mobilising citizens")
    assert data["lead"].startswith("How can we mobilise")
    assert data["text_language"] == "en"
    assert data["starts_at"] == "2021-10-28T09:00:00+02:00"
    assert data["ends_at"] == "2021-10-28T10:15:00+02:00"
    assert data["time_zone"] == "Europe/Oslo"
    assert data["time_zone_abbreviation"] == abbreviation
    assert data["time_display"] == time_display
    assert data["format"] == "online"
    assert data["delivery_language"] == "en"
    assert data["delivery_language_display"] == held_in
    assert data["speakers"] == []
    assert data["registration"]["state"] == "past"
    assert data["url"].endswith(page.url)
    assert {t["locale"]: t["id"] for t in data["translations"]} == {
        "nb": nb_session.pk,
        "en": translation_of(nb_session, "en").pk,
    }
    paragraphs = [block for block in data["body"] if block["type"] == "paragraph"]
    assert len(paragraphs) == 5
    assert "<p>Cities are traditionally strong" in paragraphs[0]["html"]
    assert "politician" in paragraphs[3]["value"]


@pytest.mark.parametrize(
    ("language", "role"), [("nb", "Politiker"), ("en", "Politician")]
)
def test_session_with_speakers_embeds_them(client, upcoming_session, language, role):
    page = translation_of(upcoming_session, language)
    data = get_json(client, f"{API}/sessions/{page.pk}/")
    assert [s["name"] for s in data["speakers"]] == [
        "Ingrid Haugen",
        "Lars Moen",
        "Amina Yusuf",
    ]
    moderator = data["speakers"][0]
    assert moderator["session_role"] == "Moderator"
    assert moderator["role"] == role
    assert moderator["organisation"] == "Oslo bystyre"
    assert moderator["locale"] == language
    photo = moderator["photo"]
    assert photo["alt"] == "Portrait of Ingrid Haugen"
    assert [(r["width"], r["height"]) for r in photo["renditions"]] == [
        (240, 240),
        (480, 480),
    ]
    assert all(
        r["url"].startswith("http://testserver/media/") for r in photo["renditions"]
    )
    assert data["registration"] == {
        "state": "open",
        "accepts_registrations": True,
        "seats_left": 100,
        "capacity": 100,
        "waitlist_enabled": True,
        "opens_at": None,
        "closes_at": data["starts_at"],
        "asks_access_needs": True,  # the demo series asks about accommodations
    }


def test_detail_returns_the_requested_translation(client, nb_session):
    en = translation_of(nb_session, "en")
    assert get_json(client, f"{API}/sessions/{en.pk}/?locale=nb")["id"] == nb_session.pk
    assert get_json(client, f"{API}/sessions/{nb_session.pk}/?locale=en")["id"] == en.pk


def test_session_only_in_norwegian_is_404_in_english(client, series_page):
    session = SoTalkSessionPageFactory(parent=series_page)
    get_json(client, f"{API}/sessions/{session.pk}/")
    response = client.get(f"{API}/sessions/{session.pk}/?locale=en")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["status"] == 404


def test_unpublished_session_is_gone_from_the_api(client, upcoming_session):
    upcoming_session.unpublish()
    response = client.get(f"{API}/sessions/{upcoming_session.pk}/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    listed = get_json(client, f"{API}/sessions/?locale=nb")
    assert upcoming_session.pk not in [item["id"] for item in listed["items"]]


def test_invalid_parameters_are_problem_details(client):
    for url in (
        f"{API}/sessions/?status=someday",
        f"{API}/sessions/?locale=de",
        f"{API}/sessions/?limit=0",
        f"{API}/sessions/0/",
    ):
        response = client.get(url)
        assert response.status_code == 422, url
        assert response["Content-Type"] == "application/problem+json"
        assert response.json()["errors"]


def test_seats_left_and_waiting_list(client, upcoming_session):
    SoTalkSessionPage.objects.filter(pk=upcoming_session.pk).update(capacity=2)
    url = f"{API}/sessions/{translation_of(upcoming_session, 'en').pk}/"
    for n, status in enumerate(["confirmed", "cancelled", "waitlisted"]):
        Registration.objects.create(
            session=upcoming_session,
            name="x",
            email=f"p{n}@example.no",
            language="nb",
            status=status,
        )
    assert get_json(client, url)["registration"]["seats_left"] == 1
    Registration.objects.create(
        session=upcoming_session,
        email="p9@example.no",
        language="en",
        status="confirmed",
    )
    registration = get_json(client, url)["registration"]
    assert (registration["seats_left"], registration["state"]) == (0, "waitlist")


def test_speakers_in_each_language(client, openapi, upcoming_session):
    for language, role in (("nb", "Politiker"), ("en", "Politician")):
        data = get_json(client, f"{API}/speakers/?locale={language}")
        assert_matches_schema(openapi, data, "SpeakerListOut")
        names = [speaker["name"] for speaker in data["items"]]
        assert names == sorted(names)
        ingrid = next(s for s in data["items"] if s["name"] == "Ingrid Haugen")
        assert ingrid["role"] == role
        session = translation_of(upcoming_session, language)
        assert ingrid["session_ids"] == [session.pk]


def test_draft_speakers_are_not_listed(client):
    SpeakerFactory(name="Not Yet Published", live=False)
    data = get_json(client, f"{API}/speakers/?locale=nb&limit=50")
    assert "Not Yet Published" not in [s["name"] for s in data["items"]]


def test_join_url_is_in_no_response(client, upcoming_session):
    assert "meet.example.org" in upcoming_session.join_url
    urls = [f"{API}/{suffix}" for suffix in ("", "speakers/", "sessions/")]
    urls = [f"{url}?locale={lang}" for url in urls for lang in ("nb", "en")]
    sessions = SoTalkSessionPage.objects.all()
    urls += [f"{API}/sessions/{page.pk}/" for page in sessions]
    # Wagtail's own page API shows the api_fields: the join link is not one of them.
    urls += [f"/api/v3/pages/{page.pk}/" for page in sessions]
    urls.append("/api/v3/pages/?type=series.SoTalkSessionPage")
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "meet.example.org" not in response.content.decode(), url
        assert "join_url" not in response.content.decode(), url
    assert "meet.example.org" not in client.get("/api/v3/openapi.json").content.decode()


# HTTP: caching, conditional GET, CORS


def test_reads_carry_validators_and_answer_304(client, upcoming_session):
    url = f"{API}/sessions/{upcoming_session.pk}/"
    response = client.get(url)
    assert response["Cache-Control"] == "public, max-age=60"
    etag, last_modified = response["ETag"], response["Last-Modified"]
    again = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=last_modified).status_code == 304
    assert client.get(url, HTTP_IF_NONE_MATCH='"stale"').status_code == 200


def test_a_new_registration_invalidates_the_validators(client, upcoming_session):
    url = f"{API}/sessions/?locale=nb&status=upcoming"
    first = client.get(url)
    since = {"HTTP_IF_MODIFIED_SINCE": first["Last-Modified"]}
    assert client.get(url, **since).status_code == 304
    Registration.objects.create(
        session=upcoming_session,
        email="new@example.no",
        language="nb",
        status="confirmed",
    )
    # Last-Modified has one-second resolution: make the change visibly later.
    Registration.objects.filter(email="new@example.no").update(
        updated_at=timezone.now() + timedelta(seconds=2)
    )
    second = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert second.status_code == 200
    assert second["ETag"] != first["ETag"]
    assert client.get(url, **since).status_code == 200


def test_cors_allows_configured_origins_only(client, settings):
    settings.CORS_ALLOWED_ORIGINS = ["https://app.example.org"]
    allowed = client.get(f"{API}/", HTTP_ORIGIN="https://app.example.org")
    assert allowed["Access-Control-Allow-Origin"] == "https://app.example.org"
    refused = client.get(f"{API}/", HTTP_ORIGIN="https://evil.example.com")
    assert refused.status_code == 200
    assert "Access-Control-Allow-Origin" not in refused
    # A JSON POST (registration) from another origin is preflighted.
    for origin, allowed in (
        ("https://app.example.org", True),
        ("https://evil.example.com", False),
    ):
        preflight = client.options(
            f"{API}/sessions/",
            HTTP_ORIGIN=origin,
            HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
            HTTP_ACCESS_CONTROL_REQUEST_HEADERS="content-type",
        )
        assert ("Access-Control-Allow-Origin" in preflight) is allowed


# Query counts


@pytest.fixture
def build_series():
    """A series of `sessions` sessions with `speakers` speakers each, with photos and
    bios (internal page links would add Wagtail's per-link locale lookup)."""
    home = HomePage.objects.get(locale__language_code="nb")
    photos = [wagtail_factories.ImageFactory() for _ in range(3)]

    def build(sessions: int, speakers: int, bio: str = ""):
        series = SeriesIndexPageFactory(parent=home)
        bio = bio or '<p>Works at <a href="https://example.org/">Example</a>.</p>'
        people = [
            SpeakerFactory(photo=photos[n % 3], bio=bio.format(series=series))
            for n in range(max(speakers, 1) * 2)
        ]
        pages = []
        for n in range(sessions):
            page = SoTalkSessionPageFactory(parent=series, starts_at=in_days(n + 1))
            for k in range(speakers):
                SessionSpeakerFactory(page=page, speaker=people[(n + k) % len(people)])
            pages.append(page)
        return series, pages

    return build


def count_queries(client, url: str) -> int:
    client.get(url)  # renditions and the site's root paths are made once
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_list_and_detail_queries_do_not_grow_with_data(client, build_series):
    small_series, small = build_series(sessions=1, speakers=1)
    large_series, large = build_series(sessions=25, speakers=4)
    list_url = f"{API}/sessions/?locale=nb&limit=50&series="
    counts = {
        "list small": count_queries(client, f"{list_url}{small_series.pk}"),
        "list large": count_queries(client, f"{list_url}{large_series.pk}"),
        "detail small": count_queries(client, f"{API}/sessions/{small[0].pk}/"),
        "detail large": count_queries(client, f"{API}/sessions/{large[-1].pk}/"),
    }
    assert get_json(client, f"{list_url}{large_series.pk}")["count"] == 25
    assert counts["list small"] == counts["list large"] <= 13, counts
    assert counts["detail small"] == counts["detail large"] <= 10, counts
    speakers_small = count_queries(client, f"{API}/speakers/?locale=nb&limit=1")
    speakers_large = count_queries(client, f"{API}/speakers/?locale=nb&limit=50")
    assert speakers_small == speakers_large <= 5


def test_speaker_bios_are_front_end_html(client, build_series):
    bio = '<p>Speaks in <a linktype="page" id="{series.pk}">this series</a>.</p>'
    series, pages = build_series(sessions=1, speakers=1, bio=bio)
    data = get_json(client, f"{API}/sessions/{pages[0].pk}/")
    assert f'<a href="{series.url}">this series</a>' in data["speakers"][0]["bio"]


# Property-based: no parameter makes the read API fail


def query_value():
    return st.one_of(
        st.none(),
        st.integers(min_value=-(2**70), max_value=2**70).map(str),
        st.sampled_from(["nb", "en", "upcoming", "past", "", "de", "0", "1e9"]),
        st.text(max_size=12),
    )


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    path=st.sampled_from(["/", "/sessions/", "/speakers/", "/sessions/{id}/"]),
    page_id=st.integers(min_value=-(2**40), max_value=2**40),
    params=st.dictionaries(
        st.sampled_from(["locale", "status", "limit", "offset", "series"]),
        query_value(),
        max_size=4,
    ),
)
def test_no_query_parameters_cause_a_server_error(
    client, openapi, path, page_id, params
):
    query = {name: value for name, value in params.items() if value is not None}
    response = client.get(API + path.replace("{id}", str(page_id)), query)
    assert response.status_code < 500
    if response.status_code == 200:
        component = {
            "/": "SeriesListOut",
            "/sessions/": "SessionListOut",
            "/speakers/": "SpeakerListOut",
            "/sessions/{id}/": "SessionDetailOut",
        }[path]
        assert_matches_schema(openapi, response.json(), component)
    else:
        assert response["Content-Type"] == "application/problem+json"
