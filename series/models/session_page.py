"""The session page: an event with a time, speakers and registration. Its facts
live on the source page; translations are kept in step (`synchronised`)."""

import zoneinfo
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import models
from django.utils import timezone
from django.utils.functional import SimpleLazyObject, cached_property
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
)
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.rich_text import RichText
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from .. import conf
from ..blocks import SessionStreamBlock
from ..formatting import format_session_time, held_in_label
from ..richtext import expand_rich_text
from .availability import registration_state
from .choices import EventStatus, SessionFormat
from .page_permissions import PublishersDeleteMixin
from .pages import (
    AsciiSlugMixin,
    SeriesIndexPage,
    access_needs_consent_note,
    default_consent_text,
    delivery_language_choices,
    text_language_field,
)
from .panels import RegistrationSummaryPanel, SessionTimePanel
from .querysets import SessionManager
from .topics import TAG_FIELDS, TaggedPageForm, tag_fields, tag_panel
from .translations import attach_translations, synchronised


class SoTalkSessionPage(AsciiSlugMixin, PublishersDeleteMixin, Page):
    """One session of a series: an event with a time, speakers and registration."""

    objects = SessionManager()

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
        choices=delivery_language_choices,
        blank=True,
        help_text=_("Leave empty to use the series' language."),
    )
    text_language = text_language_field()
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
    followup_enabled = models.BooleanField(
        _("send follow-ups"),
        default=True,
        help_text=_(
            "After the session, thank those who came and tell those who missed it "
            "where the recording is."
        ),
    )
    followup_delay_hours = models.PositiveSmallIntegerField(
        _("hours after the end"), default=2
    )
    feedback_url = models.URLField(
        _("feedback form"),
        blank=True,
        help_text=_("A link in the follow-up to those who came."),
    )
    followup_attended_text = models.TextField(
        _("text to those who came"),
        blank=True,
        help_text=_("Leave empty for the standard text."),
    )
    followup_absent_text = models.TextField(
        _("text to those who missed it"),
        blank=True,
        help_text=_("Leave empty for the standard text."),
    )

    topics, goals = tag_fields(related_name="sessions")

    base_form_class = TaggedPageForm
    content_panels = Page.content_panels + [
        FieldPanel("lead"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")]),
                SessionTimePanel(heading=_("Time zone and how the time reads")),
                FieldRowPanel([FieldPanel("format"), FieldPanel("delivery_language")]),
                FieldPanel("venue"),
                FieldPanel("join_url"),
                FieldPanel("event_status"),
            ],
            heading=_("When and where"),
        ),
        FieldPanel("hero_image"),
        FieldPanel("body"),
        InlinePanel("session_speakers", label=_("Speaker"), heading=_("Speakers")),
        tag_panel(),
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
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [FieldPanel("followup_enabled"), FieldPanel("followup_delay_hours")]
                ),
                FieldPanel("feedback_url"),
                FieldPanel("followup_attended_text"),
                FieldPanel("followup_absent_text"),
            ],
            heading=_("Follow-up"),
        ),
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
        "followup_enabled",
        "followup_delay_hours",
    ) + [
        SynchronizedField("feedback_url"),
        SynchronizedField("hero_image"),
        SynchronizedField("recording_url"),
        SynchronizedField("text_language"),
        SynchronizedField("venue"),
        *TAG_FIELDS,
    ]

    search_fields = Page.search_fields + [
        index.SearchField("lead"),
        index.SearchField("body"),
        index.FilterField("starts_at"),
        index.FilterField("ends_at"),
        # Found by who speaks, too.
        index.RelatedFields(
            "session_speakers",
            [index.RelatedFields("speaker", [index.SearchField("name")])],
        ),
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
        if self.pk is None or self.__dict__.get("is_source"):
            return self  # read `with_source_flag()`: no query
        source = (
            SoTalkSessionPage.objects.filter(translation_key=self.translation_key)
            .sources()
            .first()
        )
        return source if source and source.pk != self.pk else self

    @property
    def consent_text(self) -> str:
        if self.series is None:
            return default_consent_text()
        if self.series.ask_access_needs:
            return f"{self.series.consent_text} {access_needs_consent_note()}"
        return self.series.consent_text

    @property
    def asks_access_needs(self) -> bool:
        return bool(self.series and self.series.ask_access_needs)

    @property
    def calendar_sequence(self) -> int:
        """The iCalendar SEQUENCE of this event: raised each time registrants are told
        of a change. Kept beside the page: publishing a revision rewrites its row."""
        try:
            # Joined in by loaders.with_speakers / attach_sources: no query per session.
            return self.source.published_facts.sequence
        except ObjectDoesNotExist:
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

    def held_in_label(self, language: str | None = None) -> str:
        """'Holdes på engelsk' in `language` (the active one by default)."""
        language = language or get_language() or settings.LANGUAGE_CODE
        return held_in_label(self.held_in_language, language)

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

    def join_window(self) -> tuple[datetime, datetime]:
        """When registrants' personal join links lead to the webinar: from
        SERIES_JOIN_OPENS_MINUTES before the start until the end."""
        opens = self.starts_at - timedelta(minutes=conf.get("JOIN_OPENS_MINUTES"))
        return opens, self.ends_at

    def get_speakers(self):
        return self.session_speakers.select_related(
            "speaker", "speaker__photo"
        ).prefetch_related("speaker__photo__renditions")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        attach_translations(self, request)
        event = self.source
        content = SessionContent(self)
        context.update(
            event=event,
            is_past=event.is_past(),
            session_content=content,
            # Read only if a fragment that shows them is not kept (see the template).
            session_speakers=SimpleLazyObject(lambda: content.speakers),
            series=self.series,
            registration_state=registration_state(self),
        )
        return context


class SessionContent:
    """What the session page's kept fragments show, read only when one is missing:
    the speakers, and the body and bios with their page links resolved in one pass."""

    def __init__(self, page: SoTalkSessionPage):
        self.page = page

    @cached_property
    def speakers(self) -> list:
        speakers = list(self.page.get_speakers())
        expand_rich_text(
            [
                (block, "value")
                for block in self.page.body
                if isinstance(block.value, RichText)
            ]
            + [(item.speaker, "bio") for item in speakers]
        )
        return speakers

    @property
    def body(self):
        self.speakers  # noqa: B018 (resolves the body's links with the bios')
        return self.page.body
