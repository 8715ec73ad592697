import os

import pytest
from django.core.management import call_command

# Playwright's sync API runs an event loop in the test thread; ORM calls there are safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the demo content once; each test runs in a transaction rolled back after."""
    with django_db_blocker.unblock():
        call_command("seed_demo", verbosity=0)


@pytest.fixture
def nb_session(db):
    from series.models import SoTalkSessionPage

    return SoTalkSessionPage.objects.get(
        locale__language_code="nb", slug="mobilising-citizens-and-aligning-initiatives"
    )


@pytest.fixture
def upcoming_session(db):
    from series.models import SoTalkSessionPage

    return SoTalkSessionPage.objects.get(
        locale__language_code="nb", slug="financing-collaboration"
    )


@pytest.fixture
def series_page(db):
    from series.models import SeriesIndexPage

    return SeriesIndexPage.objects.get(locale__language_code="nb")
