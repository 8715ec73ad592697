from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from wagtail.models import Locale, Page
from wagtail.test.utils import WagtailPageTestCase

from home.models import HomePage
from series.models import SeriesIndexPage, SoTalkSessionPage

from ..factories import SessionSpeakerFactory, SoTalkSessionPageFactory, in_days

pytestmark = pytest.mark.django_db

SLUG = "mobilising-citizens-and-aligning-initiatives"
DEMO_NB = f"/nb/sotalk-serie-om-1717-infrastrukturen/{SLUG}/"
DEMO_EN = f"/en/sotalk-series-on-the-1717-infrastructure/{SLUG}/"


class TestPageTree(WagtailPageTestCase):
    def test_sessions_live_only_in_a_series(self):
        self.assertAllowedParentPageTypes(SoTalkSessionPage, {SeriesIndexPage})
        self.assertAllowedSubpageTypes(SoTalkSessionPage, set())

    def test_a_series_holds_only_sessions(self):
        self.assertAllowedSubpageTypes(SeriesIndexPage, {SoTalkSessionPage})

    def test_home_page_can_hold_a_series(self):
        self.assertCanCreateAt(HomePage, SeriesIndexPage)
        self.assertCanNotCreateAt(HomePage, SoTalkSessionPage)

    def test_demo_pages_render(self):
        for page in Page.objects.live().exclude(depth=1).specific():
            self.assertPageIsRenderable(page)


def test_demo_session_in_norwegian(client):
    response = client.get(DEMO_NB)
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="nb">' in html
    assert "torsdag 28. oktober 2021" in html
    assert "09.00–10.15" in html
    assert "Holdes på engelsk" in html
    assert f'hreflang="en" href="http://testserver{DEMO_EN}"' in html
    # The text is English on the Norwegian site, and says so.
    assert '<header class="session__header" lang="en">' in html


def test_demo_session_in_english(client):
    response = client.get(DEMO_EN)
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="en">' in html
    assert "Thursday 28 October 2021" in html
    assert "09:00–10:15" in html
    assert "Held in English" in html
    assert f'hreflang="nb" href="http://testserver{DEMO_NB}"' in html
    assert 'class="session__header" lang=' not in html


def test_language_switcher_leads_to_the_same_session(client):
    html = client.get(DEMO_NB).content.decode()
    assert (
        f'<a href="{DEMO_EN}" hreflang="en" lang="en" rel="alternate">English</a>'
        in html
    )


def test_language_switcher_says_when_a_page_has_no_translation(client, series_page):
    session = SoTalkSessionPageFactory(parent=series_page, slug="only-norwegian")
    html = client.get(session.url).content.decode()
    missing = f"/en/translation-missing/?page={session.pk}"
    assert f'href="{missing}" hreflang="en"' in html
    assert 'hreflang="en" href=' not in html  # no alternate for a missing translation
    response = client.get(missing)
    assert response.status_code == 404
    page = response.content.decode()
    assert "This page is not available in English" in page
    assert f'href="{session.url}" lang="nb"' in page
    assert 'href="/en/"' in page


def test_root_redirects_by_accept_language(client):
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.8").url == "/en/"
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="nb-NO,nb;q=0.9").url == "/nb/"
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="de").url == "/nb/"


def test_speakers_announced_soon_until_added(client, series_page):
    session = SoTalkSessionPageFactory(parent=series_page)
    assert "Innledere kommer snart" in client.get(session.url).content.decode()
    speaker = SessionSpeakerFactory(page=session, speaker__name="Kari Nordmann").speaker
    html = client.get(session.url).content.decode()
    assert speaker.name in html
    assert "Innledere kommer snart" not in html


def test_speaker_photo_is_a_sized_webp_rendition(client, upcoming_session):
    html = client.get(upcoming_session.url).content.decode()
    assert ".webp" in html
    # Alt text: the person's name, whatever language the image was described in.
    assert 'width="240" height="240" alt="Ingrid Haugen"' in html


def test_join_url_never_appears_in_html(client, upcoming_session):
    for url in [
        upcoming_session.url,
        upcoming_session.get_parent().url,
        "/nb/",
        "/en/",
    ]:
        assert "meet.example.org" not in client.get(url).content.decode()


def test_series_lists_upcoming_soonest_first_and_past_newest_first(client, series_page):
    later = SoTalkSessionPageFactory(
        parent=series_page, title="Later", starts_at=in_days(50)
    )
    sooner = SoTalkSessionPageFactory(
        parent=series_page, title="Sooner", starts_at=in_days(2)
    )
    old = SoTalkSessionPageFactory(
        parent=series_page, title="Old", starts_at=in_days(-3000)
    )
    response = client.get(series_page.url)
    upcoming = [s.pk for s in response.context["upcoming_sessions"]]
    assert upcoming.index(sooner.pk) < upcoming.index(later.pk)
    past = [s.pk for s in response.context["past_sessions"]]
    assert (
        past[0] != old.pk and old.pk in past
    )  # the 2021 demo session is newer than "Old" (2018)


def test_past_session_shows_the_recording_instead_of_registration(client, nb_session):
    nb_session.recording_url = "https://video.example.org/sotalk-1717"
    nb_session.save_revision().publish()
    html = client.get(nb_session.url).content.decode()
    assert "https://video.example.org/sotalk-1717" in html
    assert 'id="register"' not in html


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"ends_at_offset": timedelta(hours=-2)}, "ends_at"),
        ({"format": "in_person", "venue": ""}, "venue"),
    ],
)
def test_session_validation(series_page, changes, field):
    session = SoTalkSessionPage(
        title="x", slug="x", starts_at=in_days(3), ends_at=in_days(3)
    )
    session.ends_at = session.starts_at + changes.pop(
        "ends_at_offset", timedelta(hours=1)
    )
    for name, value in changes.items():
        setattr(session, name, value)
    with pytest.raises(ValidationError) as error:
        session.clean()
    assert field in error.value.message_dict


def test_translation_follows_source_start_time_on_publish(
    nb_session, django_capture_on_commit_callbacks
):
    en_session = nb_session.get_translation(Locale.objects.get(language_code="en"))
    new_start = nb_session.starts_at + timedelta(days=7)
    nb_session.starts_at = new_start
    nb_session.ends_at = new_start + timedelta(hours=1)
    with django_capture_on_commit_callbacks(execute=True):
        nb_session.save_revision().publish()
    en_session.refresh_from_db()
    assert en_session.starts_at == new_start
    assert en_session.live
    assert en_session.title == nb_session.title
