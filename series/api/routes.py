"""The series' read API on Wagtail's API v3: series, sessions and speakers."""

from collections.abc import Iterable
from datetime import datetime
from functools import partial
from typing import Annotated, Literal

from django.conf import settings
from django.db.models import Min, Prefetch, QuerySet, prefetch_related_objects
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.http import http_date
from django.utils.translation import override
from ninja import Field, Path, Query, Router, Schema
from ninja.decorators import decorate_view
from ninja.renderers import JSONRenderer
from wagtail.api.v3.errors import ProblemDetail
from wagtail.coreutils import (
    get_content_languages,
    get_supported_content_language_variant,
)
from wagtail.models import Locale

from .. import conf
from ..http.problems import problem
from ..models import (
    GOAL_NAMES,
    RegistrationState,
    SeriesIndexPage,
    SessionSpeaker,
    SoTalkSessionPage,
    Speaker,
    session_registration_states,
)
from ..models.querysets import MAX_PAGE_ID, attach_sources
from ..models.topics import about_goal, about_topic, attach_topics, find_topic
from ..read.fragments import kept_until
from ..read.search import (
    QUERY_MAX_LENGTH,
    SearchQueryError,
    search_query,
    session_ids_matching,
)
from ..read.sessions import session_list_with_series, translation_links, with_speakers
from .caching import cached_read
from .schemas import (
    Batch,
    SeriesListOut,
    SessionDetailOut,
    SessionListOut,
    SpeakerListOut,
    load_series_intros,
    load_speaker_bios,
    series_out,
    session_detail_out,
    speaker_list_out,
)
from .session_items import session_items

router = Router(tags=["series"])

LocaleCode = Literal[tuple(get_content_languages())]  # type: ignore[misc]
MAX_OFFSET = 1_000_000
ERRORS = {404: ProblemDetail, 422: ProblemDetail}


class ListParams(Schema):
    locale: LocaleCode | None = Field(  # type: ignore[valid-type]
        None, description="Language of the pages; the site's default if omitted."
    )
    limit: int = Field(20, ge=1, le=conf.get("API_LIMIT_MAX"))
    offset: int = Field(0, ge=0, le=MAX_OFFSET)


class SessionListParams(ListParams):
    status: Literal["upcoming", "past"] | None = Field(
        None,
        description="upcoming: not yet ended, soonest first; "
        "past: ended, newest first; omitted: all, by start time.",
    )
    series: int | None = Field(
        None, ge=1, le=MAX_PAGE_ID, description="Page id of a series, in any language."
    )
    search: str | None = Field(
        None,
        description="Words to find in the sessions' titles, leads, text and speakers' "
        "names (full text in the locale's language); the order stays as without it.",
        json_schema_extra={"maxLength": QUERY_MAX_LENGTH},
    )
    topic: str | None = Field(
        None,
        max_length=100,
        pattern=r"^[-a-zA-Z0-9_]+$",
        description="Slug of a topic, in any language: sessions about it, or in a "
        "series about it.",
    )
    goal: int | None = Field(
        None,
        ge=1,
        le=len(GOAL_NAMES),
        description="Number of a Sustainable Development Goal (1–17): sessions "
        "working towards it, or in a series that does.",
    )


class DetailParams(Schema):
    locale: LocaleCode | None = Field(  # type: ignore[valid-type]
        None, description="Return the translation in this language."
    )


def set_last_modified(
    response: HttpResponse, moments: Iterable[datetime | None]
) -> None:
    known = [moment for moment in moments if moment is not None]
    if known:
        response["Last-Modified"] = http_date(max(known).timestamp())


def locale_or_default(locale: str | None) -> str:
    return locale or get_supported_content_language_variant(settings.LANGUAGE_CODE)


def live_sessions() -> QuerySet[SoTalkSessionPage]:
    return SoTalkSessionPage.objects.visible()


def with_tags(queryset: QuerySet[SoTalkSessionPage]) -> QuerySet[SoTalkSessionPage]:
    return queryset.prefetch_related("topics", "goals")


def in_series(
    queryset: QuerySet[SoTalkSessionPage], series_id: int, locale: str
) -> QuerySet[SoTalkSessionPage]:
    """Sessions of a series (given by the id of any of its translations)."""
    key = (
        SeriesIndexPage.objects.filter(pk=series_id)
        .values_list("translation_key", flat=True)
        .first()
    )
    if key is None:
        raise Http404("No series with this id.")
    path = (
        SeriesIndexPage.objects.filter(
            translation_key=key, locale__language_code=locale
        )
        .values_list("path", flat=True)
        .first()
    )
    return queryset.filter(path__startswith=path) if path else queryset.none()


def search_or_problem(search: str, locale: str) -> str | HttpResponse:
    """The search query read from `search`, or a 422 in the locale's language."""
    with override(locale):
        try:
            return search_query(search)
        except SearchQueryError as error:
            invalid = {"loc": ["query", "search"], "msg": str(error), "type": "invalid"}
            return problem(422, "validation-error", str(error), errors=[invalid])


def about_tags(
    queryset: QuerySet[SoTalkSessionPage], params: SessionListParams, locale: str
) -> QuerySet[SoTalkSessionPage]:
    """Sessions about the topic and the goal asked for; an unknown topic is a 404."""
    if params.topic:
        locale_id = (
            Locale.objects.filter(language_code=locale)
            .values_list("pk", flat=True)
            .first()
        )
        topic = find_topic(params.topic, locale_id)
        if topic is None:
            raise Http404("No topic with this slug.")
        queryset = queryset.filter(about_topic(topic.translation_key))
    if params.goal is not None:
        queryset = queryset.filter(about_goal(params.goal))
    return queryset


def session_batch(
    request: HttpRequest,
    sessions: list[SoTalkSessionPage],
    states: dict[int, RegistrationState] | None = None,
) -> Batch:
    """Everything the session builders read, in a fixed number of queries."""
    session_list_with_series(sessions)
    attach_sources(sessions)
    batch = Batch(
        request=request,
        translations=translation_links(sessions, request),
        states=session_registration_states(sessions) if states is None else states,
    )
    load_speaker_bios(
        batch,
        [item.speaker for s in sessions for item in s.session_speakers.all()],
    )
    attach_topics(sessions)
    prefetch_related_objects(sessions, "goals")
    return batch


def session_moments(
    sessions: list[SoTalkSessionPage], batch: Batch
) -> list[datetime | None]:
    """When what these sessions show last changed, including times that have passed."""
    now = timezone.now()
    moments: list[datetime | None] = []
    for session in sessions:
        event, state = session.source, batch.states[session.pk]
        moments += [
            session.last_published_at,
            event.last_published_at,
            session.series.last_published_at if session.series else None,
            state.changed_at,
            *(
                moment
                for moment in (state.opens_at, state.closes_at, event.ends_at)
                if moment and moment <= now
            ),
            *(
                item.speaker.last_published_at
                for item in session.session_speakers.all()
            ),
        ]
    return moments


def session_list_page(
    params: SessionListParams, locale: str, query: str | None
) -> tuple[tuple[int, list[SoTalkSessionPage]], datetime | None]:
    """(The count and the page of sessions a list shows, with their sources), and
    the last moment that holds: until the next session among them all ends, for a
    list by status."""
    queryset = live_sessions().filter(locale__language_code=locale)
    if params.series is not None:
        queryset = in_series(queryset, params.series, locale)
    if query is not None:
        queryset = queryset.filter(pk__in=session_ids_matching(query, locale))
    queryset = about_tags(queryset, params, locale)
    now = timezone.now()
    until = None
    if params.status is not None:
        # A session still counts as upcoming at the moment it ends.
        ending = queryset.filter(ends_at__gte=now).aggregate(next=Min("ends_at"))
        until = ending["next"]
    if params.status == "upcoming":
        queryset = queryset.filter(ends_at__gte=now).order_by("starts_at", "pk")
    elif params.status == "past":
        queryset = queryset.filter(ends_at__lt=now).order_by("-starts_at", "-pk")
    else:
        queryset = queryset.order_by("starts_at", "pk")
    count = queryset.count()
    sessions = list(
        queryset.select_related("locale")
        .with_source_flag()
        .defer_streamfields()[params.offset : params.offset + params.limit]
    )
    attach_sources(sessions)
    return (count, sessions), until


@router.get(
    "/",
    response={200: SeriesListOut, **ERRORS},
    summary="List series",
    operation_id="series_list",
    url_name="series_list",
)
@decorate_view(cached_read)
def list_series(
    request: HttpRequest, response: HttpResponse, params: Query[ListParams]
):
    queryset = (
        SeriesIndexPage.objects.live()
        .public()
        .filter(locale__language_code=locale_or_default(params.locale))
        .select_related("locale", "hero_image")
        .prefetch_related("hero_image__renditions")
        .order_by("path")
    )
    count = queryset.count()
    items = list(queryset[params.offset : params.offset + params.limit])
    batch = Batch(request=request, translations=translation_links(items, request))
    load_series_intros(batch, items)
    attach_topics(items)
    prefetch_related_objects(items, "goals")
    set_last_modified(response, (series.last_published_at for series in items))
    return {"count": count, "items": [series_out(series, batch) for series in items]}


@router.get(
    "/sessions/",
    response={200: SessionListOut, **ERRORS},
    summary="List sessions",
    operation_id="series_sessions_list",
    url_name="series_sessions_list",
)
@decorate_view(cached_read)
def list_sessions(
    request: HttpRequest,
    response: HttpResponse,
    params: Query[SessionListParams],
):
    locale = locale_or_default(params.locale)
    query = None
    if params.search:
        query = search_or_problem(params.search, locale)
        if isinstance(query, HttpResponse):
            return query
    # Which sessions a list shows changes only with a publish and as sessions end:
    # kept until either happens. Their seats are read below, in every request.
    parts = [locale, params.series, query, params.topic, params.goal]
    parts += [params.status, params.offset, params.limit]
    count, sessions = kept_until(
        request,
        "api-session-list",
        parts,
        partial(session_list_page, params, locale, query),
    )
    items, moments = session_items(request, sessions, session_batch)
    set_last_modified(response, moments)
    # Rendered as built (each item was built once, by the schema's own builders),
    # as ninja renders a validated answer into the response it passed in.
    body = {"count": count, "items": items}
    response.content = JSONRenderer().render(request, body, response_status=200)
    return response


@router.get(
    "/sessions/{id}/",
    response={200: SessionDetailOut, **ERRORS},
    summary="Session detail",
    description="`id` may be the page id of any translation of the session.",
    operation_id="series_sessions_detail",
    url_name="series_sessions_detail",
)
@decorate_view(cached_read)
def get_session(
    request: HttpRequest,
    response: HttpResponse,
    id: Path[Annotated[int, Field(ge=1, le=MAX_PAGE_ID)]],
    params: Query[DetailParams],
):
    queryset = with_tags(with_speakers(live_sessions()))
    session = queryset.filter(pk=id).first()
    if session and params.locale and session.locale.language_code != params.locale:
        session = queryset.filter(
            translation_key=session.translation_key,
            locale__language_code=params.locale,
        ).first()
    if session is None:
        raise Http404("No published session with this id in this language.")
    batch = session_batch(request, [session])
    set_last_modified(response, session_moments([session], batch))
    return session_detail_out(session, batch)


@router.get(
    "/speakers/",
    response={200: SpeakerListOut, **ERRORS},
    summary="List speakers",
    operation_id="series_speakers_list",
    url_name="series_speakers_list",
)
@decorate_view(cached_read)
def list_speakers(
    request: HttpRequest, response: HttpResponse, params: Query[ListParams]
):
    appearances = SessionSpeaker.objects.filter(
        page__in=live_sessions().values("pk")
    ).order_by("page__starts_at", "page_id")
    queryset = (
        Speaker.objects.filter(
            live=True, locale__language_code=locale_or_default(params.locale)
        )
        .select_related("locale", "photo")
        .prefetch_related(
            "photo__renditions",
            Prefetch("session_appearances", queryset=appearances),
        )
        .order_by("name", "pk")
    )
    count = queryset.count()
    speakers = list(queryset[params.offset : params.offset + params.limit])
    batch = Batch(request=request)
    load_speaker_bios(batch, speakers)
    set_last_modified(response, (speaker.last_published_at for speaker in speakers))
    return {
        "count": count,
        "items": [speaker_list_out(speaker, batch) for speaker in speakers],
    }
