"""A claim and a lapse of the same offer at once never give one seat to two people:
both lock the session first. Real transactions, one connection per thread."""

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone
from wagtail.models import Locale, Page

from series.domain import seats
from series.domain.errors import NotOffered, OfferExpired
from series.domain.offers import offer_claim
from series.domain.registration import (
    Registrant,
    registration_cancel,
    registration_create,
)
from series.models import Registration, SeriesIndexPage, SoTalkSessionPage

from .test_concurrency import in_threads

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="Row locks (select_for_update) are what is tested: PostgreSQL only; "
        "SQLite serialises every writer anyway.",
    ),
]

ROUNDS = 8


@pytest.fixture
def series():
    locale, _ = Locale.objects.get_or_create(language_code="nb")
    root = Page.get_first_root_node() or Page.add_root(
        instance=Page(title="Root", slug="root", locale=locale)
    )
    return root.add_child(
        instance=SeriesIndexPage(
            title="Offer race", slug="offer-race", waitlist_offer_hours=1
        )
    )


def offered_session(series, n: int) -> tuple[Registration, Registration]:
    """A one-seat session whose seat is offered to the first of two waiting."""
    starts = timezone.now() + timedelta(days=3)
    session = series.add_child(
        instance=SoTalkSessionPage(
            title=f"Race {n}",
            slug=f"race-{n}",
            starts_at=starts,
            ends_at=starts + timedelta(hours=1),
            capacity=1,
        )
    )
    people = [
        registration_create(
            session=session,
            registrant=Registrant(
                name=f"P{i}", email=f"p{i}@example.no", language="nb"
            ),
        )
        for i in range(3)
    ]
    registration_cancel(registration=people[0])
    offered = Registration.objects.get(pk=people[1].pk)
    assert offered.status == "offered"
    return offered, people[2]


def test_claim_and_lapse_at_once_give_the_seat_once(series, monkeypatch):
    monkeypatch.setattr(seats, "PAUSE_AFTER_COUNT", 0.01)
    for n in range(ROUNDS):
        offered, next_in_line = offered_session(series, n)
        expiry = offered.offer_expires_at

        def race(i: int, offered=offered, expiry=expiry) -> None:
            if i == 0:
                offer_claim(registration=offered, now=expiry - timedelta(seconds=1))
            else:
                seats.offer_lapse(
                    registration_id=offered.pk, now=expiry + timedelta(seconds=1)
                )

        errors = in_threads(2, race)
        assert all(isinstance(e, NotOffered | OfferExpired) for e in errors), errors
        offered.refresh_from_db()
        next_in_line.refresh_from_db()
        holding = Registration.objects.filter(session=offered.session).seat_holding()
        assert holding.count() == 1
        assert (offered.status, next_in_line.status) in (
            ("confirmed", "waitlisted"),
            ("cancelled", "offered"),
        )
