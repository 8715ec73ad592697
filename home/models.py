from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField
from wagtail.models import Page

from series.models import SeriesIndexPage, SoTalkSessionPage, Topic
from series.models.querysets import visible
from series.models.topics import tag_filter
from series.read.routes import kept_route
from series.read.sessions import session_list_with_series


class HomePage(Page):
    """The front page in each language: a hero, an intro and what is coming up."""

    hero_heading = models.CharField(_("hero heading"), max_length=200, blank=True)
    hero_text = models.TextField(_("hero text"), blank=True)
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("hero image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    intro = RichTextField(_("intro"), blank=True)
    upcoming_count = models.PositiveSmallIntegerField(
        _("upcoming sessions shown"), default=6
    )

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldPanel("hero_heading"),
                FieldPanel("hero_text"),
                FieldPanel("hero_image"),
            ],
            heading=_("Hero"),
        ),
        FieldPanel("intro"),
        FieldPanel("upcoming_count"),
    ]
    api_fields = [APIField("hero_heading"), APIField("hero_text"), APIField("intro")]

    max_count_per_parent = 1

    class Meta:
        verbose_name = _("home page")

    def route(self, request, path_components):
        if not path_components:
            return super().route(request, path_components)
        # The pages found are kept until the next publish (series.read.routes).
        return kept_route(
            request,
            self,
            path_components,
            lambda: self._route(request, path_components),
        )

    def _route(self, request, path_components):
        # One query for a series: Page.route reads the base row, then the specific one.
        if path_components:
            series = (
                SeriesIndexPage.objects.child_of(self)
                .filter(slug=path_components[0])
                .select_related("hero_image")
                .first()
            )
            if series is not None:
                series._cached_parent_obj = self
                return series.route(request, path_components[1:])
        return super().route(request, path_components)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        tags = tag_filter(request.GET, self.locale_id)
        upcoming = (
            tags.apply(SoTalkSessionPage.objects.visible())
            .filter(locale_id=self.locale_id, ends_at__gte=timezone.now())
            .select_related("hero_image", "locale")
            .prefetch_related("hero_image__renditions")
            .order_by("starts_at", "pk")[: self.upcoming_count]
        )
        context["upcoming_sessions"] = session_list_with_series(upcoming)
        context["tag_filter"] = tags
        context["topic_choices"] = Topic.objects.filter(locale_id=self.locale_id)
        context["series_list"] = (
            visible(SeriesIndexPage.objects.child_of(self))
            .select_related("hero_image")
            .prefetch_related("hero_image__renditions")
        )
        return context


def _luminance(colour: str) -> float:
    """Relative luminance of '#rrggbb' as WCAG defines it."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [
        c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels
    ]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_on_white(colour: str) -> float:
    return 1.05 / (_luminance(colour) + 0.05)


def darker(colour: str, factor: float = 0.75) -> str:
    return "#" + "".join(
        f"{round(int(colour[i : i + 2], 16) * factor):02x}" for i in (1, 3, 5)
    )


@register_setting(icon="image")
class BrandSettings(BaseSiteSetting):
    """The site's logo, accent colour and accessibility statement, per site."""

    # Every page shows all three: read them with the settings row.
    select_related = ["logo", "accessibility_statement"]

    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Shown beside the site name in the header."),
    )
    brand_colour = models.CharField(
        _("brand colour"),
        max_length=7,
        default="#0b5d5b",
        validators=[RegexValidator(r"^#[0-9a-fA-F]{6}$", _("Write it as #rrggbb."))],
        help_text=_(
            "Links, buttons and borders. It must stand out from white text and a "
            "white background (contrast at least 4.5:1)."
        ),
    )
    accessibility_statement = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("accessibility statement"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Linked from the footer of every page, in the reader's language."),
    )

    panels = [
        FieldPanel("logo"),
        FieldPanel("brand_colour"),
        FieldPanel("accessibility_statement"),
    ]

    class Meta:
        verbose_name = _("brand")

    def clean(self):
        super().clean()
        colour = self.brand_colour or ""
        if len(colour) == 7 and contrast_on_white(colour) < 4.5:
            raise ValidationError(
                {
                    "brand_colour": _(
                        "The contrast with white is %(ratio).1f:1; it must be at "
                        "least 4.5:1. Choose a darker colour."
                    )
                    % {"ratio": contrast_on_white(colour)}
                }
            )

    @property
    def brand_colour_strong(self) -> str:
        return darker(self.brand_colour)

    @property
    def style(self) -> str:
        """Custom properties for the root element: the accent and its hover shade."""
        return (
            f"--accent: {self.brand_colour}; "
            f"--accent-strong: {self.brand_colour_strong}"
        )


class AccessibilityStatementPage(Page):
    """The accessibility statement (tilgjengelighetserklæring): what was tested, how,
    when, and the known gaps."""

    intro = RichTextField(_("intro"), blank=True)
    standard = models.CharField(
        _("standard"), max_length=100, default="WCAG 2.2 AA", blank=True
    )
    tested_on = models.DateField(_("last tested"), null=True, blank=True)
    body = RichTextField(
        _("what was tested and how"),
        blank=True,
        features=["h2", "h3", "bold", "italic", "ol", "ul", "link"],
    )
    known_gaps = RichTextField(
        _("known gaps"),
        blank=True,
        features=["bold", "italic", "ol", "ul", "link"],
    )
    contact_email = models.EmailField(_("contact e-mail"), blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        MultiFieldPanel(
            [FieldPanel("standard"), FieldPanel("tested_on"), FieldPanel("body")],
            heading=_("Testing"),
        ),
        FieldPanel("known_gaps"),
        FieldPanel("contact_email"),
    ]

    parent_page_types = ["home.HomePage"]
    subpage_types: list[str] = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("accessibility statement")
