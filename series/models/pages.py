import zoneinfo
from datetime import datetime

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
)
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page, TranslatableMixin
from wagtail.rich_text import RichText
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from .. import conf
from ..admin.registration_panels import RegistrationSummaryPanel
from ..blocks import SessionStreamBlock
from ..formatting import format_session_time

LANGUAGE_CHOICES = [
    ("nb", _("Norwegian (Bokmål)")),
    ("nn", _("Norwegian (Nynorsk)")),
    ("en", _("English")),
    ("sv", _("Swedish")),
    ("da", _("Danish")),
]

# "Held in English" reads better translated whole than assembled from a language name.
HELD_IN = {
    "nb": _("Held in Norwegian"),
    "nn": _("Held in Norwegian (Nynorsk)"),
    "en": _("Held in English"),
    "sv": _("Held in Swedish"),
    "da": _("Held in Danish"),
}


def default_consent_text() -> str:
    return gettext(
        "I agree that my name, e-mail address and answers are stored to handle my "
        "registration and to send me information about this session. They are deleted "
        "after the session."
    )


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(
            _("“%(value)s” is not a known time zone."), params={"value": value}
        )


def synchronised(*names: str) -> list[SynchronizedField]:
    """Fields that must be equal in every translation, or the event would differ."""
    return [SynchronizedField(name, overridable=False) for name in names]


class SeriesIndexPage(Page):
    """A series of talks or webinars; its children are the sessions."""

    intro = RichTextField(_("intro"), blank=True)
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("hero image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        default=conf.DEFAULTS["DEFAULT_TIME_ZONE"],
        validators=[validate_time_zone],
        help_text=_("Session times are shown in this time zone, e.g. Europe/Oslo."),
    )
    delivery_language = models.CharField(
        _("sessions are held in"),
        max_length=8,
        choices=LANGUAGE_CHOICES,
        default="en",
        help_text=_(
            "The default language the sessions are held in, whatever the page language."
        ),
    )
    text_language = models.CharField(
        _("language of the text"),
        max_length=8,
        choices=LANGUAGE_CHOICES,
        blank=True,
        help_text=_(
            "Only if this page's text is written in another language than its locale."
        ),
    )
    consent_text = models.TextField(
        _("consent text"),
        default=default_consent_text,
        help_text=_(
            "Shown beside the checkbox registrants must tick. Each version shown is "
            "recorded with the registration."
        ),
    )

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        FieldPanel("hero_image"),
        FieldPanel("consent_text"),
    ]
    settings_panels = Page.settings_panels + [
        MultiFieldPanel(
            [
                FieldPanel("time_zone"),
                FieldPanel("delivery_language"),
                FieldPanel("text_language"),
            ],
            heading=_("Series"),
        ),
    ]

    override_translatable_fields = synchronised("time_zone", "delivery_language") + [
        SynchronizedField("hero_image"),
        SynchronizedField("text_language"),
    ]

    search_fields = Page.search_fields + [index.SearchField("intro")]
    api_fields = [
        APIField("intro"),
        APIField("hero_image"),
        APIField("time_zone"),
        APIField("delivery_language"),
    ]

    subpage_types = ["series.SoTalkSessionPage"]
    # Pages of upcoming sessions: the page costs the same with 50 sessions or 5,000.
    upcoming_per_page = 20

    class Meta:
        verbose_name = _("series")
        verbose_name_plural = _("series")

    @cached_property
    def tz(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    def sessions(self):
        return (
            SoTalkSessionPage.objects.child_of(self)
            .live()
            .select_related("hero_image")
            .prefetch_related("hero_image__renditions")
        )

    def route(self, request, path_components):
        # One query for a session: Page.route reads the base row, then the specific one.
        if path_components:
            session = (
                SoTalkSessionPage.objects.child_of(self)
                .filter(slug=path_components[0])
                .select_related("hero_image")
                .first()
            )
            if session is not None:
                session._cached_parent_obj = self
                return session.route(request, path_components[1:])
        return super().route(request, path_components)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        now = timezone.now()
        upcoming = self.sessions().filter(ends_at__gte=now).order_by("starts_at", "pk")
        upcoming_page = Paginator(upcoming, self.upcoming_per_page).get_page(
            request.GET.get("upcoming")
        )
        past = self.sessions().filter(ends_at__lt=now).order_by("-starts_at", "-pk")
        paginator = Paginator(past, conf.get("PAST_SESSIONS_PER_PAGE"))
        past_page = paginator.get_page(request.GET.get("page"))
        for session in [*upcoming_page.object_list, *past_page.object_list]:
            session.series = self
        context.update(upcoming_sessions=upcoming_page, past_sessions=past_page)
        return context


class SessionFormat(models.TextChoices):
    ONLINE = "online", _("Online")
    IN_PERSON = "in_person", _("In person")
    HYBRID = "hybrid", _("Hybrid (in person and online)")


class EventStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    POSTPONED = "postponed", _("Postponed")
    CANCELLED = "cancelled", _("Cancelled")


class SoTalkSessionPage(Page):
    """One session of a series: an event with a time, speakers and registration."""

    lead = models.TextField(
        _("lead question"),
        blank=True,
        help_text=_(
            "The question the session sets out to answer, shown under the title."
        ),
    )
    body = StreamField(SessionStreamBlock(), verbose_name=_("body"), blank=True)
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("hero image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    format = models.CharField(
        _("format"),
        max_length=16,
        choices=SessionFormat.choices,
        default=SessionFormat.ONLINE,
    )
    venue = models.CharField(
        _("venue"),
        max_length=255,
        blank=True,
        help_text=_("Name and address of the place, for sessions held in person."),
    )
    join_url = models.URLField(
        _("join link"),
        blank=True,
        help_text=_(
            "The webinar link. Only ever sent to registrants by e-mail, "
            "never shown on the site."
        ),
    )
    event_status = models.CharField(
        _("status"),
        max_length=16,
        choices=EventStatus.choices,
        default=EventStatus.SCHEDULED,
    )
    delivery_language = models.CharField(
        _("held in"),
        max_length=8,
        choices=LANGUAGE_CHOICES,
        blank=True,
        help_text=_("Leave empty to use the series' language."),
    )
    text_language = models.CharField(
        _("language of the text"),
        max_length=8,
        choices=LANGUAGE_CHOICES,
        blank=True,
        help_text=_(
            "Only if this page's text is written in another language than its locale."
        ),
    )
    recording_url = models.URLField(
        _("recording"), blank=True, help_text=_("Shown once the session is over.")
    )
    capacity = models.PositiveIntegerField(
        _("capacity"),
        null=True,
        blank=True,
        help_text=_("Leave empty for unlimited seats."),
    )
    waitlist_enabled = models.BooleanField(
        _("waiting list"),
        default=True,
        help_text=_(
            "When full, new registrants join a waiting list and move up as seats free."
        ),
    )
    registration_opens_at = models.DateTimeField(
        _("registration opens"),
        null=True,
        blank=True,
        help_text=_("Leave empty to open registration when the page is published."),
    )
    registration_closes_at = models.DateTimeField(
        _("registration closes"),
        null=True,
        blank=True,
        help_text=_("Leave empty to keep registration open until the session starts."),
    )
    confirmation_message = models.TextField(
        _("message in the confirmation"),
        blank=True,
        help_text=_("Included in every confirmation e-mail, e.g. how to prepare."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("lead"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")]),
                FieldRowPanel([FieldPanel("format"), FieldPanel("delivery_language")]),
                FieldPanel("venue"),
                FieldPanel("join_url"),
                FieldPanel("event_status"),
            ],
            heading=_("When and where"),
        ),
        FieldPanel("hero_image"),
        FieldPanel("body"),
        InlinePanel("session_speakers", label=_("Speakers"), heading=_("Speakers")),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("capacity"), FieldPanel("waitlist_enabled")]),
                FieldRowPanel(
                    [
                        FieldPanel("registration_opens_at"),
                        FieldPanel("registration_closes_at"),
                    ]
                ),
                FieldPanel("confirmation_message"),
                RegistrationSummaryPanel(heading=_("Registrations so far")),
            ],
            heading=_("Registration"),
        ),
        InlinePanel(
            "questions", label=_("Extra question"), heading=_("Extra questions")
        ),
        FieldPanel("recording_url"),
    ]
    settings_panels = Page.settings_panels + [FieldPanel("text_language")]

    override_translatable_fields = synchronised(
        "starts_at",
        "ends_at",
        "format",
        "join_url",
        "event_status",
        "delivery_language",
        "capacity",
        "waitlist_enabled",
        "registration_opens_at",
        "registration_closes_at",
    ) + [
        SynchronizedField("hero_image"),
        SynchronizedField("recording_url"),
        SynchronizedField("text_language"),
        SynchronizedField("venue"),
    ]

    search_fields = Page.search_fields + [
        index.SearchField("lead"),
        index.SearchField("body"),
        index.FilterField("starts_at"),
    ]
    api_fields = [
        APIField("lead"),
        APIField("body"),
        APIField("starts_at"),
        APIField("ends_at"),
        APIField("format"),
        APIField("venue"),
        APIField("event_status"),
        APIField("delivery_language"),
        APIField("capacity"),
        APIField("waitlist_enabled"),
        APIField("registration_opens_at"),
        APIField("registration_closes_at"),
        APIField("recording_url"),
    ]

    parent_page_types = ["series.SeriesIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        # Listings sort and filter by time: upcoming/past, soonest or newest first.
        indexes = [models.Index(fields=["starts_at"]), models.Index(fields=["ends_at"])]

    def clean(self):
        super().clean()
        errors = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("The session must end after it starts.")
        if self.format != SessionFormat.ONLINE and not self.venue:
            errors["venue"] = _("Sessions held in person need a venue.")
        opens, closes = self.registration_opens_at, self.registration_closes_at
        if opens and closes and closes <= opens:
            errors["registration_closes_at"] = _(
                "Registration must close after it opens."
            )
        if closes and self.ends_at and closes > self.ends_at:
            errors["registration_closes_at"] = _(
                "Registration cannot close after the session has ended."
            )
        if errors:
            raise ValidationError(errors)

    @cached_property
    def series(self) -> SeriesIndexPage | None:
        parent = self.__dict__.get("_cached_parent_obj")  # set by Page.route
        if isinstance(parent, SeriesIndexPage):
            return parent
        return SeriesIndexPage.objects.filter(path=self.path[: -self.steplen]).first()

    @cached_property
    def source(self) -> "SoTalkSessionPage":
        """The source-locale page: the event's facts and registrations live there."""
        if self.pk is None:
            return self
        original = (
            SoTalkSessionPage.objects.filter(translation_key=self.translation_key)
            .order_by("pk")
            .first()
        )
        return original if original and original.pk != self.pk else self

    @property
    def consent_text(self) -> str:
        return self.series.consent_text if self.series else default_consent_text()

    @property
    def calendar_sequence(self) -> int:
        """The iCalendar SEQUENCE of this event: raised each time registrants are told
        of a change. Kept beside the page: publishing a revision rewrites its row."""
        try:
            # Joined in by loaders.with_speakers / attach_sources: no query per session.
            return self.source.published_facts.sequence
        except PublishedFacts.DoesNotExist:
            return 0

    @property
    def tz(self) -> zoneinfo.ZoneInfo:
        series = self.series
        return series.tz if series else zoneinfo.ZoneInfo(conf.get("DEFAULT_TIME_ZONE"))

    @property
    def held_in_language(self) -> str:
        if self.delivery_language:
            return self.delivery_language
        return self.series.delivery_language if self.series else ""

    @property
    def held_in_label(self) -> str:
        return str(HELD_IN.get(self.held_in_language, ""))

    def is_past(self, now: datetime | None = None) -> bool:
        return self.ends_at < (now or timezone.now())

    @property
    def local_starts_at(self) -> datetime:
        return timezone.localtime(self.starts_at, self.tz)

    @property
    def local_ends_at(self) -> datetime:
        return timezone.localtime(self.ends_at, self.tz)

    def formatted_time(self, language: str) -> str:
        return format_session_time(self.starts_at, self.ends_at, self.tz, language)

    def get_speakers(self):
        return self.session_speakers.select_related(
            "speaker", "speaker__photo"
        ).prefetch_related("speaker__photo__renditions")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        from ..availability import session_registration_states
        from ..loaders import attach_translations, expand_rich_text
        from ..views.registration import registration_form

        attach_translations(self, request)
        event = self.source
        speakers = list(self.get_speakers())
        # The body's paragraphs and the bios in one pass: one query for all their links.
        expand_rich_text(
            [
                (block, "value")
                for block in self.body
                if isinstance(block.value, RichText)
            ]
            + [(item.speaker, "bio") for item in speakers]
        )
        context.update(
            event=event,
            is_past=event.is_past(),
            session_speakers=speakers,
            series=self.series,
            registration_state=session_registration_states([event])[event.pk],
            registration_form=registration_form(self),
        )
        return context


class SessionSpeaker(TranslatableMixin, Orderable):
    """A speaker at one session, in order, with their role there (e.g. Moderator)."""

    page = ParentalKey(
        SoTalkSessionPage, related_name="session_speakers", on_delete=models.CASCADE
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


class QuestionType(models.TextChoices):
    TEXT = "text", _("Short answer")
    TEXTAREA = "textarea", _("Long answer")
    CHOICE = "choice", _("One of several choices")
    CHECKBOX = "checkbox", _("Yes or no")


class RegistrationQuestion(TranslatableMixin, Orderable):
    """An extra question on a session's form; answers are kept under its stable key."""

    page = ParentalKey(
        SoTalkSessionPage, related_name="questions", on_delete=models.CASCADE
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
        SoTalkSessionPage, on_delete=models.CASCADE, related_name="published_facts"
    )
    sequence = models.PositiveIntegerField(default=0)
    facts = models.JSONField(default=dict)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Published facts of session {self.session_id}"
