"""Helpers for the registrant-journey tests: a clock the test moves, mail by address."""

from datetime import datetime, timedelta

from django.core import mail


class Clock:
    """Stands in for `django.utils.timezone.now` (the worker's due check included)."""

    def __init__(self, start: datetime):
        self.current = start

    def __call__(self) -> datetime:
        return self.current

    def move(self, **delta) -> datetime:
        self.current += timedelta(**delta)
        return self.current

    def set(self, moment: datetime) -> datetime:
        self.current = moment
        return moment


def sent_to(address: str) -> list:
    return [m for m in mail.outbox if m.to == [address]]


def subjects(address: str) -> list[str]:
    return [m.subject for m in sent_to(address)]
