from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _


class RegistrationStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("Confirmed")
    WAITLISTED = "waitlisted", _("On the waiting list")
    CANCELLED = "cancelled", _("Cancelled")


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    SENT = "sent", _("Sent")
    DELIVERED = "delivered", _("Delivered")
    BOUNCED = "bounced", _("Bounced")
    COMPLAINED = "complained", _("Marked as spam")
    FAILED = "failed", _("Failed")


class Registration(models.Model):
    """One person's place (or place in line) at a session; points at the source page."""

    # Not content: keeps registrations out of Wagtail's usage lists and off its queue.
    wagtail_reference_index_ignore = True

    session = models.ForeignKey(
        "series.SoTalkSessionPage",
        verbose_name=_("session"),
        on_delete=models.CASCADE,
        related_name="registrations",
    )
    name = models.CharField(_("name"), max_length=200, blank=True)
    # Stored as given, compared case-insensitively; null once erased.
    email = models.EmailField(_("e-mail"), max_length=254, null=True, blank=True)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    language = models.CharField(_("language"), max_length=8)
    status = models.CharField(
        _("status"), max_length=16, choices=RegistrationStatus.choices, db_index=True
    )
    consent_given_at = models.DateTimeField(_("consent given"), null=True, blank=True)
    consent_version = models.CharField(
        _("consent text version"), max_length=64, blank=True
    )
    delivery_status = models.CharField(
        _("delivery status"),
        max_length=16,
        choices=DeliveryStatus.choices,
        default=DeliveryStatus.PENDING,
    )
    message_id = models.CharField(_("ESP message id"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # The waiting list is ordered by this; moving someone to the list puts them last.
    waitlisted_at = models.DateTimeField(
        _("joined the waiting list"), null=True, blank=True
    )
    promoted_at = models.DateTimeField(_("promoted"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    checked_in_at = models.DateTimeField(_("checked in"), null=True, blank=True)
    overbooked = models.BooleanField(_("overbooked by staff"), default=False)
    erased_at = models.DateTimeField(_("personal data erased"), null=True, blank=True)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                "session",
                condition=~Q(status="cancelled") & Q(email__isnull=False),
                name="series_one_live_registration_per_email",
            )
        ]
        indexes = [models.Index(fields=["session", "status", "waitlisted_at"])]

    def __str__(self) -> str:
        # Wagtail writes this into its log: no personal data.
        return f"Registration #{self.pk}"

    @property
    def is_live(self) -> bool:
        return self.status != RegistrationStatus.CANCELLED


class EmailKind(models.TextChoices):
    CONFIRMATION = "confirmation", _("Confirmation")
    WAITLISTED = "waitlisted", _("Waiting list")
    PROMOTED = "promoted", _("Moved up from the waiting list")
    CANCELLED = "cancelled", _("Cancellation receipt")
    REMINDER = "reminder", _("Reminder")
    SESSION_CHANGED = "session_changed", _("Session changed")
    RESEND = "resend", _("Confirmation sent again")
    MESSAGE = "message", _("Message from staff")


class EmailDelivery(models.Model):
    """The outbox: one e-mail to one registrant, written with the change behind it."""

    wagtail_reference_index_ignore = True

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        SKIPPED = "skipped", _("Not needed any more")

    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="deliveries"
    )
    kind = models.CharField(max_length=32, choices=EmailKind.choices)
    status = models.CharField(
        max_length=16, choices=Status.choices, default=Status.QUEUED, db_index=True
    )
    # Kind-specific facts (e.g. the calendar SEQUENCE); never personal data.
    context = models.JSONField(default=dict, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    message_id = models.CharField(max_length=255, blank=True, db_index=True)
    # A short error class such as "AnymailAPIError 503"; never the ESP's text.
    last_error = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("e-mail delivery")
        verbose_name_plural = _("e-mail deliveries")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "kind"],
                condition=Q(kind="reminder"),
                name="series_one_reminder_per_registration",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} e-mail #{self.pk}"


class MessageAudience(models.TextChoices):
    ALL = "all", _("Everyone registered (confirmed and waiting list)")
    CONFIRMED = "confirmed", _("Confirmed")
    WAITLISTED = "waitlisted", _("Waiting list")
    ATTENDED = "attended", _("Checked in")


class RegistrantMessage(models.Model):
    """A message staff sent to a session's registrants, in Norwegian and English."""

    session = models.ForeignKey(
        "series.SoTalkSessionPage",
        verbose_name=_("session"),
        on_delete=models.CASCADE,
        related_name="registrant_messages",
    )
    audience = models.CharField(_("to"), max_length=16, choices=MessageAudience.choices)
    subject_nb = models.CharField(_("subject (Norwegian)"), max_length=200)
    body_nb = models.TextField(_("message (Norwegian)"))
    subject_en = models.CharField(_("subject (English)"), max_length=200)
    body_en = models.TextField(_("message (English)"))
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)
    recipient_count = models.PositiveIntegerField(_("recipients"), default=0)

    class Meta:
        verbose_name = _("message to registrants")
        verbose_name_plural = _("messages to registrants")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.subject_nb or self.subject_en

    def text(self, language: str) -> tuple[str, str]:
        """Subject and body in the language, falling back to the other one."""
        if language == "en" and self.body_en:
            return self.subject_en, self.body_en
        if self.body_nb:
            return self.subject_nb, self.body_nb
        return self.subject_en, self.body_en
