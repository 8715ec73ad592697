"""Draft preview for headless front ends: the latest revision of a session, in the
shape of the detail, for whoever holds a preview token the admin issued for it."""

from typing import Annotated, Literal

from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.translation import gettext
from ninja import Field, Path, Query, Schema
from wagtail.api.v3.errors import ProblemDetail

from ..http.preview import preview_token_page_id
from ..http.problems import problem
from ..models import SoTalkSessionPage
from ..models.querysets import MAX_PAGE_ID
from .routes import session_batch
from .schemas import SessionDetailOut, session_detail_out


class PreviewParams(Schema):
    token: str = Field(
        "",
        max_length=500,
        description="The signed preview token the admin gave the front end; "
        "valid for this page only, for SERIES_PREVIEW_TOKEN_SECONDS.",
    )


class PreviewRefused(ProblemDetail):
    type: Literal["preview-token-invalid"]


def private(response: HttpResponse) -> HttpResponse:
    add_never_cache_headers(response)
    patch_cache_control(response, private=True)
    return response


def preview_session(
    request: HttpRequest,
    response: HttpResponse,
    id: Path[Annotated[int, Field(ge=1, le=MAX_PAGE_ID)]],
    params: Query[PreviewParams],
):
    private(response)
    page = SoTalkSessionPage.objects.filter(pk=id).first()
    if page is None or preview_token_page_id(params.token) != page.pk:
        return private(
            problem(
                403,
                "preview-token-invalid",
                gettext("This preview link is not valid, or it has expired."),
            )
        )
    draft = page.get_latest_revision_as_object()
    batch = session_batch(request, [draft])
    return session_detail_out(draft, batch)


def register_preview(router) -> None:
    router.add_api_operation(
        "/sessions/{id}/preview/",
        ["GET"],
        preview_session,
        response={200: SessionDetailOut, 403: PreviewRefused, 422: ProblemDetail},
        summary="Preview a session's draft",
        description=(
            "The latest revision of the session `id` (published or not), in the same "
            "shape as the detail, for a front end holding a preview `token` issued by "
            "the admin for this page. A missing, altered, expired or other page's "
            "token is refused (403, `preview-token-invalid`). Never cached."
        ),
        operation_id="series_sessions_preview",
        url_name="series_sessions_preview",
    )
