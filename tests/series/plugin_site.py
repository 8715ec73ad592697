"""Run in its own process by test_plugin.py, with site_project.settings.test_plugin:
migrates a bare Wagtail site, adds a series and a translated session, and prints
(as JSON) what its pages and API answered."""

import json
import os
import sys
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ["DJANGO_SETTINGS_MODULE"] = "site_project.settings.test_plugin"

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402
from wagtail.models import Locale, Site  # noqa: E402
from wagtail_localize.models import Translation, TranslationSource  # noqa: E402
from wagtail_localize.operations import TranslationCreator  # noqa: E402

from series.models import SeriesIndexPage, SoTalkSessionPage  # noqa: E402

JOIN_URL = "https://meet.example.org/plugin-secret"


def build_content() -> SoTalkSessionPage:
    english = Locale.objects.get_or_create(language_code="en")[0]
    root = Site.objects.get(is_default_site=True).root_page
    series = root.add_child(
        instance=SeriesIndexPage(
            title="Plug-in series", slug="plugin-series", intro="<p>Intro</p>"
        )
    )
    series.save_revision().publish()
    starts_at = timezone.now().replace(microsecond=0) + timedelta(days=7)
    session = series.add_child(
        instance=SoTalkSessionPage(
            title="First session",
            slug="first-session",
            lead="Does it plug in?",
            starts_at=starts_at,
            ends_at=starts_at + timedelta(hours=1),
            join_url=JOIN_URL,
            capacity=20,
        )
    )
    session.save_revision().publish()
    TranslationCreator(None, [english]).create_translations(session)
    source = TranslationSource.objects.get_for_instance(session)
    Translation.objects.get(source=source, target_locale=english).save_target(
        publish=True
    )
    return session


def main() -> None:
    started = datetime.now()
    setup_test_environment()  # records the templates each response used
    call_command("migrate", verbosity=0, interactive=False)
    session = build_content()
    english = SoTalkSessionPage.objects.get(
        translation_key=session.translation_key, locale__language_code="en"
    )
    client = Client()
    urls = {
        "series_page": "/nb/plugin-series/",
        "session_nb": "/nb/plugin-series/first-session/",
        "session_en": "/en/plugin-series/first-session/",
        "calendar": "/nb/plugin-series/first-session/calendar.ics",
        "feed": "/en/plugin-series/feed.xml",
        "sitemap": "/sitemap.xml",
        "api_sessions": "/api/v3/series/sessions/?locale=en&status=upcoming",
        "api_detail": f"/api/v3/series/sessions/{english.pk}/?locale=nb",
        "api_speakers": "/api/v3/series/speakers/?locale=nb",
        "openapi": "/api/v3/openapi.json",
    }
    report = {"pages": {}, "seconds": 0.0}
    for name, url in urls.items():
        response = client.get(url)
        body = response.content.decode()
        report["pages"][name] = {
            "status": response.status_code,
            "has_title": "First session" in body or "Plug-in series" in body,
            "has_join_url": JOIN_URL in body,
            "json": response.json() if name.startswith("api_") else None,
        }
    openapi = client.get(urls["openapi"]).json()
    report["series_paths"] = sorted(p for p in openapi["paths"] if "/series/" in p)
    report["templates"] = sorted(
        {
            template.origin.name.split("/templates/")[-1]
            for template in client.get(urls["session_nb"]).templates
        }
    )
    report["seconds"] = (datetime.now() - started).total_seconds()
    print(json.dumps(report))


if __name__ == "__main__":
    main()
