"""Topics and the Sustainable Development Goals: the vocabulary, tags synchronised
across translations, filters on the home and series pages, each topic's and goal's
listing with its feed and calendar, the API, bad input, and query counts."""

import re
from xml.etree import ElementTree

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from icalendar import Calendar
from wagtail.models import Locale

from series.models import GOAL_NAMES, Goal, SoTalkSessionPage, Topic
from series.models.topics import add_goals

from ..factories import SeriesIndexPageFactory, SoTalkSessionPageFactory, in_days

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
SERIES_NB = "/nb/sotalk-serie-om-1717-infrastrukturen/"
SERIES_EN = "/en/sotalk-series-on-the-1717-infrastructure/"
DEMO_1717 = "mobilising-citizens-and-aligning-initiatives"
FINANCING = "financing-collaboration"
MEASURING = "measuring-impact-together"

# UN (en) and FN-sambandet (nb) official short names.
OFFICIAL = {
    1: ("Utrydde fattigdom", "No poverty"),
    2: ("Utrydde sult", "Zero hunger"),
    3: ("God helse og livskvalitet", "Good health and well-being"),
    4: ("God utdanning", "Quality education"),
    5: ("Likestilling mellom kjønnene", "Gender equality"),
    6: ("Rent vann og gode sanitærforhold", "Clean water and sanitation"),
    7: ("Ren energi til alle", "Affordable and clean energy"),
    8: ("Anstendig arbeid og økonomisk vekst", "Decent work and economic growth"),
    9: (
        "Industri, innovasjon og infrastruktur",
        "Industry, innovation and infrastructure",
    ),
    10: ("Mindre ulikhet", "Reduced inequalities"),
    11: ("Bærekraftige byer og lokalsamfunn", "Sustainable cities and communities"),
    12: ("Ansvarlig forbruk og produksjon", "Responsible consumption and production"),
    13: ("Stoppe klimaendringene", "Climate action"),
    14: ("Livet i havet", "Life below water"),
    15: ("Livet på land", "Life on land"),
    16: (
        "Fred, rettferdighet og velfungerende institusjoner",
        "Peace, justice and strong institutions",
    ),
    17: ("Samarbeid for å nå målene", "Partnerships for the goals"),
}


def html_of(client, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return response.content.decode()


def card_slugs(html: str) -> list[str]:
    """The sessions shown as cards, by slug, in order."""
    return re.findall(
        r'class="session-card__title"[^>]*><a href="[^"]*/([^/"]+)/"', html
    )


def topic(slug: str) -> Topic:
    return Topic.objects.get(slug=slug)


def page(slug: str, language: str) -> SoTalkSessionPage:
    return SoTalkSessionPage.objects.get(slug=slug, locale__language_code=language)


# The vocabulary


def test_the_seventeen_goals_have_their_official_names_in_both_languages():
    assert sorted(Goal.objects.values_list("number", flat=True)) == list(range(1, 18))
    for language, column in (("nb", 0), ("en", 1)):
        with translation.override(language):
            names = {number: str(name) for number, name in GOAL_NAMES.items()}
        assert names == {number: pair[column] for number, pair in OFFICIAL.items()}


def test_goal_rows_come_back_after_a_flush_or_a_lost_row():
    Goal.objects.filter(number__in=[3, 17]).delete()
    add_goals()  # the post_migrate receiver, which also runs after a test flush
    assert Goal.objects.count() == 17


def test_a_slug_is_unique_within_a_locale_only():
    nb = Locale.objects.get(language_code="nb")
    with pytest.raises(IntegrityError), transaction.atomic():
        Topic.objects.create(locale=nb, name="Byutvikling 2", slug="byutvikling")
    other = Topic.objects.create(
        locale=Locale.objects.get(language_code="en"), name="X", slug="byutvikling"
    )
    assert other.pk


def test_demo_1717_session_works_towards_goals_11_and_17_in_both_languages():
    for language in ("nb", "en"):
        goals = page(DEMO_1717, language).goals.values_list("number", flat=True)
        assert sorted(goals) == [11, 17]


def test_each_language_shows_the_topics_in_its_own_words(client):
    nb = html_of(client, page(DEMO_1717, "nb").url)
    en = html_of(client, page(DEMO_1717, "en").url)
    assert '<a class="tag" href="/nb/emner/byutvikling/">Byutvikling</a>' in nb
    assert (
        '<a class="tag" href="/nb/maal/11/">11. Bærekraftige byer og lokalsamfunn' in nb
    )
    # The English page points at the Norwegian topics; it shows their translations.
    assert page(DEMO_1717, "en").topics.first().locale.language_code == "nb"
    assert (
        '<a class="tag" href="/en/topics/urban-development/">Urban development</a>'
        in en
    )
    assert '<a class="tag" href="/en/goals/17/">17. Partnerships for the goals' in en


def test_publishing_the_source_carries_topics_and_goals_to_the_translation(
    django_capture_on_commit_callbacks,
):
    source = page(FINANCING, "nb")
    source.goals = [Goal.objects.get(number=13)]
    source.topics = [topic("byutvikling")]
    with django_capture_on_commit_callbacks(execute=True):
        source.save_revision().publish()
    english = page(FINANCING, "en")
    assert list(english.goals.values_list("number", flat=True)) == [13]
    assert [t.slug for t in english.topics.all()] == ["byutvikling"]


# Filters on the home and series pages


@pytest.mark.parametrize(
    ("url", "shown", "hidden"),
    [
        ("/nb/?goal=11", [MEASURING], [FINANCING]),
        ("/en/?goal=17", [FINANCING, MEASURING], []),  # the series works towards 17
        ("/en/?topic=funding", [FINANCING], [MEASURING]),
        ("/en/?topic=finansiering", [FINANCING], [MEASURING]),  # the nb slug works
        ("/nb/?topic=byutvikling&goal=17", [MEASURING], [FINANCING]),
        (SERIES_NB + "?goal=11", [MEASURING, DEMO_1717], [FINANCING]),
        (SERIES_EN + "?topic=urban-development", [MEASURING, DEMO_1717], [FINANCING]),
    ],
)
def test_filter_by_topic_and_goal(client, url, shown, hidden):
    html = html_of(client, url)
    slugs = card_slugs(html)
    assert all(slug in slugs for slug in shown), slugs
    assert not set(hidden) & set(slugs), slugs
    assert 'role="status"' in html  # the filter in use is stated


def test_filter_form_is_labelled_and_keeps_the_choice(client):
    html = html_of(client, "/nb/?goal=11&topic=byutvikling")
    assert '<label for="filter-topic">Emne</label>' in html
    assert '<label for="filter-goal">Bærekraftsmål</label>' in html
    assert '<option value="11" selected>11. Bærekraftige byer og lokalsamfunn' in html
    assert '<option value="byutvikling" selected>Byutvikling</option>' in html
    assert "urban-development" not in html  # only this language's topics
    assert 'href="/nb/maal/11/"' in html and 'href="/nb/emner/byutvikling/"' in html


def test_series_page_links_to_more_pages_keep_the_filter(client, series_page):
    for n in range(22):
        SoTalkSessionPageFactory(parent=series_page, starts_at=in_days(3 + n))
    html = html_of(client, SERIES_NB + "?goal=17")
    assert 'href="?goal=17&amp;upcoming=2#upcoming-heading"' in html


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("/nb/?goal=99", "Det finnes ikke noe mål som heter «99»"),
        ("/nb/?goal=abc", "Det finnes ikke noe mål som heter «abc»"),
        ("/en/?goal=-1", "There is no goal “-1”"),
        ("/en/?topic=nope", "There is no topic called “nope”"),
        ("/en/?topic=%3Cscript%3E", "There is no topic called “&lt;script&gt;”"),
        (SERIES_NB + "?topic=finnes-ikke&goal=11", "noe emne som heter «finnes-ikke»"),
    ],
)
def test_unknown_topic_or_goal_is_said_clearly(client, url, message):
    html = html_of(client, url)
    assert message in html
    assert 'role="alert"' in html
    assert "<script>" not in html.split("<main", 1)[1]
    assert card_slugs(html)  # the rest of the page is still there


def test_unknown_part_is_left_out_and_the_known_part_applied(client):
    slugs = card_slugs(html_of(client, SERIES_NB + "?topic=finnes-ikke&goal=11"))
    assert MEASURING in slugs and FINANCING not in slugs


# Listing pages, feeds and calendars


@pytest.mark.parametrize(
    ("url", "heading"),
    [
        ("/nb/emner/byutvikling/", "Byutvikling"),
        ("/en/topics/urban-development/", "Urban development"),
        ("/nb/maal/11/", "Mål 11: Bærekraftige byer og lokalsamfunn"),
        ("/en/goals/11/", "Goal 11: Sustainable cities and communities"),
    ],
)
def test_listing_shows_upcoming_and_past_sessions_as_cards(client, url, heading):
    html = html_of(client, url)
    assert f"<h1>{heading}</h1>" in html
    upcoming, past = html.split('id="past-heading"')
    assert card_slugs(upcoming) == [MEASURING]
    assert card_slugs(past) == [DEMO_1717]
    assert "#register" in upcoming  # the card's register link
    assert 'class="tz"' in upcoming  # time with its zone
    assert f'href="{url}feed.xml"' in html and f'href="{url}calendar.ics"' in html


def test_goal_listing_lists_the_series_that_works_towards_it(client):
    html = html_of(client, "/en/goals/17/")
    assert f'href="{SERIES_EN}"' in html
    assert set(card_slugs(html)) == {FINANCING, MEASURING, DEMO_1717}


def test_slug_from_the_other_language_leads_to_this_languages_page(client):
    response = client.get("/en/topics/byutvikling/")
    assert response.status_code == 302
    assert response["Location"] == "/en/topics/urban-development/"
    response = client.get("/nb/emner/urban-development/feed.xml")
    assert response["Location"] == "/nb/emner/byutvikling/feed.xml"


@pytest.mark.parametrize(
    ("url", "other"),
    [
        ("/nb/emner/byutvikling/", "/en/topics/urban-development/"),
        ("/en/topics/urban-development/?upcoming=2", "/nb/emner/byutvikling/"),
        ("/en/topics/co-creation/", "/nb/emner/samskaping/"),
        ("/nb/maal/17/", "/en/goals/17/"),
        ("/en/goals/3/", "/nb/maal/3/"),
    ],
)
def test_language_links_lead_to_the_listings_own_url_in_the_other_language(
    client, url, other
):
    html = html_of(client, url)
    language = other.split("/")[1]
    assert f'<a href="{other}" hreflang="{language}"' in html  # the switcher
    head = html.split("</head>", 1)[0]
    assert f'hreflang="{language}" href="http://testserver{other}"' in head
    own = url.split("?", 1)[0]
    assert f'hreflang="{url.split("/")[1]}" href="http://testserver{own}"' in head
    nb = own if url.startswith("/nb/") else other
    assert f'hreflang="x-default" href="http://testserver{nb}"' in head
    assert client.get(other).status_code == 200  # no redirect on the way


def test_untranslated_topic_links_to_its_slug_in_the_other_language(client):
    Topic.objects.create(
        locale=Locale.objects.get(language_code="nb"),
        name="Kun norsk",
        slug="kun-norsk",
    )
    html = html_of(client, "/nb/emner/kun-norsk/")
    assert '<a href="/en/topics/kun-norsk/" hreflang="en"' in html
    assert client.get("/en/topics/kun-norsk/").status_code == 200


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("/nb/emner/finnes-ikke/", "Det finnes ikke noe emne som heter «finnes-ikke»."),
        ("/en/goals/18/", "The goals are numbered 1 to 17."),
        ("/nb/maal/0/", "Bærekraftsmålene har nummer fra 1 til 17."),
    ],
)
def test_unknown_listing_is_a_404_that_offers_what_there_is(client, url, message):
    html = html_of(client, url, status=404)
    assert message in html
    assert html.count('<a href="/') >= 17  # links to every goal


@pytest.mark.parametrize(
    "url",
    [
        "/nb/emner/finnes-ikke/feed.xml",
        "/en/goals/99/calendar.ics",
        "/nb/maal/elleve/",
        "/en/emner/byutvikling/",  # the Norwegian path under /en/
    ],
)
def test_no_such_feed_calendar_or_path(client, url):
    assert client.get(url).status_code == 404


def test_goal_feed_is_atom_with_every_session_newest_first(client):
    response = client.get("/nb/maal/11/feed.xml")
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ElementTree.fromstring(response.content)  # noqa: S314 (our own feed)
    assert feed.find(f"{ATOM}title").text == "Mål 11: Bærekraftige byer og lokalsamfunn"
    entries = feed.findall(f"{ATOM}entry")
    links = [entry.find(f"{ATOM}link").get("href") for entry in entries]
    assert [link.rstrip("/").rsplit("/", 1)[1] for link in links] == [
        MEASURING,
        DEMO_1717,
    ]
    assert all(link.startswith("http://testserver/nb/") for link in links)


def test_topic_calendar_is_subscribable_in_the_page_language(client):
    response = client.get("/en/topics/urban-development/calendar.ics")
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(response.content)
    assert str(calendar["X-WR-CALNAME"]) == "Urban development"
    events = calendar.walk("VEVENT")
    assert len(events) == 2
    assert {str(e["URL"]).rsplit("/", 2)[1] for e in events} == {MEASURING, DEMO_1717}
    assert all("/en/" in str(e["URL"]) for e in events)
    assert all("meet.example.org" not in e.to_ical().decode() for e in events)


# Session cards


def card_of(html: str, slug: str) -> str:
    """The session card that links to `slug`."""
    cards = html.split('<article class="session-card')[1:]
    [card] = [c.split("</article>", 1)[0] for c in cards if f"/{slug}/" in c]
    return card


@pytest.mark.parametrize(
    ("url", "slug", "tags"),
    [
        ("/nb/", MEASURING, [("/nb/emner/byutvikling/", "Byutvikling")]),
        (
            "/en/",
            FINANCING,
            [
                ("/en/topics/co-creation/", "Co-creation"),
                ("/en/topics/funding/", "Funding"),
            ],
        ),
        (
            SERIES_EN,
            MEASURING,
            [("/en/topics/urban-development/", "Urban development")],
        ),
        (
            "/en/goals/11/",
            DEMO_1717,
            [
                ("/en/topics/co-creation/", "Co-creation"),
                ("/en/topics/urban-development/", "Urban development"),
            ],
        ),
        (
            "/nb/search/?q=financing",
            FINANCING,
            [
                ("/nb/emner/finansiering/", "Finansiering"),
                ("/nb/emner/samskaping/", "Samskaping"),
            ],
        ),
    ],
)
def test_session_cards_show_their_topics_as_links(client, url, slug, tags):
    if "/search/" in url:
        call_command("update_index", verbosity=0)  # as the worker leaves it
    card = card_of(html_of(client, url), slug)
    shown = re.findall(r'<a class="tag tag--small" href="([^"]+)">([^<]+)</a>', card)
    assert shown == tags
    label = "Emner" if url.startswith("/nb/") else "Topics"
    assert f'aria-label="{label}"' in card


def test_a_card_without_topics_shows_no_topic_list(client, series_page):
    SoTalkSessionPageFactory(parent=series_page, slug="untagged", starts_at=in_days(1))
    assert "tag-list" not in card_of(html_of(client, SERIES_NB), "untagged")


def test_a_renamed_topic_shows_at_once_on_cached_cards(client):
    assert ">Byutvikling</a>" in card_of(html_of(client, "/nb/"), MEASURING)
    renamed = topic("byutvikling")
    renamed.name = "Byplanlegging"
    renamed.save()
    assert ">Byplanlegging</a>" in card_of(html_of(client, "/nb/"), MEASURING)


# The index of all topics and of all goals


def index_entries(html: str) -> dict[str, str]:
    """Each entry of an index page: its link's text → what it says is coming up."""
    return dict(
        re.findall(
            r'class="tag-index__name" href="[^"]+">([^<]+)</a>\s*'
            r'<span class="tag-index__count">([^<]+)</span>',
            html,
        )
    )


@pytest.mark.parametrize(
    ("url", "heading", "entries"),
    [
        (
            "/nb/maal/",
            "Bærekraftsmålene",
            {
                "1. Utrydde fattigdom": "Ingen kommende arrangementer",
                "11. Bærekraftige byer og lokalsamfunn": "1 kommende arrangement",
                "17. Samarbeid for å nå målene": "2 kommende arrangementer",
            },
        ),
        (
            "/en/goals/",
            "The Sustainable Development Goals",
            {
                "16. Peace, justice and strong institutions": "No upcoming sessions",
                "11. Sustainable cities and communities": "1 upcoming session",
                "17. Partnerships for the goals": "2 upcoming sessions",
            },
        ),
    ],
)
def test_goal_index_lists_all_seventeen_with_their_upcoming_sessions(
    client, url, heading, entries
):
    html = html_of(client, url)
    assert f"<h1>{heading}</h1>" in html
    shown = index_entries(html)
    assert len(shown) == 17
    assert [int(label.split(".")[0]) for label in shown] == list(range(1, 18))
    assert entries.items() <= shown.items(), shown
    assert f'href="{url}11/"' in html


@pytest.mark.parametrize(
    ("url", "entries", "description"),
    [
        (
            "/nb/emner/",
            {
                "Byutvikling": "1 kommende arrangement",
                "Finansiering": "1 kommende arrangement",
                # The series is about co-creation: both its upcoming sessions are.
                "Samskaping": "2 kommende arrangementer",
            },
            'href="/nb/emner/byutvikling/"',
        ),
        (
            "/en/topics/",
            {
                "Co-creation": "2 upcoming sessions",
                "Funding": "1 upcoming session",
                "Urban development": "1 upcoming session",
            },
            'href="/en/topics/urban-development/"',
        ),
    ],
)
def test_topic_index_lists_the_topics_of_the_language(
    client, url, entries, description
):
    html = html_of(client, url)
    assert index_entries(html) == entries
    assert list(index_entries(html)) == sorted(entries)
    assert description in html
    assert topic("byutvikling").description in html or "/en/" in url


def test_index_counts_follow_the_listing_rule(client, series_page):
    """Each goal's and topic's count is what its own listing shows as upcoming."""
    from series.models.topics import about_goal, about_topic, sessions_per_tag

    other = SeriesIndexPageFactory(parent=series_page.get_parent(), title="Andre")
    other.goals = list(Goal.objects.filter(number__in=[3, 11]))
    other.topics = [topic("finansiering")]
    other.save_revision().publish()
    for n in range(6):
        parent = other if n % 2 else series_page
        session = SoTalkSessionPageFactory(parent=parent, starts_at=in_days(n + 2))
        session.goals = list(Goal.objects.filter(number__in=[n + 1, 11]))
        session.topics = [topic("byutvikling")] if n % 3 else []
        session.save_revision().publish()
    nb = Locale.objects.get(language_code="nb")
    upcoming = SoTalkSessionPage.objects.visible().filter(
        locale=nb, ends_at__gte=timezone.now()
    )
    goals = sessions_per_tag(upcoming, "goals")
    assert {n: goals[n] for n in GOAL_NAMES} == {
        n: upcoming.filter(about_goal(n)).count() for n in GOAL_NAMES
    }
    assert goals[11] == 1 + 6  # the demo's and the new ones
    assert goals[3] == 3 + 1  # the three in "Andre", and one tagged itself
    topics = sessions_per_tag(upcoming, "topics")
    for each in Topic.objects.filter(locale=nb):
        key = each.translation_key
        assert topics[key] == upcoming.filter(about_topic(key)).count(), each.slug
    shown = index_entries(html_of(client, "/nb/maal/"))
    assert shown["11. Bærekraftige byer og lokalsamfunn"] == "7 kommende arrangementer"


@pytest.mark.parametrize(
    ("url", "links"),
    [
        ("/nb/", ['href="/nb/emner/">Se alle emner', 'href="/nb/maal/">Se alle mål']),
        (SERIES_EN, ['href="/en/topics/">See all topics', 'href="/en/goals/">See all']),
        ("/nb/emner/byutvikling/", ['href="/nb/emner/">Alle emner</a>']),
        ("/en/goals/11/", ['href="/en/goals/">All goals</a>']),
        ("/nb/emner/", ['href="/nb/maal/">Se alle mål</a>']),
        ("/en/goals/", ['href="/en/topics/">See all topics</a>']),
    ],
)
def test_filters_and_listings_link_to_the_indexes(client, url, links):
    html = html_of(client, url)
    for link in links:
        assert link in html, link


def test_index_language_switcher_leads_to_the_other_index(client):
    assert 'href="/en/topics/" hreflang="en"' in html_of(client, "/nb/emner/")
    assert 'href="/nb/maal/" hreflang="nb"' in html_of(client, "/en/goals/")


# The API


def api(client, query: str, status: int = 200) -> dict:
    response = client.get(f"/api/v3/series/sessions/?{query}")
    assert response.status_code == status, response.content
    return response.json()


@pytest.mark.parametrize(
    ("query", "slugs"),
    [
        ("goal=11&locale=en", {DEMO_1717, MEASURING}),
        ("goal=17&status=upcoming", {FINANCING, MEASURING}),
        ("topic=funding&locale=en", {FINANCING}),
        ("topic=finansiering&locale=en", {FINANCING}),
        ("topic=byutvikling&goal=17&status=past", {DEMO_1717}),
    ],
)
def test_api_filters_sessions_by_topic_and_goal(client, query, slugs):
    data = api(client, query)
    assert {item["slug"] for item in data["items"]} == slugs
    assert data["count"] == len(slugs)


def test_api_returns_topics_and_goals_in_the_sessions_language(client):
    [english] = api(client, "locale=en&goal=11&status=past")["items"]
    assert english["topics"] == [
        {"slug": "co-creation", "name": "Co-creation"},
        {"slug": "urban-development", "name": "Urban development"},
    ]
    assert english["goals"] == [
        {"number": 11, "name": "Sustainable cities and communities"},
        {"number": 17, "name": "Partnerships for the goals"},
    ]
    norwegian = client.get(f"/api/v3/series/sessions/{english['id']}/?locale=nb").json()
    assert [t["name"] for t in norwegian["topics"]] == ["Byutvikling", "Samskaping"]
    assert norwegian["goals"][1] == {"number": 17, "name": "Samarbeid for å nå målene"}


@pytest.mark.parametrize(
    ("query", "status"),
    [
        ("topic=nope", 404),
        ("goal=18", 422),
        ("goal=0", 422),
        ("goal=elleve", 422),
        ("topic=a%20b", 422),
        ("topic=" + "x" * 101, 422),
    ],
)
def test_api_refuses_unknown_topics_and_goals_as_problems(client, query, status):
    data = api(client, query, status=status)
    assert data["status"] == status


def series_api(client, language: str) -> dict:
    response = client.get(f"/api/v3/series/?locale={language}")
    assert response.status_code == 200, response.content
    return {item["slug"]: item for item in response.json()["items"]}


def test_api_returns_a_series_topics_and_goals_in_its_language(client, series_page):
    [norwegian] = series_api(client, "nb").values()
    [english] = series_api(client, "en").values()
    assert norwegian["topics"] == [{"slug": "samskaping", "name": "Samskaping"}]
    assert norwegian["goals"] == [{"number": 17, "name": "Samarbeid for å nå målene"}]
    # The English series points at the Norwegian topic; it shows its translation.
    assert english["topics"] == [{"slug": "co-creation", "name": "Co-creation"}]
    assert english["goals"] == [{"number": 17, "name": "Partnerships for the goals"}]
    series_page.topics = []
    series_page.goals = []
    series_page.save_revision().publish()
    [untagged] = series_api(client, "nb").values()
    assert untagged["topics"] == [] and untagged["goals"] == []


def test_series_api_queries_do_not_grow_with_series_or_tags(client):
    nb = Locale.objects.get(language_code="nb")
    home = SoTalkSessionPage.objects.get(slug=DEMO_1717, locale=nb).get_parent()
    home = home.get_parent()
    before = queries(client, "/api/v3/series/?locale=nb")
    extra = [
        Topic.objects.create(locale=nb, name=f"Emne {n}", slug=f"emne-{n}")
        for n in range(4)
    ]
    for n in range(3):
        series = SeriesIndexPageFactory(parent=home, title=f"Serie {n}")
        series.topics = [topic("byutvikling"), *extra]
        series.goals = list(Goal.objects.filter(number__in=[n + 1, 11, 17]))
        series.save_revision().publish()
    after = queries(client, "/api/v3/series/?locale=nb")
    items = series_api(client, "nb")
    assert len(items) == 4
    assert [g["number"] for g in items["serie-2"]["goals"]] == [3, 11, 17]
    assert len(items["serie-0"]["topics"]) == 5
    assert after == before > 3, (before, after)


# Query counts


def queries(client, url: str) -> int:
    assert client.get(url).status_code == 200  # renditions generated
    cache.clear()  # the API's answers are cached: count what a miss costs
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


LISTS = [
    "/nb/emner/",
    "/en/topics/",
    "/nb/maal/",
    "/en/goals/",
    "/nb/emner/byutvikling/",
    "/en/topics/urban-development/",
    "/nb/maal/11/",
    "/en/goals/17/",
    "/nb/maal/11/feed.xml",
    "/en/topics/urban-development/calendar.ics",
    "/nb/?goal=11",
    "/en/?topic=urban-development",
    SERIES_NB + "?goal=11&topic=byutvikling",
    "/api/v3/series/sessions/?goal=11&locale=en",
    "/api/v3/series/sessions/?topic=byutvikling",
]


def test_listing_queries_do_not_grow_with_sessions_or_topics(client, series_page):
    before = {url: queries(client, url) for url in LISTS}
    nb = Locale.objects.get(language_code="nb")
    extra = [
        Topic.objects.create(locale=nb, name=f"Emne {n}", slug=f"emne-{n}")
        for n in range(5)
    ]
    for n in range(12):
        session = SoTalkSessionPageFactory(
            parent=series_page, starts_at=in_days(n + 2 if n % 2 else -n - 2)
        )
        session.topics = [topic("byutvikling"), *extra]
        session.goals = list(Goal.objects.filter(number__in=[11, 17, n + 1]))
        session.save_revision().publish()
    after = {url: queries(client, url) for url in LISTS}
    grown = {
        url: (before[url], after[url]) for url in LISTS if after[url] > before[url]
    }
    assert not grown, grown
    assert all(count > 3 for count in after.values())  # really measured
    assert len(card_slugs(html_of(client, "/nb/maal/11/"))) >= 14


def test_removing_every_tag_from_the_source_removes_them_from_the_translation(
    django_capture_on_commit_callbacks,
):
    source = page(DEMO_1717, "nb")
    source.goals = []
    source.topics = []
    with django_capture_on_commit_callbacks(execute=True):
        source.save_revision().publish()
    english = page(DEMO_1717, "en")
    assert not english.goals.exists()
    assert not english.topics.exists()


def test_editors_tick_goals_and_the_topics_of_the_pages_language(
    admin_client, upcoming_session
):
    html = admin_client.get(f"/admin/pages/{upcoming_session.pk}/edit/").content
    html = html.decode()
    assert html.count('name="goals"') == 17
    assert "Byutvikling" in html and "Urban development" not in html
    index = admin_client.get("/admin/snippets/series/topic/").content.decode()
    assert "Byutvikling" in index and "Urban development" in index


def test_renaming_a_topic_shows_at_once_on_cached_pages(client, settings):
    settings.SERIES_PAGE_CACHE_SECONDS = 60
    url = page(DEMO_1717, "nb").url
    assert "Byutvikling" in html_of(client, url)
    assert "Byutvikling" in html_of(client, url)  # from the page cache now
    renamed = topic("byutvikling")
    renamed.name = "Byutvikling og byplanlegging"
    renamed.save()
    assert "Byutvikling og byplanlegging" in html_of(client, url)


def test_listing_page_is_cached_no_longer_than_any_page(client):
    response = client.get("/nb/maal/11/")
    assert "max-age=600" not in response.get("Cache-Control", "")
