"""The example headless front end (examples/headless), built by tsc from the live
schema, served from a second origin, registers through the API in a real browser."""

import functools
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.utils import translation
from playwright.sync_api import expect

from series.domain.errors import AlreadyRegistered
from series.models import Registration

from .conftest import EXAMPLE, run, show

pytestmark = pytest.mark.browser


class StaticFiles(SimpleHTTPRequestHandler):
    extensions_map = {
        **SimpleHTTPRequestHandler.extensions_map,
        ".js": "text/javascript",
        ".mjs": "text/javascript",
    }

    def log_message(self, format, *args) -> None:  # noqa: A002
        pass


@pytest.fixture(scope="session")
def example_build(live_schema, node_tools, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("example") / "dist"
    result = run(
        ["node", "build.mjs", "--schema", live_schema, "--out", out], cwd=EXAMPLE
    )
    assert result.returncode == 0, show(result)
    return out


@pytest.fixture(scope="session")
def example_origin(example_build) -> Iterator[str]:
    """The built page on its own port: another origin than the live server's."""
    handler = functools.partial(StaticFiles, directory=str(example_build))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture
def example_page(chromium, site, example_origin, settings):
    settings.CORS_ALLOWED_ORIGINS = [example_origin]
    contexts = []

    def open_(locale: str):
        context = chromium.new_context(locale=locale)
        context.set_default_timeout(15_000)
        contexts.append(context)
        page = context.new_page()
        page.goto(f"{example_origin}/index.html?api={site.url}")
        return page

    yield open_
    for context in contexts:
        context.close()


def site_message(error: type[Exception], language: str) -> str:
    with translation.override(language):
        return str(error.default_message)


def test_registers_in_english_from_another_origin(example_page):
    page = example_page("en-GB")
    expect(page.locator("h1")).to_have_text("SoTalk series on the 17.17 infrastructure")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    session = page.locator(".session").filter(has=page.locator("form")).first
    expect(session.locator("h2")).to_have_text(
        "SoTalk 17.17: Financing collaboration for the sustainable city"
    )
    form = session.locator("form")
    form.get_by_label("Name", exact=True).fill("Kari Nordmann")
    form.get_by_label("E-mail", exact=True).fill("kari.headless@example.org")
    form.get_by_label("I agree").check()
    form.get_by_role("button", name="Register").click()
    expect(session.locator(".done")).to_have_text(
        "You're registered. A confirmation is on its way to your e-mail."
    )
    registration = Registration.objects.get(email="kari.headless@example.org")
    assert registration.language == "en"

    # The same address again, from a fresh page: the site's own refusal, in English.
    page = example_page("en-GB")
    form = page.locator(".session form").first
    form.get_by_label("Name", exact=True).fill("Kari Nordmann")
    form.get_by_label("E-mail", exact=True).fill("KARI.headless@example.org")
    form.get_by_label("I agree").check()
    form.get_by_role("button", name="Register").click()
    expect(form.get_by_role("alert")).to_have_text(
        site_message(AlreadyRegistered, "en")
    )
    expect(form.get_by_role("alert")).to_be_focused()
    assert (
        Registration.objects.filter(email__iexact="kari.headless@example.org").count()
        == 1
    )


def test_norwegian_visitor_sees_field_refusals_in_norwegian(example_page):
    page = example_page("nb-NO")
    expect(page.locator("html")).to_have_attribute("lang", "nb")
    expect(page.locator("#status")).to_have_text("Kommende arrangementer")
    form = page.locator(".session form").first
    form.get_by_label("Navn", exact=True).fill("Ola Nordmann")
    form.get_by_label("E-post", exact=True).fill("ola.headless@example.org")
    form.get_by_role("button", name="Meld deg på").click()
    expect(form.get_by_role("alert")).to_have_text("Noen felt må rettes.")
    consent = form.get_by_label("Jeg samtykker")
    expect(consent).to_have_attribute("aria-invalid", "true")
    expect(form.locator(".field--check .error")).to_have_text(
        "Du må samtykke før du kan melde deg på."
    )
    consent.check()
    form.get_by_role("button", name="Meld deg på").click()
    expect(page.locator(".session .done").first).to_contain_text("Du er påmeldt")
    assert Registration.objects.get(email="ola.headless@example.org").language == "nb"


def test_an_origin_not_listed_cannot_register(chromium, site, example_origin, settings):
    settings.CORS_ALLOWED_ORIGINS = []
    context = chromium.new_context(locale="en-GB")
    page = context.new_page()
    page.goto(f"{example_origin}/index.html?api={site.url}")
    expect(page.locator("#status")).to_have_text(
        "Could not load the sessions. Try again later."
    )
    context.close()
