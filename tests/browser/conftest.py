"""Real Chromium (Debian's, driven by Playwright) against pytest-django's live server.

Browser tests are transactional: the live server thread must see committed rows, and
pytest-django flushes the database after each one, so every test loads the demo anew.
"""

import atexit
import json
import os
import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.cache import caches
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    # On a closed network Chromium's own background connections fail and stall.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
SCREENSHOT_DIR = Path("test-artifacts") / "screenshots"
SCREENSHOTS_TAKEN = pytest.StashKey[int]()


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:
    taken = config.stash.get(SCREENSHOTS_TAKEN, 0)
    if taken:
        terminalreporter.write_sep("-", "browser screenshots")
        terminalreporter.write_line(
            f"{taken} screenshots in {config.rootpath / SCREENSHOT_DIR}"
        )


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


_shared: dict = {}


def _shared_browser():
    """One Playwright and one Chromium per test process: Playwright's sync API
    cannot start twice in one thread, and tests/contract reuses this fixture."""
    if "browser" not in _shared:
        from playwright.sync_api import sync_playwright

        playwright = sync_playwright().start()
        _shared["browser"] = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )

        def stop() -> None:
            _shared.pop("browser").close()
            playwright.stop()

        atexit.register(stop)
    return _shared["browser"]


@pytest.fixture(scope="session")
def chromium():
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        pytest.fail(
            f"The browser tests need Debian's Chromium at {CHROMIUM} "
            "(apt-get install chromium); Playwright's own download does not work here.",
            pytrace=False,
        )
    return _shared_browser()


def restore_wagtail_roots() -> None:
    """Recreate what Wagtail's migrations made and a transactional flush removed."""
    from django.conf import settings
    from wagtail.models import Collection, Locale, Page

    locale = Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)[0]
    if not Collection.objects.exists():
        Collection.add_root(name="Root")
    if not Page.objects.filter(depth=1).exists():
        Page.add_root(instance=Page(title="Root", slug="root", locale=locale))


# Seeding queues hundreds of search-index updates; the worker in a test needs none.
NOT_IN_SNAPSHOT = {"django_tasks_database.dbtaskresult"}


@pytest.fixture(scope="session")
def demo_snapshot(django_db_setup, django_db_blocker) -> str:
    """The demo site, seeded once and serialised as Django's test runner does."""
    with django_db_blocker.unblock():
        restore_wagtail_roots()
        call_command("seed_demo", verbosity=0)
        rows = json.loads(connection.creation.serialize_db_to_string())
    rows = [row for row in rows if row["model"] not in NOT_IN_SNAPSHOT]
    # Content types first: saving a row may index its references, which looks up (and
    # would otherwise create) the content type of the row before its own row is back.
    rows.sort(key=lambda row: row["model"] != "contenttypes.contenttype")
    return json.dumps(rows)


def load_snapshot(snapshot: str) -> None:
    """Empty the database and load the demo: half a second where seeding takes three."""
    call_command("flush", interactive=False, verbosity=0, inhibit_post_migrate=True)
    connection.creation.deserialize_db_from_string(snapshot)
    # The rows came back with their ids: move the sequences past them (PostgreSQL).
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), apps.get_models()):
            cursor.execute(sql)
    # The last flush's post_migrate cached content types under other ids.
    ContentType.objects.clear_cache()


@pytest.fixture
def live(transactional_db, live_server, settings, demo_snapshot):
    """The demo site on the live server, with e-mail links pointing at it."""
    from wagtail.images.models import Rendition

    settings.SERIES_BASE_URL = live_server.url
    load_snapshot(demo_snapshot)
    renditions = set(Rendition.objects.values_list("pk", flat=True))
    yield live_server
    # The flush after the test removes rows, not files; the cache would keep the URLs.
    for rendition in Rendition.objects.exclude(pk__in=renditions):
        rendition.file.delete(save=False)
    for cache in caches.all():
        cache.clear()


def _serve_media(root: Path, route) -> None:
    """The live server does not serve uploads (DEBUG is off): read them from disk."""
    name = unquote(urlparse(route.request.url).path).removeprefix("/media/")
    file = (root / name).resolve()
    if file.is_file() and root.resolve() in file.parents:
        route.fulfill(path=file)
    else:
        route.fulfill(status=404)


@pytest.fixture
def open_page(chromium, live, settings) -> Iterator[Callable]:
    """Open a tab in a fresh browser context (own cookies); desktop-sized by default."""
    contexts = []

    def open_(*, viewport: dict = DESKTOP, javascript: bool = True):
        context = chromium.new_context(
            viewport=viewport,
            base_url=live.url,
            java_script_enabled=javascript,
            accept_downloads=True,
        )
        context.set_default_timeout(15_000)
        root = Path(settings.MEDIA_ROOT)
        context.route(f"{live.url}/media/**", lambda route: _serve_media(root, route))
        contexts.append(context)
        return context.new_page()

    yield open_
    for context in contexts:
        context.close()


@pytest.fixture
def page(open_page):
    return open_page()


@pytest.fixture
def shot(request) -> Callable:
    """`shot(page, "step")` saves a screenshot (full page unless told) per test."""
    module = request.node.module.__name__.rsplit(".", 1)[-1]
    folder = request.config.rootpath / SCREENSHOT_DIR / module / slug(request.node.name)
    shutil.rmtree(folder, ignore_errors=True)
    count = 0

    def take(page, step: str, *, full_page: bool = True) -> Path:
        nonlocal count
        count += 1
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{count:02d}-{slug(step)}.png"
        page.screenshot(path=path, full_page=full_page)
        stash = request.config.stash
        stash[SCREENSHOTS_TAKEN] = stash.get(SCREENSHOTS_TAKEN, 0) + 1
        return path

    return take
