"""Draft preview for headless front ends: a token from the admin shows the latest
revision through the API; nothing else does."""

import time
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core import signing

from series.http.preview import preview_token_issue

pytestmark = pytest.mark.django_db

FRONT_END = "https://front.example.org/preview"


@pytest.fixture
def draft(upcoming_session):
    """The session with an unpublished change of its title and lead."""
    upcoming_session.title = "Utkast: ny tittel"
    upcoming_session.lead = "Et nytt spørsmål i utkastet?"
    upcoming_session.save_revision()
    return upcoming_session


def preview(client, session, token=None):
    url = f"/api/v3/series/sessions/{session.pk}/preview/"
    return client.get(url, {"token": token} if token is not None else {})


def test_a_token_shows_the_draft_in_the_shape_of_the_detail(client, draft):
    response = preview(client, draft, preview_token_issue(page_id=draft.pk))
    assert response.status_code == 200
    body = response.json()
    assert (body["title"], body["lead"]) == (
        "Utkast: ny tittel",
        "Et nytt spørsmål i utkastet?",
    )
    detail = client.get(f"/api/v3/series/sessions/{draft.pk}/").json()
    assert detail["title"] != "Utkast: ny tittel"
    assert set(body) == set(detail)
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


@pytest.mark.parametrize("case", ["missing", "altered", "other page", "other salt"])
def test_the_draft_stays_hidden_without_a_valid_token(client, draft, nb_session, case):
    token = {
        "missing": None,
        "altered": preview_token_issue(page_id=draft.pk)[:-2] + "xx",
        "other page": preview_token_issue(page_id=nb_session.pk),
        "other salt": signing.dumps({"preview": draft.pk}),
    }[case]
    response = preview(client, draft, token)
    assert response.status_code == 403
    assert response.json()["type"] == "preview-token-invalid"
    assert "Utkast" not in response.content.decode()
    assert "no-store" in response["Cache-Control"]


def test_tokens_expire(client, draft, settings, monkeypatch):
    two_minutes_ago = signing.b62_encode(int(time.time()) - 120)
    with monkeypatch.context() as issued_earlier:
        issued_earlier.setattr(
            signing.TimestampSigner, "timestamp", lambda self: two_minutes_ago
        )
        token = preview_token_issue(page_id=draft.pk)
    settings.SERIES_PREVIEW_TOKEN_SECONDS = 300
    assert preview(client, draft, token).status_code == 200
    settings.SERIES_PREVIEW_TOKEN_SECONDS = 60
    assert preview(client, draft, token).status_code == 403


def test_a_preview_token_opens_nothing_else(client, draft):
    token = preview_token_issue(page_id=draft.pk)
    for url in [
        f"/nb/registrations/{token}/cancel/",
        f"/nb/registrations/{token}/join/",
    ]:
        assert client.get(url).status_code in (404, 410)


def test_the_editor_is_sent_to_the_front_end_with_a_fresh_token(
    client, draft, admin_user, settings
):
    settings.SERIES_HEADLESS_PREVIEW_URL = {"*": FRONT_END}
    client.force_login(admin_user)
    edit = client.get(f"/admin/pages/{draft.pk}/edit/")
    assert f"/admin/series/preview/{draft.pk}/".encode() in edit.content
    response = client.get(f"/admin/series/preview/{draft.pk}/")
    assert response.status_code == 302
    location = urlsplit(response["Location"])
    assert f"{location.scheme}://{location.netloc}{location.path}" == FRONT_END
    query = {key: value[0] for key, value in parse_qs(location.query).items()}
    assert (query["id"], query["locale"]) == (str(draft.pk), "nb")
    client.logout()
    assert preview(client, draft, query["token"]).json()["title"] == (
        "Utkast: ny tittel"
    )


def test_only_editors_get_a_token(client, draft, settings, translator_en):
    settings.SERIES_HEADLESS_PREVIEW_URL = FRONT_END
    client.force_login(translator_en)
    assert client.get(f"/admin/series/preview/{draft.pk}/").status_code in (302, 403)
    response = client.get(f"/admin/series/preview/{draft.pk}/")
    assert FRONT_END not in response.get("Location", "")


def test_no_button_without_a_front_end(client, draft, admin_user):
    client.force_login(admin_user)
    edit = client.get(f"/admin/pages/{draft.pk}/edit/")
    assert f"/admin/series/preview/{draft.pk}/".encode() not in edit.content
