"""The translators' workflow through the real admin: translate, machine-translate,
review on the dashboard, publish, sync, and PO files."""

import html
import json
import re
import runpy
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlencode

import polib
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.images.models import Image
from wagtail.models import Locale, Page
from wagtail_localize.machine_translators import get_machine_translator
from wagtail_localize.machine_translators.deepl import DeepLTranslator
from wagtail_localize.models import StringTranslation, Translation, TranslationSource

from series.admin.translation_panels import TranslationsToReviewPanel
from series.blocks import SessionStreamBlock
from series.models import SoTalkSessionPage, Speaker

from ..factories import (
    SeriesIndexPageFactory,
    SessionSpeakerFactory,
    SoTalkSessionPageFactory,
    SpeakerFactory,
)

pytestmark = pytest.mark.django_db

SETTINGS_DIR = Path(__file__).resolve().parents[2] / "site_project" / "settings"


def en() -> Locale:
    return Locale.objects.get(language_code="en")


def reversed_words(text: str) -> str:
    """What wagtail-localize's DummyTranslator makes of a plain string."""
    return " ".join(reversed(text.split(" ")))


def translation_of(target) -> Translation:
    """The wagtail-localize translation that produces this page or snippet."""
    return Translation.objects.get(
        source__object_id=target.translation_key, target_locale=target.locale
    )


def editor_url(instance) -> str:
    if isinstance(instance, Page):
        return reverse("wagtailadmin_pages:edit", args=[instance.pk])
    return reverse("wagtailsnippets_series_speaker:edit", args=[instance.pk])


def editor_props(response) -> dict:
    """The data wagtail-localize's translation editor is rendered from."""
    found = re.search(r'data-props="([^"]*)"', response.content.decode())
    assert found, "not the translation editor"
    return json.loads(html.unescape(found.group(1)))


def machine_translate(client, translation: Translation) -> None:
    url = reverse("wagtail_localize:machine_translate", args=[translation.pk])
    assert client.post(url).status_code == 302


def submit_translation(client, url: str, capture, **extra):
    """Press "Translate" for English; runs what it leaves for after the commit too,
    where a publish would happen."""
    with capture(execute=True):
        return client.post(url, {"locales": [en().pk], **extra})


def publish_in_editor(client, instance, capture) -> None:
    with capture(execute=True):
        response = client.post(editor_url(instance), {"action": "publish"})
    assert response.status_code == 302
    assert response.url != reverse("wagtailadmin_home")


@pytest.fixture
def new_nb_session(series_page) -> SoTalkSessionPage:
    """A session Communications has just published in Norwegian, with two speakers."""
    session = SoTalkSessionPageFactory(
        parent=series_page,
        title="Finansiering av samarbeid i byen",
        lead="Hvem betaler for samskaping?",
        capacity=40,
    )
    for name, role in [("Ola Nordmann", "Politiker"), ("Kari Holm", "Gründer")]:
        speaker = SpeakerFactory(name=name, role=role)
        speaker.save_revision().publish()
        SessionSpeakerFactory(page=session, speaker=speaker)
    session.save_revision().publish()
    return SoTalkSessionPage.objects.get(pk=session.pk)


def test_translator_translates_a_new_session_and_communications_publishes_it(
    client,
    new_nb_session,
    translator_en,
    communications_user,
    django_capture_on_commit_callbacks,
):
    nb = new_nb_session
    # The translator finds it on the dashboard, with a link that starts translating.
    client.force_login(translator_en)
    start = (
        reverse("wagtail_localize:submit_page_translation", args=[nb.pk])
        + "?select_locale=en"
    )
    assert start.replace("&", "&amp;") in client.get(reverse("wagtailadmin_home")).text
    response = submit_translation(client, start, django_capture_on_commit_callbacks)
    en_page = nb.get_translation(en())
    assert response.url == editor_url(en_page)
    assert not en_page.live  # a draft until someone who may publish does

    # Machine translation (DummyTranslator in tests), the session and its speakers.
    editor = client.get(editor_url(en_page))
    assert editor_props(editor)["perms"]["canPublish"] is False
    en_speakers = [link.speaker for link in en_page.specific.session_speakers.all()]
    assert {speaker.locale for speaker in en_speakers} == {en()}
    for instance in [en_page, *en_speakers]:
        machine_translate(client, translation_of(instance))

    # Communications finds each on the dashboard panel and publishes it.
    client.force_login(communications_user)
    dashboard = client.get(reverse("wagtailadmin_home")).text
    for instance in [en_page, *en_speakers]:
        assert f'href="{editor_url(instance)}"' in dashboard
        publish_in_editor(client, instance, django_capture_on_commit_callbacks)

    en_page = SoTalkSessionPage.objects.get(pk=en_page.pk)
    assert en_page.live
    assert en_page.title == reversed_words(nb.title)
    assert (en_page.starts_at, en_page.ends_at, en_page.capacity) == (
        nb.starts_at,
        nb.ends_at,
        nb.capacity,
    )
    assert en_page.source.pk == nb.pk  # registrations are shared with the nb page
    page = client.get(en_page.url)
    assert page.status_code == 200
    assert '<html lang="en">' in page.text
    for speaker in en_speakers:
        speaker.refresh_from_db()
        assert speaker.live
        assert speaker.role in {reversed_words("Politiker"), reversed_words("Gründer")}
        assert speaker.role in page.text
    dashboard = client.get(reverse("wagtailadmin_home")).text
    assert f'href="{editor_url(en_page)}"' not in dashboard


def test_sync_translated_pages_carries_a_new_start_time_over(
    client, communications_user, nb_session, django_capture_on_commit_callbacks
):
    en_session = nb_session.get_translation(en())
    new_start = nb_session.starts_at + timedelta(days=3, hours=1)
    nb_session.starts_at = new_start
    nb_session.ends_at = new_start + timedelta(hours=1)
    nb_session.save()  # saved, not published: only the sync carries it over
    source = TranslationSource.objects.get_for_instance(nb_session)
    url = reverse("wagtail_localize:update_translations", args=[source.pk])
    client.force_login(communications_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"publish_translations": "on"})
    assert response.status_code == 302
    en_session.refresh_from_db()
    assert en_session.starts_at == new_start
    assert en_session.ends_at == new_start + timedelta(hours=1)
    assert en_session.live


def test_translated_session_shows_the_speakers_translation(
    client, upcoming_session, django_capture_on_commit_callbacks
):
    en_session = upcoming_session.get_translation(en())
    link = en_session.session_speakers.select_related("speaker").first()
    en_speaker = link.speaker
    assert en_speaker.locale == en()
    nb_speaker = en_speaker.get_translation(Locale.objects.get(language_code="nb"))
    assert nb_speaker.role != en_speaker.role
    translation = translation_of(en_speaker)
    po = translation.export_po()
    for entry in po:
        if entry.msgid == nb_speaker.role:
            entry.msgstr = "Chief listener"
    translation.import_po(po)
    with django_capture_on_commit_callbacks(execute=True):
        translation.save_target(publish=True)
    assert "Chief listener" in client.get(en_session.url).text
    assert "Chief listener" not in client.get(upcoming_session.url).text


def test_po_file_round_trip_through_the_admin_changes_the_english_page(
    client,
    translator_en,
    communications_user,
    nb_session,
    django_capture_on_commit_callbacks,
):
    image = Image.objects.first()
    nb_session.body = SessionStreamBlock().to_python(
        [
            {
                "type": "image",
                "value": {
                    "image": {
                        "image": image.pk,
                        "alt_text": "Et kart over byen",
                        "decorative": False,
                    },
                    "caption": "Byen sett ovenfra",
                },
            }
        ]
    )
    with django_capture_on_commit_callbacks(execute=True):
        nb_session.save_revision().publish()  # syncs the translation's source
    translation = translation_of(nb_session.get_translation(en()))
    client.force_login(translator_en)
    download = client.get(
        reverse("wagtail_localize:download_pofile", args=[translation.pk])
    )
    assert download.status_code == 200
    po = polib.pofile(download.content.decode())
    msgids = {entry.msgid for entry in po}
    # Image alt text and captions are translated like any text.
    assert {"Et kart over byen", "Byen sett ovenfra", nb_session.title} <= msgids
    for entry in po:
        entry.msgstr = {
            nb_session.title: "Mobilising citizens, in English",
            "Et kart over byen": "A map of the city",
        }.get(entry.msgid, entry.msgstr)
    upload = client.post(
        reverse("wagtail_localize:upload_pofile", args=[translation.pk]),
        {"file": SimpleUploadedFile("en.po", str(po).encode(), "text/x-gettext")},
    )
    assert upload.status_code == 302

    client.force_login(communications_user)
    en_session = nb_session.get_translation(en())
    publish_in_editor(client, en_session, django_capture_on_commit_callbacks)
    en_session.refresh_from_db()
    assert en_session.title == "Mobilising citizens, in English"
    page = client.get(en_session.url).text
    assert 'alt="A map of the city"' in page
    assert "Mobilising citizens, in English" in page


def test_machine_translation_is_off_without_a_translator(
    client, communications_user, nb_session, settings
):
    settings.WAGTAILLOCALIZE_MACHINE_TRANSLATOR = None
    translation = translation_of(nb_session.get_translation(en()))
    client.force_login(communications_user)
    url = reverse("wagtail_localize:machine_translate", args=[translation.pk])
    # A 404, which LocaleMiddleware first redirects to a /nb/ URL that 404s too.
    assert client.post(url, follow=True).status_code == 404


def base_settings_with(monkeypatch, deepl_key: str) -> dict:
    monkeypatch.setenv("DEEPL_API_KEY", deepl_key)
    return runpy.run_path(str(SETTINGS_DIR / "base.py"))


def test_machine_translation_is_off_without_a_deepl_key(monkeypatch):
    settings = base_settings_with(monkeypatch, "")
    assert "WAGTAILLOCALIZE_MACHINE_TRANSLATOR" not in settings


def test_deepl_translates_in_the_admin_when_a_key_is_set(
    client, communications_user, upcoming_session, monkeypatch, settings
):
    config = base_settings_with(monkeypatch, "secret-key:fx")[
        "WAGTAILLOCALIZE_MACHINE_TRANSLATOR"
    ]
    settings.WAGTAILLOCALIZE_MACHINE_TRANSLATOR = config
    assert isinstance(get_machine_translator(), DeepLTranslator)
    sent = []

    class DeepLResponse:
        """What DeepL answers; the request itself never leaves the machine."""

        def __init__(self, texts: list[str]):
            self.texts = texts

        def json(self) -> dict:
            return {"translations": [{"text": f"EN {text}"} for text in self.texts]}

    def fake_post(url, data, timeout, headers):
        sent.append((url, data, headers))
        return DeepLResponse(data["text"])

    monkeypatch.setattr(
        "wagtail_localize.machine_translators.deepl.requests.post", fake_post
    )
    en_session = upcoming_session.get_translation(en())
    # A new source text, which no one has translated yet.
    upcoming_session.lead = "Hvem betaler?"
    upcoming_session.save()
    TranslationSource.objects.get_for_instance(upcoming_session).update_from_db()

    client.force_login(communications_user)
    machine_translate(client, translation_of(en_session))
    (url, data, headers), *_ = sent
    assert url == "https://api-free.deepl.com/v2/translate"
    assert headers["Authorization"] == "DeepL-Auth-Key secret-key:fx"
    assert (data["source_lang"], data["target_lang"]) == ("NB", "EN")
    assert data["text"] == ["Hvem betaler?"]
    assert (
        StringTranslation.objects.filter(
            data="EN Hvem betaler?", locale=en(), tool_name="DeepL"
        ).count()
        == 1
    )


# The review panel on the dashboard


def pending_speaker_translation(name: str) -> Speaker:
    """A Norwegian speaker with an English translation that is still a draft."""
    speaker = SpeakerFactory(name=name)
    speaker.save_revision().publish()
    from wagtail_localize.operations import TranslationCreator

    TranslationCreator(None, [en()]).create_translations(speaker)
    return speaker.get_translation(en())


def translate_one_string(client, translation: Translation, text: str) -> None:
    """What the translation editor sends when a translator saves one segment."""
    segment = translation.source.stringsegment_set.order_by("order").first()
    url = reverse(
        "wagtail_localize:edit_string_translation", args=[translation.pk, segment.pk]
    )
    response = client.put(
        url, urlencode({"value": text}), "application/x-www-form-urlencoded"
    )
    assert response.status_code == 200


def render_review_panel(user) -> str:
    request = RequestFactory().get("/admin/")
    request.user = user
    return TranslationsToReviewPanel(request).render_html({"request": request})


def test_review_panel_lists_pending_translations_newest_first(
    client, communications_user, nb_session
):
    older = pending_speaker_translation("Eldre Taler")
    newer = pending_speaker_translation("Nyere Taler")
    # Text a translator entered after the last publish counts as pending too.
    en_session = nb_session.get_translation(en())
    client.force_login(communications_user)
    translate_one_string(client, translation_of(en_session), "Retranslated")

    panel = render_review_panel(communications_user)
    links = [editor_url(instance) for instance in (en_session, newer, older)]
    positions = [panel.index(f'href="{link}"') for link in links]
    assert positions == sorted(positions)
    # Norwegian originals with drafts are not translations: not listed.
    nb_session.save_revision()
    assert editor_url(nb_session) + '"' not in render_review_panel(communications_user)


def test_review_panel_is_for_those_who_may_publish(translator_en, nb_session):
    pending_speaker_translation("Ventende Taler")
    assert render_review_panel(translator_en).strip() == ""


def test_review_panel_runs_a_fixed_number_of_queries(communications_user):
    pending_speaker_translation("Første")

    def queries() -> int:
        # A fresh user object, without the permissions Wagtail cached on the last.
        user = type(communications_user).objects.get(pk=communications_user.pk)
        with CaptureQueriesContext(connection) as captured:
            render_review_panel(user)
        return len(captured)

    queries()  # fills Wagtail's caches of locales and content types
    one = queries()
    for name in ("Andre", "Tredje", "Fjerde"):
        pending_speaker_translation(name)
    assert queries() == one


def test_translating_a_page_leaves_published_speaker_translations_published(
    client, series_page, translator_en, django_capture_on_commit_callbacks
):
    assert not Speaker.objects.filter(locale__language_code="en", live=False).exists()
    en_speaker = Speaker.objects.filter(locale__language_code="en").first()
    nb_speaker = en_speaker.get_translation(Locale.objects.get(language_code="nb"))
    session = SoTalkSessionPageFactory(parent=series_page)
    SessionSpeakerFactory(page=session, speaker=nb_speaker)
    session.save_revision().publish()
    client.force_login(translator_en)
    url = reverse("wagtail_localize:submit_page_translation", args=[session.pk])
    response = submit_translation(client, url, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    en_speaker.refresh_from_db()
    assert en_speaker.live
    assert not en_speaker.has_unpublished_changes


def test_translator_translates_a_speaker_into_a_draft(
    client, translator_en, django_capture_on_commit_callbacks
):
    nb_speaker = SpeakerFactory(name="Nora Vik", role="Byplanlegger")
    nb_speaker.save_revision().publish()
    client.force_login(translator_en)
    url = reverse(
        "wagtail_localize:submit_snippet_translation",
        args=["series", "speaker", nb_speaker.pk],
    )
    response = submit_translation(client, url, django_capture_on_commit_callbacks)
    en_speaker = nb_speaker.get_translation(en())
    assert response.url == editor_url(en_speaker)
    assert not en_speaker.live
    editor = client.get(response.url)
    assert editor_props(editor)["perms"]["canPublish"] is False


def test_translating_a_series_with_its_sessions_makes_drafts_of_each(
    client, communications_user, django_capture_on_commit_callbacks
):
    nb_home = Page.objects.get(depth=2, locale__language_code="nb")
    series = SeriesIndexPageFactory(parent=nb_home, title="Ny serie")
    sessions = [SoTalkSessionPageFactory(parent=series) for _ in range(2)]
    client.force_login(communications_user)
    url = reverse("wagtail_localize:submit_page_translation", args=[series.pk])
    response = submit_translation(
        client, url, django_capture_on_commit_callbacks, include_subtree="on"
    )
    assert response.status_code == 302
    for page in [series, *sessions]:
        translated = page.get_translation(en())
        assert not translated.live
        assert translated.get_parent().locale == en()
