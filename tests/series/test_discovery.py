import json
import re
from xml.etree import ElementTree

import pytest
import wagtail_factories
from wagtail.models import Locale, Page

from series.models import Registration, SoTalkSessionPage

from ..factories import SoTalkSessionPageFactory

pytestmark = pytest.mark.django_db

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"
SCHEMA = "https://schema.org/"
JSONLD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def translation_of(page, language: str):
    return page.get_translation(Locale.objects.get(language_code=language))


def jsonld_of(client, url: str) -> dict:
    html = client.get(url).content.decode()
    [data] = JSONLD.findall(html)
    return json.loads(data)


def meta(html: str, name: str) -> str:
    match = re.search(
        rf'<meta (?:property|name)="{re.escape(name)}" content="([^"]*)"', html
    )
    assert match, name
    return match.group(1)


def test_demo_session_is_a_schema_org_event(client, nb_session):
    data = jsonld_of(client, nb_session.url)
    page_url = f"http://testserver{nb_session.url}"
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "Event"
    assert data["name"] == nb_session.title
    assert data["description"].startswith("How can we mobilise")
    assert data["startDate"] == "2021-10-28T09:00:00+02:00"
    assert data["endDate"] == "2021-10-28T10:15:00+02:00"
    assert data["eventAttendanceMode"] == SCHEMA + "OnlineEventAttendanceMode"
    assert data["eventStatus"] == SCHEMA + "EventScheduled"
    assert data["location"] == {"@type": "VirtualLocation", "url": page_url}
    assert data["organizer"]["name"] == "SoCentral"
    assert data["inLanguage"] == "en"  # held in English on the Norwegian site
    assert data["isAccessibleForFree"] is True
    assert data["performer"] == []
    assert data["offers"]["availability"] == SCHEMA + "SoldOut"  # it is over
    assert data["offers"]["price"] == "0"


def test_upcoming_session_event_has_performers_and_open_offers(
    client, upcoming_session
):
    en_session = translation_of(upcoming_session, "en")
    data = jsonld_of(client, en_session.url)
    assert [p["name"] for p in data["performer"]] == [
        "Ingrid Haugen",
        "Lars Moen",
        "Amina Yusuf",
    ]
    assert data["performer"][0]["jobTitle"] == "Politician"
    assert data["performer"][0]["affiliation"]["name"] == "Oslo bystyre"
    assert data["offers"]["availability"] == SCHEMA + "InStock"
    assert data["offers"]["url"] == f"http://testserver{en_session.url}#register"
    assert upcoming_session.join_url not in json.dumps(data)


def test_full_session_without_waiting_list_is_sold_out(client, upcoming_session):
    SoTalkSessionPage.objects.filter(pk=upcoming_session.pk).update(
        capacity=1, waitlist_enabled=False
    )
    Registration.objects.create(
        session=upcoming_session,
        email="a@example.no",
        language="nb",
        status="confirmed",
    )
    data = jsonld_of(client, upcoming_session.url)
    assert data["offers"]["availability"] == SCHEMA + "SoldOut"


@pytest.mark.parametrize(
    ("changes", "mode", "status"),
    [
        ({"event_status": "cancelled"}, "Online", "EventCancelled"),
        ({"event_status": "postponed"}, "Online", "EventPostponed"),
        (
            {"format": "in_person", "venue": "Kulturhuset, Oslo"},
            "Offline",
            "EventScheduled",
        ),
        ({"format": "hybrid", "venue": "Kulturhuset, Oslo"}, "Mixed", "EventScheduled"),
    ],
)
def test_event_mode_status_and_place(client, upcoming_session, changes, mode, status):
    SoTalkSessionPage.objects.filter(pk=upcoming_session.pk).update(**changes)
    data = jsonld_of(client, upcoming_session.url)
    assert data["eventAttendanceMode"] == f"{SCHEMA}{mode}EventAttendanceMode"
    assert data["eventStatus"] == SCHEMA + status
    places = (
        data["location"] if isinstance(data["location"], list) else [data["location"]]
    )
    types = {place["@type"] for place in places}
    assert (
        types
        == {
            "Online": {"VirtualLocation"},
            "Offline": {"Place"},
            "Mixed": {"Place", "VirtualLocation"},
        }[mode]
    )
    for place in places:
        if place["@type"] == "Place":
            assert place["name"] == "Kulturhuset, Oslo"


def test_jsonld_cannot_be_broken_out_of(client, series_page):
    title = 'Breaking </script><script>alert("x")</script> & co'
    session = SoTalkSessionPageFactory(parent=series_page, title=title)
    html = client.get(session.url).content.decode()
    assert "<script>alert" not in html
    [data] = JSONLD.findall(html)
    assert "<" not in data and "&" not in data
    assert json.loads(data)["name"] == title


def test_share_tags_with_a_rendition_image(client, upcoming_session):
    image = wagtail_factories.ImageFactory(
        title="Kulturhuset",
        description="People in a hall",
        file__width=1600,
        file__height=900,
    )
    SoTalkSessionPage.objects.filter(pk=upcoming_session.pk).update(hero_image=image)
    html = client.get(upcoming_session.url).content.decode()
    page_url = f"http://testserver{upcoming_session.url}"
    assert f'<link rel="canonical" href="{page_url}">' in html
    assert meta(html, "og:url") == page_url
    assert meta(html, "og:title") == upcoming_session.title
    assert meta(html, "og:description").startswith("Who pays for collaboration")
    assert meta(html, "og:locale") == "nb_NO"
    assert meta(html, "og:locale:alternate") == "en_GB"
    assert meta(html, "og:image").startswith("http://testserver/media/images/")
    assert ".fill-1200x630" in meta(html, "og:image")
    assert (meta(html, "og:image:width"), meta(html, "og:image:height")) == (
        "1200",
        "630",
    )
    assert meta(html, "og:image:alt") == "People in a hall"
    assert meta(html, "twitter:card") == "summary_large_image"
    assert jsonld_of(client, upcoming_session.url)["image"] == [meta(html, "og:image")]


def test_every_page_has_a_canonical_link(client):
    for path in ("/nb/", "/en/", "/en/sotalk-series-on-the-1717-infrastructure/"):
        html = client.get(path).content.decode()
        assert f'<link rel="canonical" href="http://testserver{path}">' in html
        assert meta(html, "og:site_name") == "SoTalk"


def test_sitemap_lists_every_live_page_with_its_translations(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ElementTree.fromstring(response.content)  # noqa: S314 (our own sitemap)
    urls = {
        url.findtext(f"{SITEMAP}loc"): {
            link.get("hreflang"): link.get("href")
            for link in url.findall(f"{XHTML}link")
        }
        for url in root.findall(f"{SITEMAP}url")
    }
    live = Page.objects.live().exclude(depth=1)
    listings = ("/nb/emner/", "/en/topics/", "/nb/maal/", "/en/goals/")
    pages = {
        url
        for url in urls
        if not url.removeprefix("http://testserver").startswith(listings)
    }
    assert pages == {f"http://testserver{page.url}" for page in live}
    session = SoTalkSessionPage.objects.get(
        locale__language_code="en", slug="financing-collaboration"
    )
    nb_url = f"http://testserver{translation_of(session, 'nb').url}"
    en_url = f"http://testserver{session.url}"
    assert urls[en_url] == {"nb": nb_url, "en": en_url, "x-default": nb_url}
    assert urls[nb_url] == urls[en_url]


def test_sitemap_lists_the_topic_and_goal_listings_in_each_language(client):
    root = ElementTree.fromstring(client.get("/sitemap.xml").content)  # noqa: S314
    urls = {
        url.findtext(f"{SITEMAP}loc").removeprefix("http://testserver"): {
            link.get("hreflang"): link.get("href").removeprefix("http://testserver")
            for link in url.findall(f"{XHTML}link")
        }
        for url in root.findall(f"{SITEMAP}url")
    }
    both = {"nb": "/nb/emner/byutvikling/", "en": "/en/topics/urban-development/"}
    assert urls["/nb/emner/byutvikling/"] == {**both, "x-default": both["nb"]}
    assert urls["/en/topics/urban-development/"] == urls["/nb/emner/byutvikling/"]
    assert urls["/en/goals/17/"]["nb"] == "/nb/maal/17/"
    assert {f"/nb/maal/{n}/" for n in range(1, 18)} <= set(urls)
    assert {"/nb/emner/", "/en/topics/", "/nb/maal/", "/en/goals/"} <= set(urls)
    for path in ("/nb/emner/byutvikling/", "/en/goals/17/", "/en/topics/"):
        assert client.get(path).status_code == 200, path


def test_sitemap_leaves_out_unpublished_pages_and_lone_alternates(client, series_page):
    lone = SoTalkSessionPageFactory(parent=series_page, slug="only-in-norwegian")
    draft = SoTalkSessionPageFactory(parent=series_page, slug="a-draft")
    draft.unpublish()
    body = client.get("/sitemap.xml").content.decode()
    assert "a-draft" not in body
    entry = body[body.index(f"<loc>http://testserver{lone.url}</loc>") :]
    assert entry[: entry.index("</url>")].count("xhtml:link") == 0


def test_robots_txt_names_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"] == "text/plain"
    lines = response.content.decode().splitlines()
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert "Disallow: /admin/" in lines
