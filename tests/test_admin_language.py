"""The admin speaks one language: the one each person chose. Every admin page staff
use is rendered in Norwegian and in English and read for strings of the other."""

import io
import json
import re
from pathlib import Path

import polib
import pytest
import wagtail.admin
import wagtail_localize
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.utils import translation
from PIL import Image as PILImage
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.models import Page, Workflow, WorkflowTask
from wagtail.users.models import UserProfile

from series.models import SeriesIndexPage, SoTalkSessionPage, Speaker

from .admin_text import norwegian_texts, untranslated_texts, visible_texts

pytestmark = pytest.mark.django_db

# Words and phrases from Wagtail's English interface that were seen in the Norwegian
# admin; kept here so that the check also fails on them by name.
ENGLISH_SEEN = [
    "Pages created in",
    "created in",
    "Search all pages",
    "Help",
    "Collapse all",
    "Autosave is paused",
    "There are validation errors",
    "Locale",
    "Publish in",
    "More actions",
    "Keyboard shortcuts",
    "Show filters",
    "Sort menu order",
    "Toggle",
    "Select",
    "Back",
    "Preview",
    "History",
    "Save draft",
    "Moderators approval",
    "Tiittel",
]


def admin_in(language: str):
    user = get_user_model().objects.filter(username=f"admin-{language}").first()
    user = user or get_user_model().objects.create_superuser(
        f"admin-{language}", f"admin-{language}@example.no", "pw"
    )
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save(update_fields=["preferred_language"])
    return user


def demo_image() -> Image:
    buffer = io.BytesIO()
    PILImage.new("RGB", (8, 8), "#0b5d5b").save(buffer, "PNG")
    return Image.objects.create(
        title="Demo", file=ContentFile(buffer.getvalue(), name="demo.png")
    )


@pytest.fixture
def ids(nb_session, upcoming_session, register):
    """Ids of the objects the admin pages show, from the demo content."""
    en_session = SoTalkSessionPage.objects.get(
        translation_key=nb_session.translation_key, locale__language_code="en"
    )
    document = Document.objects.create(
        title="Programme", file=ContentFile(b"%PDF-1.4", name="programme.pdf")
    )
    return {
        "root": Page.get_first_root_node().pk,
        "series": SeriesIndexPage.objects.get(locale__language_code="nb").pk,
        "session": nb_session.pk,
        "en_session": en_session.pk,
        "speaker": Speaker.objects.filter(locale__language_code="nb").first().pk,
        "registration": register(upcoming_session).pk,
        "image": (Image.objects.first() or demo_image()).pk,
        "document": document.pk,
        "workflow": Workflow.objects.first().pk,
        "task": WorkflowTask.objects.first().task_id,
    }


# The admin pages staff use, by what they are for.
PAGES = {
    "dashboard": "/admin/",
    "page explorer": "/admin/pages/{series}/",
    "page search": "/admin/pages/search/?q=sotalk",
    "page edit": "/admin/pages/{session}/edit/",
    "page create": "/admin/pages/add/series/sotalksessionpage/{series}/",
    "page history": "/admin/pages/{session}/history/",
    "page translation editor": "/admin/pages/{en_session}/edit/",
    "speakers": "/admin/snippets/series/speaker/",
    "speaker edit": "/admin/snippets/series/speaker/edit/{speaker}/",
    "speaker create": "/admin/snippets/series/speaker/add/",
    "registrations": "/admin/registrations/",
    "registration edit": "/admin/registrations/edit/{registration}/",
    "registration create": "/admin/registrations/new/",
    "followers": "/admin/followers/",
    "images": "/admin/images/",
    "image edit": "/admin/images/{image}/",
    "image upload": "/admin/images/multiple/add/",
    "documents": "/admin/documents/",
    "document edit": "/admin/documents/edit/{document}/",
    "search": "/admin/pages/search/?q=financing",
    "account": "/admin/account/",
    "workflows": "/admin/workflows/list/",
    "workflow edit": "/admin/workflows/edit/{workflow}/",
    "workflow tasks": "/admin/workflows/tasks/index/",
    "workflow task edit": "/admin/workflows/tasks/edit/{task}/",
    "pages awaiting moderation": "/admin/reports/workflow/",
}


def render(client, language: str, page: str, ids: dict) -> str:
    client.force_login(admin_in(language))
    response = client.get(PAGES[page].format(**ids))
    assert response.status_code == 200, response.get("Location")
    return response.content.decode()


def english_seen(texts: list[str]) -> list[str]:
    words = re.compile(r"\b(?:" + "|".join(map(re.escape, ENGLISH_SEEN)) + r")\b")
    return [text for text in texts if words.search(text)]


@pytest.mark.parametrize("page", PAGES)
def test_the_norwegian_admin_has_no_english_interface_strings(client, ids, page):
    html = render(client, "nb", page, ids)
    texts = visible_texts(html)
    left = untranslated_texts(html, "nb") + english_seen(texts)
    assert not left, f"English on the Norwegian {page} page: {sorted(set(left))}"


@pytest.mark.parametrize("page", PAGES)
def test_the_english_admin_has_no_norwegian_interface_strings(client, ids, page):
    html = render(client, "en", page, ids)
    # Each language is named in its own language in the language menus.
    names = {str(name) for _code, name in settings.LANGUAGES}
    left = [text for text in norwegian_texts(html) if text not in names]
    assert not left, f"Norwegian on the English {page} page: {left}"


@pytest.mark.parametrize("url", ["/admin/jsi18n/", "/admin/localize/jsi18n/"])
def test_the_admin_scripts_have_every_string_in_norwegian(client, url):
    client.force_login(admin_in("nb"))
    script = client.get(url).content.decode()
    catalogue = json.loads(
        re.search(r"const newcatalog = (\{.*?\});\n", script, re.S)[1]
    )
    package = wagtail_localize if "localize" in url else wagtail.admin
    english = Path(package.__file__).parent / "locale/en/LC_MESSAGES/djangojs.po"
    messages = {entry.msgid for entry in polib.pofile(str(english))}
    assert sorted(messages - set(catalogue)) == []


def test_a_refusal_is_in_the_users_own_language(client, translator_en, nb_session):
    profile = UserProfile.get_for_user(translator_en)
    profile.preferred_language = "en"
    profile.save(update_fields=["preferred_language"])
    client.force_login(translator_en)
    response = client.get(f"/admin/pages/{nb_session.pk}/edit/", follow=True)
    refusals = [str(message).strip() for message in response.context["messages"]]
    assert refusals == ["Sorry, you do not have permission to access this area."]


def test_a_workflow_saved_in_norwegian_is_shown_in_english_to_the_next_reader(client):
    """Wagtail's default workflow keeps its name in the language of each reader, also
    after a Norwegian editor saves it unchanged."""
    workflow = Workflow.objects.get(name="Moderators approval")
    client.force_login(admin_in("nb"))
    form = client.get(f"/admin/workflows/edit/{workflow.pk}/").content.decode()
    assert 'value="Godkjenning av moderatorer"' in form
    with translation.override("nb"):
        shown = Workflow.objects.get(pk=workflow.pk)
        assert shown.name == "Godkjenning av moderatorer"
        shown.save()
    assert Workflow.objects.filter(name="Moderators approval").exists()
    client.force_login(admin_in("en"))
    listing = client.get("/admin/workflows/list/").content.decode()
    assert "Moderators approval" in listing
    assert "Godkjenning av moderatorer" not in listing


def test_a_name_staff_write_is_shown_as_written(client):
    with translation.override("nb"):
        workflow = Workflow.objects.create(name="Juridisk gjennomgang")
    client.force_login(admin_in("en"))
    assert Workflow.objects.get(pk=workflow.pk).name == "Juridisk gjennomgang"
