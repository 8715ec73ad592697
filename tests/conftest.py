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


@pytest.fixture(autouse=True)
def anymail_test_backend(settings):
    """Django's test setup forces locmem; use anymail's test backend instead."""
    settings.EMAIL_BACKEND = "anymail.backends.test.EmailBackend"
    settings.SERIES_EMAIL_RETRY_BASE_SECONDS = 0


@pytest.fixture(autouse=True)
def clear_cache():
    """Rate-limit counters and cached pages must not leak from test to test."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def run_worker(monkeypatch):
    """Run the real task worker over everything due, as `db_worker --batch` does.

    In-process it must keep the test's connection (and its transaction) open.
    """
    from django_tasks_db.management.commands import db_worker

    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)

    def run() -> None:
        # `startup_delay` is the option's dest: `no_startup_delay=True` would set it
        # to True, a random pause of up to a second before each run.
        call_command(
            "db_worker", batch=True, startup_delay=False, reload=False, verbosity=0
        )

    return run


@pytest.fixture
def register():
    """Register someone for a session through the service, with sensible defaults."""
    from series.domain.registration import Registrant, registration_create
    from series.domain.staff import registration_add

    def create(session, email="kari@example.no", staff_user=None, **kwargs):
        """A visitor's registration; with `staff_user`, one staff add by hand."""
        overbook = kwargs.pop("overbook", False)
        kwargs.setdefault("name", "Kari Nordmann")
        kwargs.setdefault("language", "nb")
        kwargs.setdefault("consent_version", "nb-test")
        registrant = Registrant(email=email, **kwargs)
        if staff_user is not None:
            return registration_add(
                session=session,
                registrant=registrant,
                staff_user=staff_user,
                overbook=overbook,
            )
        return registration_create(session=session, registrant=registrant)

    return create


@pytest.fixture
def immediate_promotion(db):
    """The demo series offers a freed seat to the next in line for 24 hours; tests of
    moving up at once set it to 0 hours (what a series without offers does)."""
    from series.models import SeriesIndexPage

    SeriesIndexPage.objects.update(waitlist_offer_hours=0)


@pytest.fixture
def roles(db):
    """The editorial groups, as `manage.py setup_roles` creates them."""
    call_command("setup_roles", verbosity=0)


def user_in_group(username: str, group_name: str):
    from django.contrib.auth.models import Group, User

    user = User.objects.create_user(username, f"{username}@example.no", "pw")
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def communications_user(roles):
    return user_in_group("comms", "Communications")


@pytest.fixture
def translator_en(roles):
    return user_in_group("translator-en", "Translators (English)")


@pytest.fixture
def translator_nb(roles):
    return user_in_group("translator-nb", "Translators (Norwegian)")
