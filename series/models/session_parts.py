"""What a session page holds beside its own fields: speakers in order, extra
questions on its form, and what its registrants were last told."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.models import Orderable, TranslatableMixin

from .choices import QuestionType
from .translations import synchronised


class SessionSpeaker(TranslatableMixin, Orderable):
    """A speaker at one session, in order, with their role there (e.g. Moderator)."""

    page = ParentalKey(
        "series.SoTalkSessionPage",
        related_name="session_speakers",
        on_delete=models.CASCADE,
    )
    speaker = models.ForeignKey(
        "series.Speaker",
        verbose_name=_("speaker"),
        on_delete=models.CASCADE,
        related_name="session_appearances",
    )
    role = models.CharField(
        _("role at this session"),
        max_length=100,
        blank=True,
        help_text=_("For example “Moderator”. Leave empty for a speaker."),
    )

    panels = [FieldPanel("speaker"), FieldPanel("role")]

    class Meta(TranslatableMixin.Meta):
        ordering = ["sort_order"]
        verbose_name = _("session speaker")
        verbose_name_plural = _("session speakers")

    def __str__(self) -> str:
        return f"{self.speaker} ({self.page})"


class RegistrationQuestion(TranslatableMixin, Orderable):
    """An extra question on a session's form; answers are kept under its stable key."""

    page = ParentalKey(
        "series.SoTalkSessionPage", related_name="questions", on_delete=models.CASCADE
    )
    key = models.SlugField(
        _("key"),
        max_length=50,
        help_text=_("A short, stable name for the answers, e.g. “dietary-needs”."),
    )
    label = models.CharField(_("question"), max_length=255)
    help_text = models.CharField(_("help text"), max_length=255, blank=True)
    field_type = models.CharField(
        _("type"),
        max_length=16,
        choices=QuestionType.choices,
        default=QuestionType.TEXT,
    )
    choices = models.TextField(
        _("choices"),
        blank=True,
        help_text=_("For “one of several choices”: one per line."),
    )
    required = models.BooleanField(_("required"), default=False)

    panels = [
        FieldRowPanel([FieldPanel("label"), FieldPanel("key")]),
        FieldPanel("help_text"),
        FieldRowPanel([FieldPanel("field_type"), FieldPanel("required")]),
        FieldPanel("choices"),
    ]
    override_translatable_fields = synchronised("key", "field_type", "required")

    class Meta(TranslatableMixin.Meta):
        ordering = ["sort_order"]
        verbose_name = _("extra question")
        verbose_name_plural = _("extra questions")

    def __str__(self) -> str:
        return self.label

    @property
    def choice_list(self) -> list[str]:
        return [line.strip() for line in self.choices.splitlines() if line.strip()]

    def clean(self):
        super().clean()
        if self.field_type == QuestionType.CHOICE and len(self.choice_list) < 2:
            raise ValidationError(
                {"choices": _("Give at least two choices, one per line.")}
            )


class PublishedFacts(models.Model):
    """What registrants were last told about a session, and its calendar SEQUENCE."""

    session = models.OneToOneField(
        "series.SoTalkSessionPage",
        on_delete=models.CASCADE,
        related_name="published_facts",
    )
    sequence = models.PositiveIntegerField(default=0)
    facts = models.JSONField(default=dict)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Published facts of session {self.session_id}"
