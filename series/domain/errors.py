"""Refusals a registrant or staff member reads: each has a translated message and a
stable `code`, the API's problem type."""

from datetime import datetime

from django.utils.translation import gettext_lazy as _


class RegistrationError(Exception):
    """A refusal the registrant should read; `code` is the stable API problem type."""

    code = "registration-error"
    status = 409
    default_message = _("Registration failed.")

    def __init__(self, message: str | None = None):
        self.message = str(message or self.default_message)
        super().__init__(self.message)


class RegistrationNotOpen(RegistrationError):
    code = "registration-not-open"
    status = 409

    def __init__(self, opens_at: datetime):
        self.opens_at = opens_at
        super().__init__(_("Registration has not opened yet."))


class RegistrationClosed(RegistrationError):
    code = "registration-closed"
    status = 410
    default_message = _("Registration for this session is closed.")


class SessionFull(RegistrationError):
    code = "session-full"
    status = 409
    default_message = _("Sorry, the session is full.")


class AlreadyRegistered(RegistrationError):
    code = "already-registered"
    status = 409
    default_message = _(
        "This e-mail address is already registered for this session. "
        "Check your inbox for the confirmation, or ask us to send it again."
    )


class RegistrationNotCancellable(RegistrationError):
    code = "not-cancellable"
    status = 409
    default_message = _("This registration can no longer be cancelled.")


class SessionNotFound(RegistrationError):
    """No published session that everyone may see: a view restriction (password,
    login, groups) keeps registrations, and the join link, to those who may."""

    code = "not-found"
    status = 404
    default_message = _("There is no published session here.")


class NotOffered(RegistrationError):
    """Claiming a seat that was never offered, or was already claimed or cancelled."""

    code = "not-offered"
    status = 409
    default_message = _("There is no seat offer to claim for this registration.")


class OfferExpired(RegistrationError):
    code = "offer-expired"
    status = 410
    default_message = _(
        "Sorry, the time to claim this seat has run out, so it went to the next "
        "person on the waiting list."
    )


class JoinNotOpen(RegistrationError):
    code = "join-not-open"
    status = 409

    def __init__(self, opens_at: datetime):
        self.opens_at = opens_at
        super().__init__(_("The link to join opens shortly before the session."))


class JoinClosed(RegistrationError):
    code = "join-closed"
    status = 410
    default_message = _("The session is over.")


class NoSeat(RegistrationError):
    """Joining without a confirmed seat (waiting list, offer, cancelled)."""

    code = "no-seat"
    status = 409
    default_message = _("Only registrants with a confirmed seat can join.")


class ConfirmationExpired(RegistrationError):
    code = "confirmation-expired"
    status = 410
    default_message = _(
        "This registration was not confirmed in time and has been deleted. "
        "You are welcome to register again."
    )
