"""problem+json answers (RFC 9457) with a stable `type`, for the API and for the
errors of any request under it."""

from datetime import datetime
from typing import Any

from django.http import HttpResponse
from wagtail.api.v3.errors import PROBLEM_JSON, ProblemDetail


class RegistrationProblem(ProblemDetail):
    opens_at: datetime | None = None


def problem(
    status: int, type_: str, detail: str, errors=None, **extra: Any
) -> HttpResponse:
    body = RegistrationProblem(
        type=type_,
        title=type_.replace("-", " ").capitalize(),
        status=status,
        detail=detail,
        errors=errors,
        **extra,
    )
    return HttpResponse(
        body.model_dump_json(exclude_none=True),
        status=status,
        content_type=PROBLEM_JSON,
    )
