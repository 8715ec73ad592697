"""Wagtail's log of what happened to registrations, never with personal data."""

from wagtail.log_actions import log

from ..models import Registration


def registration_log(
    registration: Registration, action: str, user=None, data: dict | None = None
) -> None:
    # The label is str(registration): "Registration #id", never the person's data.
    log(instance=registration, action=action, user=user, data=data or {})
