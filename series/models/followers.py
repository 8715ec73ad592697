"""Followers of a series: people told of each new session, or registered for it.
A follower row is personal data; it exists only while its person follows."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .registrations import TOKEN_PATTERN, EmailDelivery, email_key, new_token


class FollowMode(models.TextChoices):
    ANNOUNCE = "announce", _("Tell me about each new session")
    REGISTER = "register", _("Register me for each new session")


class FollowerNoticeKind(models.TextChoices):
    CONFIRM = "follow_confirm", _("Confirm that you follow the series")
    ANNOUNCE = "follow_announce", _("New session in the series")
    # Registered automatically: the registration's own e-mail tells them.
    REGISTERED = "follow_registered", _("Registered for a new session")


class FollowerQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(confirmed_at__isnull=False)

    def unconfirmed(self):
        return self.filter(confirmed_at__isnull=True)

    def of_email(self, email: str):
        return self.filter(email_key=email_key(email))

    def from_token(self, token: str) -> "Follower | None":
        if not TOKEN_PATTERN.fullmatch(token or ""):
            return None
        return self.select_related("series").filter(token=token).first()


class Follower(models.Model):
    """Someone who follows a series (its source-locale page) by e-mail."""

    wagtail_reference_index_ignore = True

    series = models.ForeignKey(
        "series.SeriesIndexPage",
        verbose_name=_("series"),
        on_delete=models.CASCADE,
        related_name="followers",
    )
    email = models.EmailField(_("e-mail"), max_length=254)
    email_key = models.CharField(max_length=320, editable=False)
    # Only needed to register the follower automatically.
    name = models.CharField(_("name"), max_length=200, blank=True)
    language = models.CharField(_("language"), max_length=8)
    mode = models.CharField(
        _("what we send"), max_length=16, choices=FollowMode.choices
    )
    consent_version = models.CharField(
        _("consent text version"), max_length=64, blank=True
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    token = models.CharField(
        max_length=64, unique=True, default=new_token, editable=False
    )

    objects = FollowerQuerySet.as_manager()

    class Meta:
        verbose_name = _("follower")
        verbose_name_plural = _("followers")
        ordering = ["-created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                "email_key", "series", name="series_one_follower_per_mailbox"
            )
        ]

    def __str__(self) -> str:
        # Wagtail writes this into its log: no personal data.
        return f"Follower #{self.pk}"

    def save(self, *args, **kwargs):
        self.email_key = email_key(self.email)
        super().save(*args, **kwargs)

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None


class SessionAnnouncement(models.Model):
    """That a session was announced to its series' followers: made once, on its
    first publication, so that publishing it again announces nothing."""

    session = models.OneToOneField(
        "series.SoTalkSessionPage",
        on_delete=models.CASCADE,
        related_name="announcement",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("session announcement")
        verbose_name_plural = _("session announcements")

    def __str__(self) -> str:
        return f"Announcement of page {self.session_id}"


class FollowerNotice(models.Model):
    """The followers' outbox: one e-mail to one follower (or, for an automatic
    registration, the record that it was made). One per follower and session."""

    wagtail_reference_index_ignore = True
    Status = EmailDelivery.Status

    follower = models.ForeignKey(
        Follower, on_delete=models.CASCADE, related_name="notices"
    )
    session = models.ForeignKey(
        "series.SoTalkSessionPage",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    kind = models.CharField(max_length=32, choices=FollowerNoticeKind.choices)
    status = models.CharField(
        max_length=16, choices=Status.choices, default=Status.QUEUED, db_index=True
    )
    # Why an automatic registration was not made (a RegistrationError code), if so.
    reason = models.CharField(max_length=64, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    message_id = models.CharField(max_length=255, blank=True, db_index=True)
    last_error = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("e-mail to a follower")
        verbose_name_plural = _("e-mails to followers")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["follower", "session"],
                condition=Q(session__isnull=False),
                name="series_one_notice_per_follower_and_session",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} e-mail #{self.pk}"
