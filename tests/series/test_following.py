"""Following a series: double opt-in, announcements of new sessions through the
outbox and the real worker (once each, in the follower's language), automatic
registration through the normal path, one-click unsubscribe (RFC 8058), erasure
and export."""

import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from wagtail.models import PageViewRestriction

from series.domain.following import FollowRequest, follow_confirm, follow_request
from series.domain.privacy import person_erase
from series.domain.registration import registration_cancel
from series.models import (
    Follower,
    FollowerNotice,
    FollowMode,
    Registration,
    RegistrationQuestion,
    RegistrationStatus,
    SeriesIndexPage,
)
from series.read.sessions import site_url

from ..factories import SoTalkSessionPageFactory
from .journey import sent_to, subjects

pytestmark = pytest.mark.django_db

ADDRESS = "ola@example.no"


def follow_form(series, **data) -> dict:
    return {
        "email": ADDRESS,
        "language": "nb",
        "mode": FollowMode.ANNOUNCE,
        "name": "",
        "consent": "on",
        **data,
    }


def confirmed_follower(series, **kwargs) -> Follower:
    request = FollowRequest(**{"email": ADDRESS, "language": "nb", **kwargs})
    follower = follow_request(series=series, request=request)
    return follow_confirm(follower=follower)


def publish_new_session(series, **kwargs):
    """A session's first publication, as the admin's Publish does it."""
    session = SoTalkSessionPageFactory(parent=series, **kwargs)
    session.save_revision().publish()
    return session


def html_part(message) -> str:
    return next(body for body, kind in message.alternatives if kind == "text/html")


def unsubscribe_url(message) -> str:
    return re.fullmatch(r"<(.+)>", message.extra_headers["List-Unsubscribe"])[1]


def test_nothing_is_sent_until_the_address_is_confirmed(
    series_page, client, run_worker
):
    response = client.post(
        f"/nb/following/series/{series_page.pk}/", follow_form(series_page)
    )
    assert response.status_code == 302
    assert response["Location"] == f"/nb/following/series/{series_page.pk}/sent/"
    assert client.get(response["Location"]).status_code == 200
    follower = Follower.objects.get()
    assert follower.confirmed_at is None
    run_worker()
    [confirm] = sent_to(ADDRESS)
    assert confirm.subject.startswith("Bekreft at du følger")
    confirm_path = f"/nb/following/{follower.token}/confirm/"
    assert confirm_path in confirm.body

    publish_new_session(series_page)
    run_worker()
    assert len(sent_to(ADDRESS)) == 1  # unconfirmed: no announcement

    assert client.get(confirm_path).status_code == 200  # GET confirms nothing
    follower.refresh_from_db()
    assert follower.confirmed_at is None
    response = client.post(confirm_path)
    assert response["Location"] == f"/nb/following/{follower.token}/"
    follower.refresh_from_db()
    assert follower.confirmed_at is not None
    assert "Du følger serien" in client.get(response["Location"]).content.decode()

    session = publish_new_session(series_page, title="Byer som samarbeider")
    run_worker()
    assert subjects(ADDRESS)[-1] == f"Nytt arrangement: {session.title}"


def test_republishing_a_session_announces_nothing_new(series_page, run_worker):
    confirmed_follower(series_page)
    session = publish_new_session(series_page)
    run_worker()
    [announcement] = [m for m in sent_to(ADDRESS) if "Nytt" in m.subject]
    assert session.title in announcement.body
    session.title = "Nytt navn"
    session.save_revision().publish()
    session.save_revision().publish()
    run_worker()
    assert len([m for m in sent_to(ADDRESS) if "Nytt" in m.subject]) == 1
    assert FollowerNotice.objects.filter(session=session).count() == 1


def test_sessions_published_before_one_followed_are_not_news(
    series_page, upcoming_session, run_worker
):
    confirmed_follower(series_page)
    upcoming_session.save_revision().publish()
    run_worker()
    assert not [m for m in sent_to(ADDRESS) if "Nytt" in m.subject]


def test_unsubscribing_between_two_sessions(series_page, run_worker):
    follower = confirmed_follower(series_page)
    publish_new_session(series_page, title="Første")
    run_worker()
    first = sent_to(ADDRESS)[-1]
    assert first.subject == "Nytt arrangement: Første"
    # The mail client's one-click POST: no cookies, no CSRF token.
    one_click = Client(enforce_csrf_checks=True)
    response = one_click.post(
        unsubscribe_url(first),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert not Follower.objects.filter(pk=follower.pk).exists()
    assert not FollowerNotice.objects.filter(follower_id=follower.pk).exists()

    publish_new_session(series_page, title="Andre")
    run_worker()
    assert subjects(ADDRESS)[-1] == "Nytt arrangement: Første"
    # Posting the used link again is harmless.
    assert one_click.post(unsubscribe_url(first)).status_code == 200


def test_every_follower_email_has_rfc8058_headers_and_a_visible_link(
    series_page, client, run_worker
):
    follower = confirmed_follower(series_page)
    publish_new_session(series_page)
    run_worker()
    confirm, announcement = sent_to(ADDRESS)
    url = site_url(f"/nb/following/{follower.token}/unsubscribe/")
    for message in (confirm, announcement):
        assert message.extra_headers["List-Unsubscribe"] == f"<{url}>"
        assert (
            message.extra_headers["List-Unsubscribe-Post"]
            == "List-Unsubscribe=One-Click"
        )
        assert url in message.body
        assert f'href="{url}"' in html_part(message)
    # GET shows a button and unsubscribes nobody (mail scanners follow links).
    page = client.get(url)
    assert page.status_code == 200
    assert "Ja, slutt å følge serien" in page.content.decode()
    assert Follower.objects.filter(pk=follower.pk).exists()
    assert client.post(url).status_code == 200
    assert not Follower.objects.filter(pk=follower.pk).exists()
    assert client.get(url).status_code == 404


def test_the_register_link_fills_in_the_form_privately(series_page, client, run_worker):
    follower = confirmed_follower(series_page)
    session = publish_new_session(series_page)
    run_worker()
    announcement = sent_to(ADDRESS)[-1]
    path = f"/nb/following/{follower.token}/register/{session.pk}/"
    assert path in announcement.body
    assert ADDRESS not in re.findall(r"https?://\S+", announcement.body)[0]
    page = client.get(path)
    assert page.status_code == 200
    assert f'value="{ADDRESS}"' in page.content.decode()
    assert "private" in page["Cache-Control"]
    assert "no-store" in page["Cache-Control"]
    assert page["Referrer-Policy"] == "no-referrer"
    # Without a follower it is just the session page, with an empty form.
    response = client.get(f"/nb/following/not-a-token/register/{session.pk}/")
    assert response.status_code == 302
    assert response["Location"].endswith(f"{session.url}#register")


def test_auto_registration_is_a_normal_registration_with_its_own_email(
    series_page, client, run_worker
):
    follower = confirmed_follower(
        series_page, mode=FollowMode.REGISTER, name="Ola Nordmann"
    )
    session = publish_new_session(series_page, capacity=5)
    run_worker()
    registration = Registration.objects.get(session=session)
    assert registration.status == RegistrationStatus.CONFIRMED
    assert (registration.name, registration.email) == ("Ola Nordmann", ADDRESS)
    assert registration.consent_version == follower.consent_version
    [confirm_follow, confirmation] = sent_to(ADDRESS)
    assert confirmation.subject.startswith("Du er påmeldt")
    assert f"/nb/registrations/{registration.token}/cancel/" in confirmation.body
    assert f"/nb/registrations/{registration.token}/join/" in confirmation.body
    assert "List-Unsubscribe" in confirmation.extra_headers
    # Cancellable like any other; publishing again registers nobody again.
    registration_cancel(registration=registration)
    session.save_revision().publish()
    run_worker()
    assert Registration.objects.filter(session=session).count() == 1
    assert not Registration.objects.filter(session=session).live().exists()


def test_auto_registration_respects_capacity_and_the_waiting_list(
    series_page, register, run_worker
):
    confirmed_follower(series_page, mode=FollowMode.REGISTER, name="Ola")
    session = SoTalkSessionPageFactory(parent=series_page, capacity=1)
    register(session, "first@example.no")
    session.save_revision().publish()
    run_worker()
    registration = Registration.objects.of_email(ADDRESS).get()
    assert registration.status == RegistrationStatus.WAITLISTED
    assert subjects(ADDRESS)[-1].startswith("Du står på venteliste")


def test_a_session_with_required_questions_is_announced_instead(
    series_page, run_worker
):
    confirmed_follower(series_page, mode=FollowMode.REGISTER, name="Ola")
    session = SoTalkSessionPageFactory(parent=series_page)
    RegistrationQuestion.objects.create(
        page=session, locale=session.locale, key="role", label="Rolle", required=True
    )
    session.save_revision().publish()
    run_worker()
    assert not Registration.objects.filter(session=session).exists()
    announcement = sent_to(ADDRESS)[-1]
    assert "spør om noen ting" in announcement.body
    assert "/register/" in announcement.body


def test_restricted_sessions_are_neither_announced_nor_registered(
    series_page, run_worker
):
    confirmed_follower(series_page, mode=FollowMode.REGISTER, name="Ola")
    announce = confirmed_follower(series_page, email="kari@example.no")
    session = SoTalkSessionPageFactory(parent=series_page)
    PageViewRestriction.objects.create(
        page=session, restriction_type="password", password="secret"
    )
    session.save_revision().publish()
    run_worker()
    assert not Registration.objects.filter(session=session).exists()
    assert not FollowerNotice.objects.filter(session=session).exists()
    assert len(sent_to(announce.email)) == 1  # the confirmation only
    assert session.join_url not in "".join(m.body for m in mail.outbox)


def test_other_languages_wait_for_the_translation_or_the_delay(
    series_page, clock, run_worker
):
    SeriesIndexPage.objects.filter(pk=series_page.pk).update(announce_delay_hours=6)
    series_page.refresh_from_db()
    english = confirmed_follower(series_page, email="anne@example.org", language="en")
    norwegian = confirmed_follower(series_page)
    publish_new_session(series_page, title="Grønne byer")
    run_worker()
    assert subjects(norwegian.email)[-1] == "Nytt arrangement: Grønne byer"
    assert len(sent_to(english.email)) == 1  # no English page yet
    clock.move(hours=6, seconds=1)
    run_worker()
    announcement = sent_to(english.email)[-1]
    assert announcement.subject == "New session: Grønne byer"  # the source's text
    assert 'lang="nb"' in html_part(announcement)
    assert "/en/following/" in announcement.body
    run_worker()
    assert len(sent_to(english.email)) == 2


def test_a_published_translation_is_announced_at_once(
    series_page, run_worker, django_capture_on_commit_callbacks
):
    from wagtail.models import Locale
    from wagtail_localize.operations import TranslationCreator

    english = confirmed_follower(series_page, email="anne@example.org", language="en")
    session = publish_new_session(series_page, title="Grønne byer")
    run_worker()
    assert len(sent_to(english.email)) == 1
    en = Locale.objects.get(language_code="en")
    with django_capture_on_commit_callbacks(execute=True):
        TranslationCreator(None, [en]).create_translations(session)
    translated = session.get_translation(en)
    translated.title = "Green cities"
    translated.save_revision().publish()
    run_worker()
    announcement = sent_to(english.email)[-1]
    assert announcement.subject == "New session: Green cities"
    assert f"/en/following/{english.token}/register/{translated.pk}/" in (
        announcement.body
    )


def test_unconfirmed_followers_are_forgotten(series_page, clock, run_worker):
    follower = follow_request(
        series=series_page, request=FollowRequest(email=ADDRESS, language="nb")
    )
    clock.move(hours=23)
    run_worker()
    assert Follower.objects.filter(pk=follower.pk).exists()
    clock.move(hours=1, seconds=1)
    run_worker()
    assert not Follower.objects.filter(pk=follower.pk).exists()
    # The cron purge catches what a lost task missed.
    other = follow_request(
        series=series_page, request=FollowRequest(email="x@example.no", language="nb")
    )
    clock.move(hours=25)
    call_command("purge_registrations", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert not Follower.objects.filter(pk=other.pk).exists()


def test_confirmed_followers_stay_through_the_retention_purge(series_page, clock):
    follower = confirmed_follower(series_page)
    clock.move(days=400)
    call_command("purge_registrations", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert Follower.objects.filter(pk=follower.pk).exists()


def test_the_per_person_erase_removes_followers(series_page, admin_user, register):
    confirmed_follower(series_page)
    session = SoTalkSessionPageFactory(parent=series_page)
    register(session, ADDRESS)
    person_erase(email=ADDRESS.upper(), staff_user=admin_user)
    assert not Follower.objects.exists()


def test_staff_see_and_export_followers(series_page, client, admin_user):
    confirmed_follower(series_page, name="=HYPERLINK(1)")
    client.force_login(admin_user)
    listing = client.get(f"/admin/followers/?series={series_page.pk}")
    assert listing.status_code == 200
    assert ADDRESS in listing.content.decode()
    export = client.get(f"/admin/followers/?series={series_page.pk}&export=csv")
    body = b"".join(export.streaming_content).decode()
    assert body.startswith("\ufeff")
    assert ADDRESS in body
    assert "'=HYPERLINK(1)" in body
    person = client.post(
        "/admin/registrations/person/", {"email": ADDRESS, "action": "export"}
    )
    assert person.json()["followers"][0]["email"] == ADDRESS


def test_translators_do_not_see_followers(series_page, client, translator_en):
    confirmed_follower(series_page)
    client.force_login(translator_en)
    assert client.get("/admin/followers/").status_code in (302, 403)


def test_the_form_explains_what_is_wrong(series_page, client):
    response = client.post(
        f"/en/following/series/{series_page.pk}/",
        follow_form(series_page, email="not-an-address", mode=FollowMode.REGISTER),
    )
    assert response.status_code == 422
    content = response.content.decode()
    assert "Enter an e-mail address like name@example.no." in content
    assert "Enter your name, so that we can register you." in content
    assert not Follower.objects.exists()


def test_the_form_is_rate_limited(series_page, client, settings):
    settings.SERIES_REGISTRATION_RATE_LIMIT = "2/m"
    url = f"/nb/following/series/{series_page.pk}/"
    for n in range(2):
        client.post(url, follow_form(series_page, email=f"p{n}@example.no"))
    assert client.post(url, follow_form(series_page)).status_code == 429


def test_another_site_cannot_post_the_form(series_page, client):
    response = client.post(
        f"/nb/following/series/{series_page.pk}/",
        follow_form(series_page),
        HTTP_ORIGIN="https://evil.example",
    )
    assert response.status_code == 403
    assert not Follower.objects.exists()


def test_a_complaint_at_the_esp_stops_the_following(series_page, run_worker):
    from anymail.signals import AnymailTrackingEvent, tracking

    follower = confirmed_follower(series_page)
    run_worker()
    notice = FollowerNotice.objects.get(follower=follower)
    assert notice.status == FollowerNotice.Status.SENT
    assert notice.message_id
    tracking.send(
        sender=object,
        event=AnymailTrackingEvent(
            event_type="delivered", message_id=notice.message_id
        ),
        esp_name="Test",
    )
    assert Follower.objects.filter(pk=follower.pk).exists()
    tracking.send(
        sender=object,
        event=AnymailTrackingEvent(
            event_type="complained", message_id=notice.message_id
        ),
        esp_name="Test",
    )
    assert not Follower.objects.filter(pk=follower.pk).exists()


def test_asking_again_changes_nothing_for_a_confirmed_follower(
    series_page, client, run_worker
):
    follower = confirmed_follower(series_page)
    response = client.post(
        f"/en/following/series/{series_page.pk}/",
        follow_form(series_page, mode=FollowMode.REGISTER, name="Someone Else"),
    )
    assert response.status_code == 302  # the same answer as for a newcomer
    run_worker()
    follower.refresh_from_db()
    assert (follower.mode, follower.name) == (FollowMode.ANNOUNCE, "")
    assert "Du følger alt" in sent_to(ADDRESS)[-1].body
    assert "/confirm/" not in sent_to(ADDRESS)[-1].body


# Changing the choice on the follower's own page


def own_page(follower) -> str:
    return f"/nb/following/{follower.token}/"


def test_every_announcement_links_to_the_followers_own_page(series_page, run_worker):
    follower = confirmed_follower(series_page)
    publish_new_session(series_page)
    run_worker()
    [confirm, announcement] = sent_to(ADDRESS)
    url = site_url(own_page(follower))
    assert f"Endre hva vi sender: {url}" in announcement.body
    assert f'<a href="{url}"' in html_part(announcement)
    assert "Endre hva vi sender" not in confirm.body  # not before confirming


def test_a_follower_switches_to_registration_and_back_without_unsubscribing(
    series_page, client, run_worker
):
    follower = confirmed_follower(series_page)
    html = client.get(own_page(follower)).content.decode()
    assert "Endre hva vi sender" in html
    assert re.search(r'value="announce"[^>]*checked', html)

    response = client.post(
        own_page(follower),
        {"mode": FollowMode.REGISTER, "language": "nb", "name": "Ola Nordmann"},
    )
    assert response.status_code == 302
    assert response["Location"] == own_page(follower) + "?saved=1"
    saved = client.get(response["Location"])
    assert "no-store" in saved["Cache-Control"]
    assert "Endringene er lagret." in saved.content.decode()
    follower.refresh_from_db()
    assert (follower.mode, follower.language, follower.name) == (
        FollowMode.REGISTER,
        "nb",
        "Ola Nordmann",
    )
    assert follower.confirmed_at is not None  # still following, no new opt-in
    session = publish_new_session(series_page, capacity=5)
    run_worker()
    registration = Registration.objects.get(session=session)
    assert registration.name == "Ola Nordmann"
    assert sent_to(ADDRESS)[-1].subject.startswith("Du er påmeldt")

    client.post(own_page(follower), {"mode": FollowMode.ANNOUNCE, "language": "nb"})
    publish_new_session(series_page, title="Neste")
    run_worker()
    assert subjects(ADDRESS)[-1] == "Nytt arrangement: Neste"
    assert Registration.objects.count() == 1
    follower.refresh_from_db()
    assert follower.name == "Ola Nordmann"  # kept for a later switch back

    # The language of the e-mails, too; the page stays in the page's language.
    response = client.post(
        own_page(follower), {"mode": FollowMode.ANNOUNCE, "language": "en"}
    )
    follower.refresh_from_db()
    assert follower.language == "en"
    html = client.get(response["Location"]).content.decode()
    assert re.search(r'value="en"[^>]*checked', html)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"mode": FollowMode.REGISTER, "language": "nb", "name": ""}, "Skriv navnet"),
        ({"mode": "everything", "language": "nb"}, "Velg et gyldig valg"),
        ({"mode": FollowMode.ANNOUNCE, "language": "xx"}, "Velg et gyldig valg"),
        ({"language": "nb"}, "Velg hva vi skal gjøre."),
    ],
)
def test_a_bad_change_is_explained_and_nothing_changes(
    series_page, client, data, message
):
    follower = confirmed_follower(series_page)
    response = client.post(own_page(follower), data)
    assert response.status_code == 422
    html = response.content.decode()
    assert 'class="error-summary" role="alert"' in html
    assert message in html, html
    follower.refresh_from_db()
    assert (follower.mode, follower.language) == (FollowMode.ANNOUNCE, "nb")


def test_another_site_cannot_change_the_choice(series_page, client):
    follower = confirmed_follower(series_page)
    response = client.post(
        own_page(follower),
        {"mode": FollowMode.REGISTER, "language": "nb", "name": "Eve"},
        HTTP_ORIGIN="https://evil.example",
    )
    assert response.status_code == 403
    follower.refresh_from_db()
    assert follower.mode == FollowMode.ANNOUNCE


def test_an_unknown_or_unconfirmed_token_changes_nothing(series_page, client):
    data = {"mode": FollowMode.REGISTER, "language": "nb", "name": "Ola"}
    assert client.post("/nb/following/" + "x" * 43 + "/", data).status_code == 404
    pending = follow_request(
        series=series_page, request=FollowRequest(email=ADDRESS, language="nb")
    )
    response = client.post(own_page(pending), data)
    assert response.status_code == 302
    assert "/confirm/" in response["Location"]
    pending.refresh_from_db()
    assert pending.mode == FollowMode.ANNOUNCE
