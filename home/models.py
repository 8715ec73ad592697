from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField
from wagtail.models import Page

from series.models import SeriesIndexPage, SoTalkSessionPage
from series.models.querysets import visible
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
        upcoming = (
            SoTalkSessionPage.objects.visible()
            .filter(locale_id=self.locale_id, ends_at__gte=timezone.now())
            .order_by("starts_at", "pk")[: self.upcoming_count]
        )
        context["upcoming_sessions"] = session_list_with_series(upcoming)
        context["series_list"] = visible(
            SeriesIndexPage.objects.child_of(self)
        ).select_related("hero_image")
        return context
