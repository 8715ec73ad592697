"""The series page, and the field helpers its sessions share."""

import zoneinfo

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.functional import cached_property
from django.utils.text import slugify
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import (
    FieldPanel,
    MultiFieldPanel,
)
from wagtail.api import APIField
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from .. import conf
from ..formatting import language_name
from .page_permissions import PublishersDeleteMixin
from .topics import (
    TAG_FIELDS,
    TaggedPageForm,
    Topic,
    tag_fields,
    tag_filter,
    tag_panel,
)
from .translations import synchronised

# Letters that slugify would drop, written as Norwegians and Danes do without them.
TRANSLITERATION = str.maketrans(
    {"æ": "ae", "ø": "o", "å": "a", "Æ": "Ae", "Ø": "O", "Å": "A", "ß": "ss"}
)


def ascii_slug(text: str) -> str:
    """'Grønne byer' → 'gronne-byer' (not 'grnne-byer')."""
    return slugify(text.translate(TRANSLITERATION))


class AsciiSlugMixin:
    """Slugs in plain ASCII, with æ, ø and å transliterated, whatever way the page
    is saved (admin, code, a translation sync that slugifies again)."""

    def full_clean(self, *args, **kwargs):
        if not getattr(settings, "WAGTAIL_ALLOW_UNICODE_SLUGS", True):
            self.slug = ascii_slug(self.slug or self.title or "")
        super().full_clean(*args, **kwargs)


def _session_model():
    # The session page's module imports this one: look the model up by name.
    return apps.get_model("series", "SoTalkSessionPage")


def delivery_language_choices() -> list[tuple[str, str]]:
    """The content languages and SERIES_DELIVERY_LANGUAGES, named in the active
    language."""
    codes = dict.fromkeys(
        [code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES]
        + list(conf.get("DELIVERY_LANGUAGES"))
    )
    language = get_language() or settings.LANGUAGE_CODE
    return [(code, language_name(code, language)) for code in codes]


def text_language_field() -> models.CharField:
    """Where a page's text is written in another language than its locale (the
    demo session is in English on the Norwegian site too)."""
    return models.CharField(
        _("language of the text"),
        max_length=8,
        choices=delivery_language_choices,
        blank=True,
        help_text=_(
            "Only if this page's text is written in another language than its locale."
        ),
    )


def default_time_zone() -> str:
    return conf.get("DEFAULT_TIME_ZONE")


def default_consent_text() -> str:
    return gettext(
        "I agree that my name, e-mail address and answers are stored to handle my "
        "registration and to send me information about this session. They are deleted "
        "after the session."
    )


def access_needs_consent_note() -> str:
    """Added to the consent text while a series asks about accommodations."""
    return gettext(
        "If you tell us about accommodations you need, only the staff who handle "
        "registrations see it, and it is deleted with your registration."
    )


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(
            _("“%(value)s” is not a known time zone."), params={"value": value}
        )


class SeriesIndexPage(AsciiSlugMixin, PublishersDeleteMixin, Page):
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
        default=default_time_zone,
        validators=[validate_time_zone],
        help_text=_("Session times are shown in this time zone, e.g. Europe/Oslo."),
    )
    delivery_language = models.CharField(
        _("sessions are held in"),
        max_length=8,
        choices=delivery_language_choices,
        default="en",
        help_text=_(
            "The default language the sessions are held in, whatever the page language."
        ),
    )
    text_language = text_language_field()
    consent_text = models.TextField(
        _("consent text"),
        default=default_consent_text,
        help_text=_(
            "Shown beside the checkbox registrants must tick. Each version shown is "
            "recorded with the registration."
        ),
    )
    waitlist_offer_hours = models.PositiveSmallIntegerField(
        _("hours to claim a freed seat"),
        default=0,
        help_text=_(
            "When a seat frees up, the first person on the waiting list is offered it "
            "and has this many hours to claim it before it goes to the next. 0 gives "
            "the seat at once."
        ),
    )
    require_email_confirmation = models.BooleanField(
        _("registrants confirm their e-mail address"),
        default=False,
        help_text=_(
            "A registration counts only once the person has opened the link in the "
            "e-mail we send; unconfirmed ones hold no seat and are deleted after a day."
        ),
    )
    ask_access_needs = models.BooleanField(
        _("ask about accommodations"),
        default=False,
        help_text=_(
            "The registration form asks “Do you need any accommodations?”. Only staff "
            "who handle registrations see the answers."
        ),
    )
    organiser_name = models.CharField(_("organiser's name"), max_length=200, blank=True)
    organiser_email = models.EmailField(
        _("organiser's e-mail address"),
        blank=True,
        help_text=_(
            "Named on every session page, and where replies to the e-mails go."
        ),
    )
    announce_delay_hours = models.PositiveSmallIntegerField(
        _("hours to wait for a translation"),
        default=24,
        help_text=_(
            "Followers are told of a new session in their language once its "
            "translation is published; after this many hours, in the language it "
            "was written in."
        ),
    )

    topics, goals = tag_fields(related_name="series")

    base_form_class = TaggedPageForm
    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        FieldPanel("hero_image"),
        FieldPanel("consent_text"),
        MultiFieldPanel(
            [FieldPanel("organiser_name"), FieldPanel("organiser_email")],
            heading=_("Organiser contact"),
        ),
        tag_panel(),
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
        MultiFieldPanel(
            [
                FieldPanel("waitlist_offer_hours"),
                FieldPanel("require_email_confirmation"),
                FieldPanel("ask_access_needs"),
            ],
            heading=_("Registration"),
        ),
        FieldPanel("announce_delay_hours", heading=_("Followers")),
    ]

    override_translatable_fields = synchronised(
        "time_zone",
        "delivery_language",
        "waitlist_offer_hours",
        "require_email_confirmation",
        "ask_access_needs",
        "announce_delay_hours",
    ) + [
        SynchronizedField("organiser_name"),
        SynchronizedField("organiser_email"),
        SynchronizedField("hero_image"),
        SynchronizedField("text_language"),
        *TAG_FIELDS,
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
            _session_model()
            .objects.child_of(self)
            .visible()
            .with_source_flag()  # a card's registration state needs no source query
            .select_related("hero_image")
            .prefetch_related("hero_image__renditions")
        )

    def route(self, request, path_components):
        # One query for a session: Page.route reads the base row, then the specific one.
        if path_components:
            session = (
                _session_model()
                .objects.child_of(self)
                .filter(slug=path_components[0])
                .select_related("hero_image")
                .first()
            )
            if session is not None:
                session._cached_parent_obj = self
                return session.route(request, path_components[1:])
        return super().route(request, path_components)

    def get_context(self, request, *args, **kwargs):
        # The lists of sessions are read by the template ({% series_lists %}), where
        # they are kept until the next publish or the next session's end.
        context = super().get_context(request, *args, **kwargs)
        context.update(
            # ?topic= and ?goal= narrow both lists; the form shows this locale's topics.
            tag_filter=tag_filter(request.GET, self.locale_id),
            topic_choices=Topic.objects.filter(locale_id=self.locale_id),
        )
        return context
