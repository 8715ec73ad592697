"""Pages and API reads take a fixed number of queries, whatever the number of
sessions, speakers and body blocks: the same maximum holds for a small and a large
data set. Speaker photos and body images are rendered once first, as in production
(renditions are generated on first view, then read from the cache)."""

import pytest
import wagtail_factories
from django.db import connection
from django.test.utils import CaptureQueriesContext

from series.models import SeriesIndexPage, SoTalkSessionPage

from ..factories import (
    SessionSpeakerFactory,
    SoTalkSessionPageFactory,
    SpeakerFactory,
    in_days,
)

pytestmark = pytest.mark.django_db

SERIES_NB = "/nb/sotalk-serie-om-1717-infrastrukturen/"
API = "/api/v3/series"

# Most queries each read may take, small or large (docs/performance.md).
# Fixed costs that came with this round's features, the same for 3 sessions or 3,000:
# the site's brand settings (the row and its site: +2 on every page), the registration
# state on every session card (the events' sources and figures: +2 on lists), the
# view-restriction check inside the listing queries, and the personal calendar data.
# Topics and goals (issue 16): the page's topics and goals (+2 on a session or
# series page), the topic choices of the filter (+1 on home and series pages), the
# sessions' topics and goals in the API (+2).
MAX_QUERIES = {
    "home": 19,
    "series": 24,
    "series_page_2": 24,
    "session": 19,
    "session_en": 22,  # + the English home from the site root, + its topics in English
    "series_calendar": 15,
    "session_calendar": 14,
    "api_sessions": 14,
    "api_session": 16,
    "api_speakers": 6,
}

SIZES = {
    "small": {"sessions": 3, "speakers": 1, "blocks": 1},
    "large": {"sessions": 40, "speakers": 17, "blocks": 20},  # 20 speakers in all
}


def linked_text(page, text: str) -> str:
    return f'<p>{text} <a linktype="page" id="{page.pk}">{page.title}</a></p>'


def body(series_page, image, blocks: int) -> list:
    """Every kind of block that reads other rows: links, images, chosen pages."""
    return [
        *[("paragraph", linked_text(series_page, f"Part {n}")) for n in range(blocks)],
        *[("heading", {"text": f"Heading {n}", "level": "h2"}) for n in range(blocks)],
        *[
            (
                "image",
                {
                    "image": {"image": image, "alt_text": "", "decorative": True},
                    "caption": f"Image {n}",
                },
            )
            for n in range(blocks)
        ],
        *[
            (
                "call_to_action",
                {"text": "Read more", "link_label": "The series", "page": series_page},
            )
            for n in range(blocks)
        ],
    ]


@pytest.fixture
def content(request, series_page, upcoming_session):
    """The demo content plus N sessions; the upcoming demo session gets M speakers
    (photo, bio with a link) and K blocks of each kind."""
    size = SIZES[request.param]
    for n in range(size["sessions"]):
        days = 2 + n if n % 2 else -5 - n  # half upcoming, half past
        SoTalkSessionPageFactory(
            parent=series_page,
            starts_at=in_days(days),
            body=[("paragraph", linked_text(series_page, "Generated"))],
        )
    for _ in range(size["speakers"]):
        speaker = SpeakerFactory(
            photo=wagtail_factories.ImageFactory(),
            bio=linked_text(series_page, "Speaks about"),
        )
        SessionSpeakerFactory(page=upcoming_session, speaker=speaker)
    image = wagtail_factories.ImageFactory()
    upcoming_session.body = body(series_page, image, size["blocks"])
    # Publishing copies body and speakers to the English translation.
    upcoming_session.save_revision().publish()
    return upcoming_session


def url_of(name: str, session: SoTalkSessionPage) -> str:
    english = SoTalkSessionPage.objects.get(
        translation_key=session.translation_key, locale__language_code="en"
    )
    return {
        "home": "/nb/",
        "series": SERIES_NB,
        "series_page_2": SERIES_NB + "?page=2&upcoming=2",
        "session": session.url,
        "session_en": english.url,
        "series_calendar": SERIES_NB + "calendar.ics",
        "session_calendar": session.url + "calendar.ics",
        "api_sessions": f"{API}/sessions/?limit=50",
        "api_session": f"{API}/sessions/{session.pk}/",
        "api_speakers": f"{API}/speakers/?limit=50",
    }[name]


@pytest.mark.parametrize("content", SIZES, indirect=True)
@pytest.mark.parametrize("name", MAX_QUERIES)
def test_queries_do_not_grow_with_content(
    client, content, name, django_assert_max_num_queries
):
    url = url_of(name, content)
    assert client.get(url).status_code == 200  # renditions generated
    with django_assert_max_num_queries(MAX_QUERIES[name]):
        response = client.get(url)
    assert response.status_code == 200


@pytest.mark.parametrize("content", ["large"], indirect=True)
def test_session_page_with_twenty_speakers_takes_the_same_queries(client, content):
    client.get(content.url)
    with CaptureQueriesContext(connection) as queries:
        html = client.get(content.url).content.decode()
    assert html.count('class="speaker-card"') == 20
    assert html.count("<figure") == 20  # every image block rendered
    assert len(queries) <= MAX_QUERIES["session"]


@pytest.mark.parametrize("content", ["large"], indirect=True)
def test_rich_text_links_point_at_the_translation_in_the_page_language(
    client, content, series_page
):
    english_series = SeriesIndexPage.objects.get(
        translation_key=series_page.translation_key, locale__language_code="en"
    )
    english = SoTalkSessionPage.objects.get(
        translation_key=content.translation_key, locale__language_code="en"
    )
    assert f'<a href="{series_page.url}">' in client.get(content.url).content.decode()
    html = client.get(english.url).content.decode()
    assert f'<a href="{english_series.url}">' in html
