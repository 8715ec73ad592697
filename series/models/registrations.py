import re
import secrets
import unicodedata
from contextlib import suppress
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .. import conf
from .choices import (
    AccessNeed,
    DeliveryStatus,
    EmailKind,
    MessageAudience,
    RegistrationStatus,
)


def email_key(email: str) -> str:
    """One key per mailbox however it is typed: Unicode NFKC, the whole address
    case-folded, the domain in its IDNA (xn--) form. `Dup@X.no`, `dup@ｘ.no`; and
    `d2@bølle.no`, `d2@BØLLE.no`, `d2@xn--blle-gra.no` are one key each."""
    local, _at, domain = unicodedata.normalize("NFKC", email.strip()).rpartition("@")
    domain = domain.casefold().rstrip(".")
    with suppress(UnicodeError):  # not a valid IDN: compare it as typed
        domain = domain.encode("idna").decode("ascii")
    return f"{local.casefold()}@{domain}"


TOKEN_PATTERN = re.compile(r"[A-Za-z0-9_-]{1,64}")


def new_token() -> str:
    """An opaque key to one registration: random, so it tells nothing (not even how
    many registrations there are)."""
    return secrets.token_urlsafe(24)


class RegistrationQuerySet(models.QuerySet):
    def live(self):
        return self.filter(status__in=RegistrationStatus.live())

    def confirmed(self):
        return self.filter(status=RegistrationStatus.CONFIRMED)

    def waitlisted(self):
        return self.filter(status=RegistrationStatus.WAITLISTED)

    def offered(self):
        return self.filter(status=RegistrationStatus.OFFERED)

    def pending(self):
        return self.filter(status=RegistrationStatus.PENDING)

    def seat_holding(self):
        """Who counts against capacity: the confirmed and those offered a seat."""
        return self.filter(status__in=RegistrationStatus.seat_holding())

    def attended(self):
        """Who came: joined through their personal link (online) or checked in."""
        return self.filter(Q(joined_at__isnull=False) | Q(checked_in_at__isnull=False))

    def absent(self):
        return self.filter(joined_at__isnull=True, checked_in_at__isnull=True)

    def waiting_line(self):
        """The waiting list in the order its people move up."""
        return self.waitlisted().order_by("waitlisted_at", "pk")

    def of_email(self, email: str):
        """Registrations of a mailbox, however its address is typed."""
        return self.filter(email_key=email_key(email))

    def from_token(self, token: str) -> "Registration | None":
        """The registration of a registrant's link, while the link is valid:
        until SERIES_TOKEN_DAYS_AFTER_SESSION days after the session ends."""
        if not TOKEN_PATTERN.fullmatch(token or ""):
            return None  # not one of ours; and PostgreSQL refuses NUL in a query
        registration = self.select_related("session").filter(token=token).first()
        if registration is None:
            return None
        valid_for = timedelta(days=conf.get("TOKEN_DAYS_AFTER_SESSION"))
        if timezone.now() >= registration.session.ends_at + valid_for:
            return None
        return registration


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
    # Stored as typed, for display; compared by `email_key`. Both null once erased.
    email = models.EmailField(_("e-mail"), max_length=254, null=True, blank=True)
    email_key = models.CharField(max_length=320, null=True, blank=True, editable=False)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    # Only when the series asks (SeriesIndexPage.ask_access_needs): AccessNeed values.
    access_needs = models.JSONField(_("accommodations"), default=list, blank=True)
    access_needs_other = models.TextField(
        _("accommodations, in their own words"), blank=True
    )
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
    # The first use of the personal join link inside the join window.
    joined_at = models.DateTimeField(_("joined online"), null=True, blank=True)
    offered_at = models.DateTimeField(_("offered a seat"), null=True, blank=True)
    offer_expires_at = models.DateTimeField(_("offer expires"), null=True, blank=True)
    # Double opt-in: when the registrant confirmed the address.
    email_confirmed_at = models.DateTimeField(
        _("e-mail address confirmed"), null=True, blank=True
    )
    overbooked = models.BooleanField(_("overbooked by staff"), default=False)
    erased_at = models.DateTimeField(_("personal data erased"), null=True, blank=True)
    # The registrant's own links carry this, never the id.
    token = models.CharField(
        max_length=64, unique=True, default=new_token, editable=False
    )

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                "email_key",
                "session",
                condition=~Q(status=RegistrationStatus.CANCELLED)
                & Q(email_key__isnull=False),
                name="series_one_live_registration_per_mailbox",
            )
        ]
        indexes = [models.Index(fields=["session", "status", "waitlisted_at"])]

    def __str__(self) -> str:
        # Wagtail writes this into its log: no personal data.
        return f"Registration #{self.pk}"

    def save(self, *args, **kwargs):
        # The key follows the address wherever it is set (forms, staff, erasure).
        self.email_key = email_key(self.email) if self.email else None
        if "update_fields" in kwargs and "email" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "email_key"}
        super().save(*args, **kwargs)

    @property
    def is_live(self) -> bool:
        return self.status != RegistrationStatus.CANCELLED

    @property
    def attended(self) -> bool:
        return bool(self.joined_at or self.checked_in_at)

    def get_access_needs_display(self) -> str:
        labels = dict(AccessNeed.choices)
        return "; ".join(str(labels.get(need, need)) for need in self.access_needs)

    def queue_position(self) -> int | None:
        """1 for the first in line; None when not on the waiting list."""
        if self.status != RegistrationStatus.WAITLISTED:
            return None
        ahead = (
            Registration.objects.filter(session_id=self.session_id)
            .waitlisted()
            .filter(
                Q(waitlisted_at__lt=self.waitlisted_at)
                | Q(waitlisted_at=self.waitlisted_at, pk__lt=self.pk)
            )
            .count()
        )
        return ahead + 1


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
                condition=Q(kind=EmailKind.REMINDER),
                name="series_one_reminder_per_registration",
            ),
            # One follow-up per registrant: thanks to attendees or sorry to absentees.
            models.UniqueConstraint(
                fields=["registration"],
                condition=Q(
                    kind__in=["followup_attended", "followup_absent"],
                ),
                name="series_one_followup_per_registration",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} e-mail #{self.pk}"


class RegistrantMessage(models.Model):
    """A message staff sent to a session's registrants, written in one or more of
    the content languages (one `RegistrantMessageText` each)."""

    session = models.ForeignKey(
        "series.SoTalkSessionPage",
        verbose_name=_("session"),
        on_delete=models.CASCADE,
        related_name="registrant_messages",
    )
    audience = models.CharField(_("to"), max_length=16, choices=MessageAudience.choices)
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
        return f"Message #{self.pk}"

    def text(self, language: str) -> "RegistrantMessageText | None":
        """The text in `language`, else in the first language it was written in."""
        texts = list(self.texts.all())
        return next((t for t in texts if t.language == language), None) or next(
            iter(texts), None
        )


class RegistrantMessageText(models.Model):
    """A message to registrants in one language."""

    message = models.ForeignKey(
        RegistrantMessage, on_delete=models.CASCADE, related_name="texts"
    )
    language = models.CharField(_("language"), max_length=8)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("message"))

    class Meta:
        verbose_name = _("message text")
        verbose_name_plural = _("message texts")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["message", "language"], name="series_one_text_per_language"
            )
        ]

    def __str__(self) -> str:
        return self.subject
