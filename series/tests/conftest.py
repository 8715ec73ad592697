"""Fixtures of the plug-in's own tests: a bare site in nb, nn and en, built by the
factories below, with no demo content and nothing of a host site."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import Locale, Page, Site
from wagtail_localize.models import Translation, TranslationSource
from wagtail_localize.operations import TranslationCreator

from series.domain.registration import Registrant, registration_create
from series.models import SeriesIndexPage, SoTalkSessionPage

LANGUAGES = ("nb", "nn", "en")


@pytest.fixture(autouse=True)
def clear_cache():
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def locales(db) -> dict[str, Locale]:
    return {
        code: Locale.objects.get_or_create(language_code=code)[0] for code in LANGUAGES
    }


@pytest.fixture
def root(locales) -> Page:
    """The default site's root page, in every locale."""
    page = Site.objects.get(is_default_site=True).root_page
    for code in ("nn", "en"):
        if not page.has_translation(locales[code]):
            page.copy_for_translation(locales[code]).save_revision().publish()
    return page


@pytest.fixture
def series_page(root) -> SeriesIndexPage:
    series = root.add_child(
        instance=SeriesIndexPage(title="Serie", slug="serie", intro="<p>Om</p>")
    )
    series.save_revision().publish()
    return series


@pytest.fixture
def make_session(series_page):
    """A published session in the series; keyword arguments set its fields."""
    counter = iter(range(1, 10_000))

    def make(**fields) -> SoTalkSessionPage:
        number = next(counter)
        starts_at = fields.pop(
            "starts_at", timezone.now().replace(microsecond=0) + timedelta(days=7)
        )
        fields.setdefault("ends_at", starts_at + timedelta(hours=1, minutes=15))
        fields.setdefault("capacity", 10)
        fields.setdefault("join_url", "https://meet.example.org/plugin-secret")
        session = series_page.add_child(
            instance=SoTalkSessionPage(
                title=fields.pop("title", f"Økt {number}"),
                slug=f"okt-{number}",
                lead="Går det an?",
                starts_at=starts_at,
                **fields,
            )
        )
        session.save_revision().publish()
        return session

    return make


@pytest.fixture
def translate(locales, django_capture_on_commit_callbacks):
    """Translate a page (and its parents as aliases) into a language, and publish."""

    def into(page: Page, code: str) -> Page:
        locale = locales[code]
        with django_capture_on_commit_callbacks(execute=True):
            TranslationCreator(None, [locale]).create_translations(page)
            source = TranslationSource.objects.get_for_instance(page)
            Translation.objects.get(source=source, target_locale=locale).save_target(
                publish=True
            )
        return page.get_translation(locale).specific

    return into


@pytest.fixture
def register():
    def create(session, email="kari@example.no", language="nb", **fields):
        fields.setdefault("name", "Kari Nordmann")
        fields.setdefault("consent_version", f"{language}-test")
        return registration_create(
            session=session,
            registrant=Registrant(email=email, language=language, **fields),
        )

    return create


@pytest.fixture
def run_worker(monkeypatch):
    """The real task worker over everything due, as `db_worker --batch` does, on the
    test's own connection."""
    from django_tasks_db.management.commands import db_worker

    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)

    def run() -> None:
        # `startup_delay` is the option's dest: `no_startup_delay=True` would set it
        # to True, a random pause of up to a second before each run.
        call_command(
            "db_worker", batch=True, startup_delay=False, reload=False, verbosity=0
        )

    return run
