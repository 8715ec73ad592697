"""The app's enumerations: code compares members, never their string values."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class SessionFormat(models.TextChoices):
    ONLINE = "online", _("Online")
    IN_PERSON = "in_person", _("In person")
    HYBRID = "hybrid", _("Hybrid (in person and online)")


class EventStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    POSTPONED = "postponed", _("Postponed")
    CANCELLED = "cancelled", pgettext_lazy("session", "Cancelled")


class QuestionType(models.TextChoices):
    TEXT = "text", _("Short answer")
    TEXTAREA = "textarea", _("Long answer")
    CHOICE = "choice", _("One of several choices")
    CHECKBOX = "checkbox", _("Yes or no")


class RegistrationStatus(models.TextChoices):
    # Double opt-in: waits for the registrant to confirm the address; holds no seat.
    PENDING = "pending", _("Waiting for e-mail confirmation")
    # A freed seat held for someone from the waiting list until `offer_expires_at`.
    OFFERED = "offered", _("Offered a seat")
    CONFIRMED = "confirmed", _("Confirmed")
    WAITLISTED = "waitlisted", _("On the waiting list")
    CANCELLED = "cancelled", pgettext_lazy("registration", "Cancelled")

    @classmethod
    def live(cls) -> tuple["RegistrationStatus", ...]:
        """Statuses that hold a seat or a place in line."""
        return (cls.CONFIRMED, cls.OFFERED, cls.WAITLISTED)

    @classmethod
    def seat_holding(cls) -> tuple["RegistrationStatus", ...]:
        """Statuses that count as a taken seat: an offered seat is held."""
        return (cls.CONFIRMED, cls.OFFERED)


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    SENT = "sent", _("Sent")
    DELIVERED = "delivered", _("Delivered")
    BOUNCED = "bounced", _("Bounced")
    COMPLAINED = "complained", _("Marked as spam")
    FAILED = "failed", _("Failed")


class EmailKind(models.TextChoices):
    CONFIRMATION = "confirmation", _("Confirmation")
    WAITLISTED = "waitlisted", _("Waiting list")
    PROMOTED = "promoted", _("Moved up from the waiting list")
    CANCELLED = "cancelled", _("Cancellation receipt")
    REMINDER = "reminder", _("Reminder")
    SESSION_CHANGED = "session_changed", _("Session changed")
    RESEND = "resend", _("Confirmation sent again")
    MESSAGE = "message", _("Message from staff")
    OFFER = "offer", _("Seat offered from the waiting list")
    OFFER_LAPSED = "offer_lapsed", _("Seat offer lapsed")
    CONFIRM_ADDRESS = "confirm_address", _("Confirm your e-mail address")
    FOLLOWUP_ATTENDED = "followup_attended", _("Follow-up to attendees")
    FOLLOWUP_ABSENT = "followup_absent", _("Follow-up to absentees")

    @classmethod
    def followups(cls) -> tuple["EmailKind", ...]:
        return (cls.FOLLOWUP_ATTENDED, cls.FOLLOWUP_ABSENT)


class MessageAudience(models.TextChoices):
    ALL = "all", _("Everyone registered (confirmed and waiting list)")
    CONFIRMED = "confirmed", _("Confirmed")
    WAITLISTED = "waitlisted", _("Waiting list")
    ATTENDED = "attended", _("Attended (joined online or checked in)")


class AccessNeed(models.TextChoices):
    """Common accommodations a series can ask registrants about."""

    SIGN_LANGUAGE = "sign_language", _("Sign-language interpreter")
    CAPTIONS = "captions", _("Live captions")
    STEP_FREE = "step_free", _("Step-free access")
    OTHER = "other", _("Other")


class RegistrationPhase(models.TextChoices):
    """Where a session stands for someone who wants to register."""

    NOT_OPEN = "not_open", _("Opens later")
    OPEN = "open", _("Open")
    FEW_LEFT = "few_left", _("Few seats left")
    WAITLIST = "waitlist", _("Full, waiting list open")
    FULL = "full", _("Full")
    CLOSED = "closed", _("Closed")
    PAST = "past", _("Past")
    CANCELLED = "cancelled", pgettext_lazy("session", "Cancelled")

    @property
    def accepts_registrations(self) -> bool:
        return self in (self.OPEN, self.FEW_LEFT, self.WAITLIST)
