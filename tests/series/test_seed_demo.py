from django.core.management import call_command
from django.utils import timezone
from wagtail.images.models import Image
from wagtail.models import Page

from series.models import SessionSpeaker, SoTalkSessionPage, Speaker


def test_seed_demo_twice_creates_no_duplicates(db):
    counts = (
        Page.objects.count(),
        Speaker.objects.count(),
        Image.objects.count(),
        SessionSpeaker.objects.count(),
    )
    call_command("seed_demo", verbosity=0)
    assert counts == (
        Page.objects.count(),
        Speaker.objects.count(),
        Image.objects.count(),
        SessionSpeaker.objects.count(),
    )


def test_seed_demo_has_both_languages_and_open_upcoming_sessions(db):
    assert SoTalkSessionPage.objects.filter(locale__language_code="en").count() == 3
    upcoming = SoTalkSessionPage.objects.live().filter(
        locale__language_code="nb", starts_at__gt=timezone.now()
    )
    assert upcoming.count() >= 2


def test_seed_demo_generates_sessions_and_speakers_for_benchmarks(db):
    call_command("seed_demo", sessions=5, speakers=4, verbosity=0)
    generated = SoTalkSessionPage.objects.filter(slug__startswith="generated-session-")
    assert generated.count() == 5
    assert Speaker.objects.filter(name__startswith="Demo Speaker").count() == 4
    call_command("seed_demo", sessions=5, speakers=4, verbosity=0)
    assert generated.count() == 5


def test_demo_series_offers_freed_seats_for_a_day(series_page):
    from series.models import SeriesIndexPage

    for series in SeriesIndexPage.objects.filter(
        translation_key=series_page.translation_key
    ):
        assert series.waitlist_offer_hours == 24


def test_demo_series_names_its_organiser_and_asks_about_accommodations(db):
    from series.models import SeriesIndexPage

    for series in SeriesIndexPage.objects.all():
        assert series.organiser_email == "sotalk@socentral.example"
        assert series.organiser_name == "SoCentral"
        assert series.ask_access_needs
