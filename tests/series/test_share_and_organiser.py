"""Listings that invite: session cards with time zone, format, language, state and a
way in; share links with no trackers; the series' organiser on the page and as the
e-mails' Reply-To."""

import re
from datetime import timedelta
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core import mail
from django.utils import timezone

from ..factories import SoTalkSessionPageFactory

pytestmark = pytest.mark.django_db

ORGANISER = {"organiser_name": "SoTalk-teamet", "organiser_email": "sotalk@example.no"}


@pytest.fixture
def organised(series_page):
    for name, value in ORGANISER.items():
        setattr(series_page, name, value)
    series_page.save(update_fields=list(ORGANISER))
    return series_page


@pytest.fixture
def session(organised):
    return SoTalkSessionPageFactory(parent=organised, title="Byer som deler")


def links(html: str) -> list[str]:
    return [unescape(href) for href in re.findall(r'href="([^"]+)"', html)]


def card(html: str, title: str) -> str:
    [found] = [
        part.split("</article>", 1)[0]
        for part in html.split("<article")[1:]
        if title in part.split("</article>", 1)[0]
    ]
    return found


def share_section(html: str) -> str:
    return html[html.index('<div class="share">') :].split("</div>", 1)[0]


def test_the_session_page_names_the_organiser(client, session):
    html = client.get(session.url).content.decode()
    assert "<dt>Arrangør</dt>" in html
    assert "SoTalk-teamet" in html
    assert 'href="mailto:sotalk@example.no"' in html


def test_no_organiser_no_contact_line(client, series_page):
    series_page.organiser_email = ""
    series_page.save(update_fields=["organiser_email"])
    session = SoTalkSessionPageFactory(parent=series_page)
    assert "<dt>Arrangør</dt>" not in client.get(session.url).content.decode()


def test_share_links_carry_the_address_and_nothing_else(client, session):
    html = client.get(session.url).content.decode()
    share = share_section(html)
    page_url = f"http://testserver{session.url}"
    hrefs = links(share)
    assert len(hrefs) == 4
    linkedin, facebook, email, copy = hrefs
    assert linkedin.startswith("https://www.linkedin.com/sharing/share-offsite/?")
    assert parse_qs(urlsplit(linkedin).query) == {"url": [page_url]}
    assert facebook.startswith("https://www.facebook.com/sharer/sharer.php?")
    assert parse_qs(urlsplit(facebook).query) == {"u": [page_url]}
    assert email.startswith("mailto:?")
    assert parse_qs(urlsplit(email).query) == {
        "subject": ["Byer som deler"],
        "body": [page_url],
    }
    assert "+" not in email  # mail programs read %20 as a space, not always +
    assert copy == page_url
    for href in hrefs:
        assert "utm_" not in href and "fbclid" not in href


def test_the_copy_link_announces_itself_and_no_third_party_script_loads(
    client, session
):
    html = client.get(session.url).content.decode()
    share = share_section(html)
    assert "data-copy-link" in share
    assert 'data-copied="Lenken er kopiert"' in share
    assert 'role="status"' in share
    scripts = re.findall(r'<script[^>]*src="([^"]+)"', html)
    assert scripts == ["/static/series/share.js"]


def test_cards_show_time_zone_format_language_state_and_a_way_in(client, session):
    html = client.get(session.get_parent().url).content.decode()
    card_html = card(html, "Byer som deler")
    assert 'class="tz">(CE' in card_html
    assert "Digitalt" in card_html
    assert "Holdes på engelsk" in card_html
    assert "10 ledige plasser" in card_html
    assert "Meld deg på" in card_html and f'{session.url}#register"' in card_html


def test_cards_of_past_sessions_say_so_and_link_the_recording(client, organised):
    starts = timezone.now() - timedelta(days=3)
    past = SoTalkSessionPageFactory(
        parent=organised,
        title="Det som var",
        starts_at=starts,
        ends_at=starts + timedelta(hours=1),
        recording_url="https://video.example.org/det-som-var",
    )
    html = client.get(organised.url).content.decode()
    card_html = card(html, past.title)
    assert "Er gjennomført" in card_html
    assert 'href="https://video.example.org/det-som-var"' in card_html
    assert "Se opptaket" in card_html
    assert "Meld deg på" not in card_html


def test_full_sessions_show_the_waiting_list_state(client, organised, register):
    session = SoTalkSessionPageFactory(parent=organised, title="Fullt hus", capacity=1)
    register(session, "a@example.no")
    html = client.get(organised.url).content.decode()
    card_html = card(html, "Fullt hus")
    assert "Fullt – venteliste åpen" in card_html
    assert "Sett meg på venteliste" in card_html


@pytest.mark.parametrize("with_organiser", [True, False])
def test_replies_to_the_e_mails_go_to_the_organiser(
    series_page, register, run_worker, with_organiser
):
    series_page.organiser_name = "SoTalk team"
    series_page.organiser_email = "team@example.no" if with_organiser else ""
    series_page.save()
    session = SoTalkSessionPageFactory(parent=series_page)
    register(session, "kari@example.no")
    run_worker()
    [message] = [m for m in mail.outbox if m.to == ["kari@example.no"]]
    if with_organiser:
        assert message.reply_to == ["SoTalk team <team@example.no>"]
        assert message.message()["Reply-To"] == "SoTalk team <team@example.no>"
    else:
        assert message.reply_to == []
        assert message.message()["Reply-To"] is None
