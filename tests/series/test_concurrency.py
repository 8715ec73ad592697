"""Capacity under concurrency: real transactions, one connection per thread."""

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone
from wagtail.models import Locale, Page

from series.domain import seats
from series.domain.errors import AlreadyRegistered
from series.domain.registration import (
    Registrant,
    registration_cancel,
    registration_create,
)
from series.models import Registration, SeriesIndexPage, SoTalkSessionPage

pytestmark = pytest.mark.django_db(transaction=True)

THREADS = 50
CAPACITY = 10


@pytest.fixture
def session():
    locale, _ = Locale.objects.get_or_create(language_code="nb")
    root = Page.get_first_root_node() or Page.add_root(
        instance=Page(title="Root", slug="root", locale=locale)
    )
    series = root.add_child(instance=SeriesIndexPage(title="Race series", slug="race"))
    starts = timezone.now() + timedelta(days=3)
    return series.add_child(
        instance=SoTalkSessionPage(
            title="Race",
            slug="race-session",
            starts_at=starts,
            ends_at=starts + timedelta(hours=1),
            capacity=CAPACITY,
        )
    )


@pytest.fixture
def widened_race(monkeypatch):
    monkeypatch.setattr(seats, "PAUSE_AFTER_COUNT", 0.005)


def in_threads(count: int, work) -> list:
    """Run work(n) in `count` threads started together; returns what each raised."""
    barrier = threading.Barrier(count)
    errors = []

    def run(n: int) -> None:
        try:
            barrier.wait()
            work(n)
        except Exception as error:  # collected and asserted on by the test
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return errors


def register(session, n: int) -> None:
    registration_create(
        session=session,
        registrant=Registrant(
            name=f"Person {n}",
            email=f"person{n}@example.no",
            language="nb",
            consent_version="nb-test",
        ),
    )


@pytest.mark.parametrize("round_", range(2))
def test_fifty_at_once_against_ten_seats(session, widened_race, round_):
    errors = in_threads(THREADS, lambda n: register(session, n))
    assert errors == []
    registrations = Registration.objects.filter(session=session)
    assert registrations.filter(status="confirmed").count() == CAPACITY
    assert registrations.filter(status="waitlisted").count() == THREADS - CAPACITY


def test_same_address_at_once_gets_one_registration(session, widened_race):
    errors = in_threads(
        10,
        lambda n: registration_create(
            session=session,
            registrant=Registrant(
                name="Kari",
                email="KARI@example.no" if n % 2 else "kari@example.no",
                language="nb",
                consent_version="nb-test",
            ),
        ),
    )
    assert len(errors) == 9
    assert all(isinstance(error, AlreadyRegistered) for error in errors)
    assert Registration.objects.filter(session=session).count() == 1


def test_concurrent_cancellations_give_each_seat_to_exactly_one(session, widened_race):
    for n in range(CAPACITY + 10):
        register(session, n)
    confirmed = list(Registration.objects.filter(session=session, status="confirmed"))
    first_in_line = list(
        Registration.objects.filter(session=session, status="waitlisted")
        .order_by("waitlisted_at", "pk")
        .values_list("pk", flat=True)[:5]
    )
    errors = in_threads(5, lambda n: registration_cancel(registration=confirmed[n]))
    assert errors == []
    registrations = Registration.objects.filter(session=session)
    assert registrations.filter(status="confirmed").count() == CAPACITY
    promoted = registrations.filter(promoted_at__isnull=False)
    assert sorted(promoted.values_list("pk", flat=True)) == sorted(first_in_line)
