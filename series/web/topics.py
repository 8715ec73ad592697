"""The listing of a topic or a goal, `/<lang>/<topics>/<slug>/` and
`/<lang>/<goals>/<number>/`: its sessions in the page language, upcoming and past,
with an Atom feed and a calendar beside it; and the index of all topics
(`/<lang>/<topics>/`) and all goals (`/<lang>/<goals>/`)."""

from collections.abc import Callable
from dataclasses import dataclass
from uuid import UUID

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, override
from wagtail.models import Locale

from .. import conf
from ..models import GOAL_NAMES, SeriesIndexPage, SoTalkSessionPage, Topic
from ..models.querysets import visible
from ..models.topics import about_goal, about_topic, find_topic, sessions_per_tag
from ..read.sessions import session_list_with_series


@dataclass
class Listing:
    """What a topic's or a goal's page, feed and calendar show."""

    name: str  # URL name of the page; feeds and calendars add a suffix
    key: str | int  # the slug or the number in the URL
    title: str
    description: str
    condition: Q  # which sessions (and series) carry the topic or the goal
    series_condition: Q
    locale_id: int
    translation_key: UUID | None = None  # a topic's, whose slug differs by language

    @property
    def url(self) -> str:
        arg = "slug" if self.name == "topic" else "number"
        return reverse(f"series:{self.name}", kwargs={arg: self.key})

    def sessions(self) -> QuerySet[SoTalkSessionPage]:
        return SoTalkSessionPage.objects.visible().filter(
            self.condition, locale_id=self.locale_id
        )

    def urls_by_language(self) -> dict[str, str]:
        """This listing's own URL in each language, for the language switcher and
        the hreflang links (a topic has a slug per language; untranslated, none)."""
        keys = {code: self.key for code, _name in settings.LANGUAGES}
        if self.translation_key is not None:
            keys = dict(
                Topic.objects.filter(translation_key=self.translation_key).values_list(
                    "locale__language_code", "slug"
                )
            )
        arg = "slug" if self.name == "topic" else "number"
        urls = {}
        for code, key in keys.items():
            with override(code):
                urls[code] = reverse(f"series:{self.name}", kwargs={arg: key})
        return urls

    def series(self) -> QuerySet[SeriesIndexPage]:
        return visible(SeriesIndexPage.objects.all()).filter(
            self.series_condition, locale_id=self.locale_id
        )


class MovedTopic(Exception):
    """The slug is the topic's in another language: its page is at `slug`."""

    def __init__(self, slug: str) -> None:
        self.slug = slug


def topic_listing(slug: str) -> Listing:
    locale = Locale.get_active()
    topic = find_topic(slug, locale.pk)
    if topic is None:
        raise Http404(gettext("There is no topic called “%(slug)s”.") % {"slug": slug})
    if topic.slug != slug:
        raise MovedTopic(topic.slug)
    return Listing(
        name="topic",
        key=topic.slug,
        title=topic.name,
        description=topic.description,
        condition=about_topic(topic.translation_key),
        series_condition=Q(topics__translation_key=topic.translation_key),
        locale_id=locale.pk,
        translation_key=topic.translation_key,
    )


def goal_listing(number: int) -> Listing:
    if number not in GOAL_NAMES:
        raise Http404(gettext("The goals are numbered 1 to 17."))
    return Listing(
        name="goal",
        key=number,
        title=gettext("Goal %(number)s: %(name)s")
        % {"number": number, "name": GOAL_NAMES[number]},
        description=gettext(
            "Sessions that work towards the UN's Sustainable Development Goal "
            "%(number)s."
        )
        % {"number": number},
        condition=about_goal(number),
        series_condition=Q(goals=number),
        locale_id=Locale.get_active().pk,
    )


def find_listing(name: str, key: str | int) -> Listing:
    return topic_listing(str(key)) if name == "topic" else goal_listing(int(key))


def listing_context(request: HttpRequest, listing: Listing) -> dict:
    """Upcoming sessions soonest first, past ones newest first, a page of each."""
    now = timezone.now()
    sessions = listing.sessions().select_related("hero_image", "locale")
    sessions = sessions.prefetch_related("hero_image__renditions")
    upcoming = Paginator(
        sessions.filter(ends_at__gte=now).order_by("starts_at", "pk"),
        SeriesIndexPage.upcoming_per_page,
    ).get_page(request.GET.get("upcoming"))
    past = Paginator(
        sessions.filter(ends_at__lt=now).order_by("-starts_at", "-pk"),
        conf.get("PAST_SESSIONS_PER_PAGE"),
    ).get_page(request.GET.get("page"))
    session_list_with_series([*upcoming.object_list, *past.object_list])
    return {
        "listing": listing,
        "upcoming_sessions": upcoming,
        "past_sessions": past,
        "series_list": list(listing.series().order_by("title", "pk")),
        "language_urls": listing.urls_by_language(),
    }


def unknown_listing(request: HttpRequest, name: str, error: Http404) -> HttpResponse:
    """A 404 that says what was not found and offers what there is."""
    context = {
        "name": name,
        "message": str(error),
        "topics": Topic.objects.filter(locale=Locale.get_active()),
    }
    return render(request, "series/tag_unknown.html", context, status=404)


Renderer = Callable[[HttpRequest, Listing], HttpResponse]


def listing_view(render_it: Renderer, suffix: str = ""):
    """A view of the page (suffix ''), feed ('_feed') or calendar ('_calendar') of a
    topic or goal; a topic's slug in another language redirects to this one's."""

    def view(request: HttpRequest, **kwargs) -> HttpResponse:
        name = "topic" if "slug" in kwargs else "goal"
        key = kwargs.get("slug", kwargs.get("number"))
        try:
            listing = find_listing(name, key)
        except MovedTopic as moved:
            return redirect(f"series:topic{suffix}", slug=moved.slug)
        except Http404 as error:
            if suffix:
                raise
            return unknown_listing(request, name, error)
        return render_it(request, listing)

    return view


def render_listing(request: HttpRequest, listing: Listing) -> HttpResponse:
    # Cached like any page (PageCacheMiddleware): seats left are never old for long.
    return render(request, "series/tag_listing.html", listing_context(request, listing))


listing_page = listing_view(render_listing)


@dataclass
class IndexEntry:
    """A topic or a goal on its index page."""

    label: str
    url: str
    upcoming: int  # upcoming sessions in the page language
    description: str = ""


def upcoming_in(locale_id: int) -> QuerySet[SoTalkSessionPage]:
    """What a listing shows as upcoming, in one language."""
    return SoTalkSessionPage.objects.visible().filter(
        locale_id=locale_id, ends_at__gte=timezone.now()
    )


def topic_index(request: HttpRequest) -> HttpResponse:
    """Every topic of the page language, with its number of upcoming sessions."""
    locale_id = Locale.get_active().pk
    counts = sessions_per_tag(upcoming_in(locale_id), "topics")
    entries = [
        IndexEntry(
            label=topic.name,
            url=reverse("series:topic", kwargs={"slug": topic.slug}),
            upcoming=counts[topic.translation_key],
            description=topic.description,
        )
        for topic in Topic.objects.filter(locale_id=locale_id)
    ]
    return render(request, "series/topic_index.html", {"entries": entries})


def goal_index(request: HttpRequest) -> HttpResponse:
    """All 17 goals, by number, with their numbers of upcoming sessions."""
    counts = sessions_per_tag(upcoming_in(Locale.get_active().pk), "goals")
    entries = [
        IndexEntry(
            label=f"{number}. {name}",
            url=reverse("series:goal", kwargs={"number": number}),
            upcoming=counts[number],
        )
        for number, name in GOAL_NAMES.items()
    ]
    return render(request, "series/goal_index.html", {"entries": entries})
