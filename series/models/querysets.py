"""One definition each of the reads every layer shares: which page of an event is
its source, and how many people are registered for it."""

from collections.abc import Iterable, Sequence
from datetime import datetime

from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce, Length, Substr
from wagtail.models import Page, PageManager, PageViewRestriction
from wagtail.query import PageQuerySet
from wagtail_localize.models import TranslationSource

from .choices import RegistrationStatus
from .registrations import Registration

# Postgres integer page ids: a larger id in a URL is "not found", not an error.
MAX_PAGE_ID = 2**31 - 1

REGISTRATION_FIGURES = (
    "registrations_confirmed",
    "registrations_waitlisted",
    "registrations_offered",
    "registrations_cancelled",
    "registrations_changed_at",
)


def _source_locale():
    """The locale wagtail-localize translates an object from (its oldest source)."""
    return (
        TranslationSource.objects.filter(object_id=OuterRef("translation_key"))
        .order_by("created_at", "pk")
        .values("locale_id")[:1]
    )


def _first_pk():
    return (
        Page.objects.filter(translation_key=OuterRef("translation_key"))
        .order_by("pk")
        .values("pk")[:1]
    )


def _is_source() -> Q:
    return Q(locale_id=F("source_locale_id")) | Q(
        source_locale_id__isnull=True, pk=Subquery(_first_pk())
    )


def _registrations_of_event():
    # Registrations always point at the source page; counting by translation key
    # gives every translation its event's figures.
    return Registration.objects.filter(
        session__translation_key=OuterRef("translation_key")
    ).order_by()


def _figure(aggregate, *conditions, **filters):
    rows = (
        _registrations_of_event()
        .filter(*conditions, **filters)
        .values("session__translation_key")
        .annotate(value=aggregate)
        .values("value")
    )
    return Subquery(rows[:1])


def _count(*conditions, **filters):
    return Coalesce(
        _figure(Count("pk"), *conditions, **filters), 0, output_field=IntegerField()
    )


def attendance_figures(queryset: QuerySet):
    """Annotate pages with who waits for an e-mail confirmation and who came (joined
    online or checked in) of the seats taken; for the admin's figures."""
    confirmed = RegistrationStatus.CONFIRMED
    return queryset.annotate(
        registrations_pending=_count(status=RegistrationStatus.PENDING),
        registrations_attended=_count(
            Q(joined_at__isnull=False) | Q(checked_in_at__isnull=False),
            status=confirmed,
        ),
        registrations_joined=_count(status=confirmed, joined_at__isnull=False),
        registrations_checked_in=_count(status=confirmed, checked_in_at__isnull=False),
    )


def registration_figures(queryset: QuerySet, *, since: datetime | None = None):
    """Annotate pages of any locale (Page or session querysets) with their event's
    registration counts; `since` adds `registrations_recent`. Offered seats are
    held, so the state rule counts them as taken."""
    count = Count("pk")
    figures = {
        "registrations_confirmed": Coalesce(
            _figure(count, status=RegistrationStatus.CONFIRMED),
            0,
            output_field=IntegerField(),
        ),
        "registrations_waitlisted": Coalesce(
            _figure(count, status=RegistrationStatus.WAITLISTED),
            0,
            output_field=IntegerField(),
        ),
        "registrations_offered": Coalesce(
            _figure(count, status=RegistrationStatus.OFFERED),
            0,
            output_field=IntegerField(),
        ),
        "registrations_cancelled": Coalesce(
            _figure(count, status=RegistrationStatus.CANCELLED),
            0,
            output_field=IntegerField(),
        ),
        "registrations_changed_at": _figure(Max("updated_at")),
    }
    if since is not None:
        figures["registrations_recent"] = Coalesce(
            _figure(count, created_at__gte=since), 0, output_field=IntegerField()
        )
    return queryset.annotate(**figures)


def event_figures(translation_keys: Iterable[str]) -> dict[str, dict]:
    """The figures of `registration_figures` for these events, by translation key,
    in one grouped pass over their registrations (events without any are absent).
    Grouped by event and status, a query with two aggregates: it costs a fraction
    of one with a filtered count per status to build, and every page reads it."""
    rows = (
        Registration.objects.filter(session__translation_key__in=translation_keys)
        .values_list("session__translation_key", "status")
        .order_by()
        .annotate(Count("pk"), Max("updated_at"))
    )
    names = {
        RegistrationStatus.CONFIRMED: "registrations_confirmed",
        RegistrationStatus.WAITLISTED: "registrations_waitlisted",
        RegistrationStatus.OFFERED: "registrations_offered",
        RegistrationStatus.CANCELLED: "registrations_cancelled",
    }
    figures: dict[str, dict] = {}
    for key, status, count, changed_at in rows:
        event = figures.setdefault(
            key, {**dict.fromkeys(names.values(), 0), "registrations_changed_at": None}
        )
        if status in names:
            event[names[status]] = count
        latest = event["registrations_changed_at"]
        if latest is None or changed_at > latest:
            event["registrations_changed_at"] = changed_at
    return figures


def under_restriction() -> Exists:
    """True for pages under a view restriction (password, login, groups), their own
    or an ancestor's: as Wagtail's `public()`, but in the query itself, where
    `public()` reads every restriction first."""
    return Exists(
        PageViewRestriction.objects.filter(
            page__path=Substr(OuterRef("path"), 1, Length("page__path"))
        )
    )


def visible(queryset: PageQuerySet) -> PageQuerySet:
    """What anyone may see (and register for): live and unrestricted."""
    return queryset.live().filter(~under_restriction())


class SessionQuerySet(PageQuerySet):
    def visible(self) -> "SessionQuerySet":
        return visible(self)

    def with_source_locale(self) -> "SessionQuerySet":
        return self.annotate(source_locale_id=Subquery(_source_locale()))

    def sources(self) -> "SessionQuerySet":
        """Only the source page of each event: where its facts and registrations
        live. That is the locale wagtail-localize translates from, or, for a page
        never translated, the first page of its translation key."""
        return self.with_source_locale().filter(_is_source())

    def with_source_flag(self) -> "SessionQuerySet":
        """Annotate `is_source` (the rule of `sources()`): `attach_sources` needs no
        query for a page that is its own source."""
        return self.with_source_locale().annotate(
            is_source=ExpressionWrapper(_is_source(), output_field=BooleanField())
        )

    def with_registration_figures(
        self, *, since: datetime | None = None
    ) -> "SessionQuerySet":
        return registration_figures(self, since=since)

    def with_attendance_figures(self) -> "SessionQuerySet":
        return attendance_figures(registration_figures(self))


SessionManager = PageManager.from_queryset(SessionQuerySet)


def source_among(translations: Sequence[Page]) -> Page | None:
    """The source of pages of one event read `with_source_locale()`, by the same
    rule as `sources()`, without another query."""
    if not translations:
        return None
    locale_id = translations[0].source_locale_id
    return next(
        (page for page in translations if page.locale_id == locale_id),
        min(translations, key=lambda page: page.pk),
    )


def attach_sources(sessions: Sequence[Page]) -> None:
    """Set `session.source` on many session pages in one query (none when all were
    read `with_source_flag()` and are their own source)."""
    for session in sessions:
        if session.__dict__.get("is_source"):
            session.__dict__.setdefault("source", session)
    missing = [session for session in sessions if "source" not in session.__dict__]
    if not missing:
        return
    model = type(missing[0])
    by_key = {
        page.translation_key: page
        for page in model.objects.filter(
            translation_key__in={session.translation_key for session in missing}
        )
        .sources()
        .select_related("published_facts")
        .defer_streamfields()
    }
    for source in by_key.values():
        source.__dict__["source"] = source
    for session in missing:
        source = by_key.get(session.translation_key, session)
        session.__dict__["source"] = session if source.pk == session.pk else source
