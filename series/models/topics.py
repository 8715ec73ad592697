"""What sessions and series are about: editors' topics (a translatable snippet) and
the UN's 17 Sustainable Development Goals (a fixed vocabulary), and the one rule
for which sessions carry a topic or a goal."""

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q, prefetch_related_objects
from django.db.models.functions import Length, Substr
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.models import TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField
from wagtail_localize.models import TranslationSource

# The official short names (UN in English, FN-sambandet in Norwegian); the other
# languages come from the catalogues.
GOAL_NAMES = {
    1: _("No poverty"),
    2: _("Zero hunger"),
    3: _("Good health and well-being"),
    4: _("Quality education"),
    5: _("Gender equality"),
    6: _("Clean water and sanitation"),
    7: _("Affordable and clean energy"),
    8: _("Decent work and economic growth"),
    9: _("Industry, innovation and infrastructure"),
    10: _("Reduced inequalities"),
    11: _("Sustainable cities and communities"),
    12: _("Responsible consumption and production"),
    13: _("Climate action"),
    14: _("Life below water"),
    15: _("Life on land"),
    16: _("Peace, justice and strong institutions"),
    17: _("Partnerships for the goals"),
}


class Topic(TranslatableMixin, index.Indexed, models.Model):
    """What a session or series is about, e.g. “Urban development”; translated per
    locale, with its own listing page."""

    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(
        _("slug"),
        max_length=100,
        allow_unicode=False,
        help_text=_("The topic's address, e.g. “urban-development”."),
    )
    description = models.TextField(
        _("description"), blank=True, help_text=_("Shown on the topic's page.")
    )

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description")]
    translatable_fields = [
        TranslatableField("name"),
        TranslatableField("slug"),
        TranslatableField("description"),
    ]
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.FilterField("locale"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["locale", "slug"], name="series_topic_unique_slug_per_locale"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Goal(models.Model):
    """One of the 17 Sustainable Development Goals. The rows are written by a data
    migration; their names live in GOAL_NAMES, translated like any interface text."""

    number = models.PositiveSmallIntegerField(
        _("number"),
        primary_key=True,
        validators=[MinValueValidator(1), MaxValueValidator(len(GOAL_NAMES))],
    )

    class Meta:
        verbose_name = _("Sustainable Development Goal")
        verbose_name_plural = _("Sustainable Development Goals")
        ordering = ["number"]

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"

    @property
    def name(self) -> str:
        return str(GOAL_NAMES[self.number])


def add_goals(using: str = "default", apps=None, **kwargs) -> None:
    """Write the 17 goal rows where missing (a post_migrate receiver)."""
    try:
        model = apps.get_model("series", "Goal") if apps else Goal
    except LookupError:  # migrated to a point before the goals existed
        return
    model.objects.using(using).bulk_create(
        [model(number=number) for number in GOAL_NAMES], ignore_conflicts=True
    )


# Wagtail's tree: each level adds four characters to a page's path.
STEP = 4


def _series_of_session():
    """The series row of the session in the outer query: its path minus one step."""
    return Substr(OuterRef("path"), 1, Length(OuterRef("path")) - STEP)


def about_topic(topic_key) -> Q:
    """Sessions tagged with the topic (any of its translations), or in a series
    that is; for session querysets."""
    topics = Topic.objects.filter(translation_key=topic_key)
    return Q(Exists(topics.filter(sessions=OuterRef("pk")))) | Q(
        Exists(topics.filter(series__path=_series_of_session()))
    )


def about_goal(number: int) -> Q:
    """Sessions tagged with the goal, or in a series that is."""
    goals = Goal.objects.filter(number=number)
    return Q(Exists(goals.filter(sessions=OuterRef("pk")))) | Q(
        Exists(goals.filter(series__path=_series_of_session()))
    )


def sessions_per_tag(sessions, tag: str) -> Counter:
    """How many of `sessions` carry each topic (by translation key, tag "topics") or
    each goal (by number, tag "goals") under the rule of `about_topic` and
    `about_goal`: tagged themselves or in a tagged series. Two queries for any number
    of sessions and tags."""
    model, key = (Topic, "translation_key") if tag == "topics" else (Goal, "number")
    rows = list(
        sessions.order_by().values_list("pk", "path", f"{tag}__{key}").distinct()
    )
    # A session's series is its parent: its path minus one step (as above).
    parents = {path[:-STEP] for _pk, path, _tag in rows}
    of_series: dict[str, set] = {}
    for value, path in model.objects.filter(series__path__in=parents).values_list(
        key, "series__path"
    ):
        of_series.setdefault(path, set()).add(value)
    tagged: dict = {}
    for pk, path, value in rows:
        for found in {value, *of_series.get(path[:-STEP], ())} - {None}:
            tagged.setdefault(found, set()).add(pk)
    return Counter({value: len(pks) for value, pks in tagged.items()})


class TaggedPageForm(WagtailAdminPageForm):
    """Offers the topics of the page's own locale, and the goals as checkboxes."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        locale_id = getattr(self.instance, "locale_id", None)
        if "topics" in self.fields and locale_id:
            self.fields["topics"].queryset = Topic.objects.filter(locale_id=locale_id)


def tag_fields(related_name: str) -> tuple:
    """The topics and goals fields of a page type (sessions and series)."""
    return (
        ParentalManyToManyField(
            "series.Topic",
            verbose_name=_("topics"),
            blank=True,
            related_name=related_name,
        ),
        ParentalManyToManyField(
            "series.Goal",
            verbose_name=_("Sustainable Development Goals"),
            blank=True,
            related_name=related_name,
        ),
    )


def tag_panel() -> MultiFieldPanel:
    return MultiFieldPanel(
        [
            FieldPanel("topics", widget=forms.CheckboxSelectMultiple),
            FieldPanel("goals", widget=forms.CheckboxSelectMultiple),
        ],
        heading=_("Topics and goals"),
    )


# Facts, not text: a translation shows what the source page is about.
TAG_FIELDS = [
    SynchronizedField("topics", overridable=False),
    SynchronizedField("goals", overridable=False),
]


def attach_topics(pages) -> None:
    """Set `page.shown_topics`: each page's topics (prefetched) in the page's own
    locale where translated, in one query for all the pages."""
    pages = list(pages)
    prefetch_related_objects(pages, "topics")
    # Only topics from another locale need looking up (a translated page's).
    keys = {
        topic.translation_key
        for page in pages
        for topic in page.topics.all()
        if topic.locale_id != page.locale_id
    }
    translated = {}
    if keys:
        translated = {
            (topic.translation_key, topic.locale_id): topic
            for topic in Topic.objects.filter(
                translation_key__in=keys,
                locale_id__in={page.locale_id for page in pages},
            )
        }
    for page in pages:
        shown = {}
        for topic in page.topics.all():
            topic = translated.get((topic.translation_key, page.locale_id), topic)
            shown.setdefault(topic.translation_key, topic)
        page.shown_topics = sorted(shown.values(), key=lambda t: t.name.lower())


@dataclass
class TagFilter:
    """`?topic=<slug>` and `?goal=<number>` of a listing, read and checked."""

    topic: Topic | None = None
    goal: Goal | None = None
    errors: list[str] = field(default_factory=list)

    @property
    def active(self) -> bool:
        return self.topic is not None or self.goal is not None

    @property
    def query(self) -> str:
        """The filter as a query string prefix for pagination links ('' or 'a=b&')."""
        params = {}
        if self.topic is not None:
            params["topic"] = self.topic.slug
        if self.goal is not None:
            params["goal"] = self.goal.number
        return urlencode(params) + "&" if params else ""

    def apply(self, sessions):
        if self.topic is not None:
            sessions = sessions.filter(about_topic(self.topic.translation_key))
        if self.goal is not None:
            sessions = sessions.filter(about_goal(self.goal.number))
        return sessions


def find_topic(slug: str, locale_id: int) -> Topic | None:
    """The topic with this slug, in the locale if it has one there (a slug from the
    other language's page is understood too)."""
    topics = Topic.objects.filter(slug=slug)
    topic = topics.filter(locale_id=locale_id).first() or topics.order_by("pk").first()
    if topic is None or topic.locale_id == locale_id:
        return topic
    translation = Topic.objects.filter(
        translation_key=topic.translation_key, locale_id=locale_id
    ).first()
    return translation or topic


def goal_number(value: str) -> int | None:
    """'17' → 17; anything that is not a goal's number → None."""
    value = value.strip()
    if not value.isdigit() or int(value) not in GOAL_NAMES:
        return None
    return int(value)


def tag_filter(params: Mapping[str, str], locale_id: int) -> TagFilter:
    """Read the filter of a listing from its query parameters; what is not a topic or
    goal is left out, with a message saying so."""
    result = TagFilter()
    slug = (params.get("topic") or "").strip()[:100]
    if slug:
        result.topic = find_topic(slug, locale_id)
        if result.topic is None:
            result.errors.append(
                gettext("There is no topic called “%(slug)s”.") % {"slug": slug}
            )
    value = (params.get("goal") or "").strip()[:10]
    if value:
        number = goal_number(value)
        if number is None:
            result.errors.append(
                gettext("There is no goal “%(value)s”: the goals are numbered 1 to 17.")
                % {"value": value}
            )
        else:
            result.goal = Goal(number=number)
    return result


def tags_follow_source(*, page) -> None:
    """Give a published translation exactly its source page's topics and goals.

    wagtail-localize copies a many-to-many field only when the source has values, so
    a translation would keep the tags its source dropped.
    """
    source_locale = (
        TranslationSource.objects.filter(object_id=page.translation_key)
        .order_by("created_at", "pk")
        .values_list("locale_id", flat=True)
        .first()
    )
    if source_locale is None or source_locale == page.locale_id:
        return
    source = (
        type(page)
        .objects.filter(translation_key=page.translation_key, locale_id=source_locale)
        .first()
    )
    if source is None:
        return
    for name in ("topics", "goals"):
        field = type(page)._meta.get_field(name)
        through = field.remote_field.through
        own, other = field.m2m_field_name(), field.m2m_reverse_field_name()
        wanted = set(
            through.objects.filter(**{own: source}).values_list(
                f"{other}_id", flat=True
            )
        )
        rows = through.objects.filter(**{own: page})
        if set(rows.values_list(f"{other}_id", flat=True)) != wanted:
            rows.delete()
            through.objects.bulk_create(
                [through(**{own: page, f"{other}_id": pk}) for pk in wanted]
            )
