"""The app in a bare Wagtail site: its pages, files and API answer from its own
templates, in every content language, and never show the join link."""

import pytest

pytestmark = pytest.mark.django_db

JOIN_URL = "https://meet.example.org/plugin-secret"


@pytest.fixture
def translated(make_session, translate, series_page):
    for code in ("nn", "en"):
        translate(series_page, code)
    session = make_session(title="Første økt")
    return {"nb": session, **{code: translate(session, code) for code in ("nn", "en")}}


@pytest.mark.parametrize(
    "url",
    [
        "/{lang}/serie/",
        "/{lang}/serie/{slug}/",
        "/{lang}/serie/{slug}/calendar.ics",
        "/{lang}/serie/calendar.ics",
        "/{lang}/serie/feed.xml",
    ],
)
@pytest.mark.parametrize("lang", ["nb", "nn", "en"])
def test_pages_and_files_answer_in_every_language(client, translated, url, lang):
    response = client.get(url.format(lang=lang, slug=translated[lang].slug))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Første økt" in body or "Serie" in body
    assert JOIN_URL not in body


def test_session_page_uses_the_apps_own_templates(client, translated):
    response = client.get(f"/nn/serie/{translated['nn'].slug}/")
    names = {template.name for template in response.templates}
    assert {"series/so_talk_session_page.html", "series/base.html"} <= names


def test_sitemap_and_api_list_every_language(client, translated):
    assert client.get("/sitemap.xml").status_code == 200
    openapi = client.get("/api/v3/openapi.json").json()
    assert {
        "/api/v3/series/",
        "/api/v3/series/sessions/",
        "/api/v3/series/sessions/{id}/",
        "/api/v3/series/speakers/",
    } <= set(openapi["paths"])
    for code in ("nb", "nn", "en"):
        data = client.get(f"/api/v3/series/sessions/?locale={code}").json()
        [item] = data["items"]
        assert item["locale"] == code
        assert item["time_zone"] == "Europe/Oslo"
        assert {t["locale"] for t in item["translations"]} == {"nb", "nn", "en"}
        assert JOIN_URL not in str(data)
