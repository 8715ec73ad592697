"""Personal join links and who came: inside the join window a registrant's link
leads to the session's current join URL and records the first join."""

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

from ..models import EventStatus, Registration, RegistrationStatus
from .audit import registration_log
from .errors import JoinClosed, JoinNotOpen, NoSeat, RegistrationClosed


@dataclass(frozen=True)
class JoinWindow:
    """When a session's join links work, and whether they do at `now`."""

    opens_at: datetime
    closes_at: datetime
    now: datetime

    @property
    def state(self) -> str:
        if self.now < self.opens_at:
            return "not_open"
        if self.now >= self.closes_at:
            return "closed"
        return "open"

    @property
    def is_open(self) -> bool:
        return self.state == "open"


def join_window(registration: Registration, now: datetime | None = None) -> JoinWindow:
    opens_at, closes_at = registration.session.join_window()
    return JoinWindow(opens_at, closes_at, now or timezone.now())


def join_check(
    *, registration: Registration, now: datetime | None = None
) -> JoinWindow:
    """Raise the refusal that applies if this registrant cannot join now."""
    window = join_window(registration, now)
    if registration.session.event_status == EventStatus.CANCELLED:
        raise RegistrationClosed()
    if registration.status != RegistrationStatus.CONFIRMED:
        raise NoSeat()
    if window.state == "not_open":
        raise JoinNotOpen(window.opens_at)
    if window.state == "closed":
        raise JoinClosed()
    return window


def registration_join(
    *, registration: Registration, now: datetime | None = None
) -> str:
    """The session's current join URL; the first join inside the window is recorded
    (one conditional update, so two clicks at once record one time)."""
    window = join_check(registration=registration, now=now)
    recorded = Registration.objects.filter(
        pk=registration.pk, joined_at__isnull=True
    ).update(joined_at=window.now)
    if recorded:
        registration.joined_at = window.now
        registration_log(registration, "series.registration.join")
    return registration.session.join_url
