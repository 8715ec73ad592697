import zoneinfo
from datetime import datetime, timedelta

import factory
import wagtail_factories
from django.utils import timezone
from wagtail.models import Locale

from series.models import SeriesIndexPage, SessionSpeaker, SoTalkSessionPage, Speaker

OSLO = zoneinfo.ZoneInfo("Europe/Oslo")


def nb_locale() -> Locale:
    return Locale.objects.get(language_code="nb")


class SpeakerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Speaker

    locale = factory.LazyFunction(nb_locale)
    name = factory.Sequence(lambda n: f"Speaker {n}")
    role = "Politiker"
    organisation = "Oslo kommune"
    live = True


class SeriesIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = SeriesIndexPage

    title = factory.Sequence(lambda n: f"Series {n}")
    intro = "<p>Intro</p>"


def in_days(days: int, hour: int = 9) -> datetime:
    day = timezone.localdate(timezone=OSLO) + timedelta(days=days)
    return datetime(day.year, day.month, day.day, hour, 0, tzinfo=OSLO)


class SoTalkSessionPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = SoTalkSessionPage

    title = factory.Sequence(lambda n: f"Session {n}")
    lead = "A question worth an hour?"
    starts_at = factory.LazyFunction(lambda: in_days(10))
    ends_at = factory.LazyAttribute(
        lambda o: o.starts_at + timedelta(hours=1, minutes=15)
    )
    join_url = "https://meet.example.org/secret-room-4711"
    capacity = 10


class SessionSpeakerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SessionSpeaker

    page = factory.SubFactory(SoTalkSessionPageFactory)
    speaker = factory.SubFactory(SpeakerFactory)
