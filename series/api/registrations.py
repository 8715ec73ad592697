"""The registration endpoint of the series API: the same form validation and service
as the HTML form, answered as problem+json with a stable `type` when refused."""

from datetime import datetime
from functools import wraps
from typing import Annotated, Any, Literal

from django.conf import settings
from django.http import Http404, HttpRequest
from django.utils.translation import gettext, override
from ninja import Field, Path, Schema
from ninja.decorators import decorate_view
from ninja.responses import Status
from pydantic import ConfigDict, StrictBool
from wagtail.api.v3.errors import ProblemDetail
from wagtail.coreutils import get_content_languages

from ..domain.errors import RegistrationError
from ..domain.forms import (
    ACCESS_NEEDS_OTHER_MAX,
    RegistrationForm,
    registration_form,
)
from ..domain.registration import registration_create
from ..http.origins import origin_allowed
from ..http.problems import problem
from ..http.ratelimit import rate_limited
from ..models import (
    AccessNeed,
    QuestionType,
    RegistrationStatus,
    SoTalkSessionPage,
)
from ..models.querysets import MAX_PAGE_ID

LanguageCode = Literal[tuple(get_content_languages())]  # type: ignore[misc]
EXAMPLE = {
    "name": "Kari Nordmann",
    "email": "kari@example.no",
    "organisation": "Oslo kommune",
    "consent": True,
    "answers": {"sector": "Kommune"},
    "language": "nb",
}


class RegistrationIn(Schema):
    # The limits are stated in the schema; the form checks them, so refusals keep
    # the site's words.
    model_config = ConfigDict(json_schema_extra={"examples": [EXAMPLE]})

    name: str = Field(..., json_schema_extra={"minLength": 1, "maxLength": 200})
    email: str = Field(
        ...,
        description="Compared case-insensitively.",
        json_schema_extra={"format": "email", "maxLength": 254},
    )
    # default_factory: optional, with no `default` that generators read as "present".
    organisation: str = Field(default_factory=str, json_schema_extra={"maxLength": 200})
    consent: StrictBool = Field(
        ...,
        description="The consent text was shown and accepted; false is refused (422).",
        json_schema_extra={"const": True},
    )
    answers: dict[str, Any] = Field(
        default_factory=dict,
        description="Answers to the session's extra questions, by question key. "
        "A choice is given by its text or its position (0, 1, ...).",
    )
    access_needs: list[Any] = Field(
        default_factory=list,
        description="Accommodations the registrant needs, only when the session "
        "asks (`registration.asks_access_needs`); `other` goes with "
        "`access_needs_other`.",
        json_schema_extra={
            "items": {"type": "string", "enum": list(AccessNeed.values)},
            "uniqueItems": True,
        },
    )
    access_needs_other: str = Field(
        default_factory=str,
        description="The accommodation in the registrant's own words.",
        json_schema_extra={"maxLength": ACCESS_NEEDS_OTHER_MAX},
    )
    language: LanguageCode | None = Field(  # type: ignore[valid-type]
        None,
        description="Language of the e-mails and of refusals; the page's language "
        "if omitted.",
    )


class RegistrationCreatedOut(Schema):
    status: Literal["confirmed", "waitlisted", "pending"] = Field(
        ...,
        description="`pending`: the series asks registrants to confirm the address; "
        "the registration counts once they open the link in the e-mail.",
    )
    session: int = Field(..., description="The session's source-language page id.")
    language: str
    message: str


def _form_data(page: SoTalkSessionPage, payload: RegistrationIn) -> dict:
    data = {
        "name": payload.name,
        "email": payload.email,
        "organisation": payload.organisation,
        "consent": "on" if payload.consent else "",
        "access_needs": [str(need) for need in payload.access_needs],
        "access_needs_other": payload.access_needs_other,
    }
    for question in page.questions.all():
        value = payload.answers.get(question.key)
        if value is None:
            continue
        if question.field_type == QuestionType.CHOICE and isinstance(value, str):
            choices = question.choice_list
            value = choices.index(value) if value in choices else value
        if question.field_type == QuestionType.CHECKBOX:
            value = "on" if value is True or value == "true" else ""
        data[f"q_{question.key}"] = str(value)
    return data


def _field_errors(form: RegistrationForm) -> list[dict[str, Any]]:
    fields = {f"q_{q.key}": ["body", "answers", q.key] for q in form.questions}
    return [
        {
            "loc": fields.get(name, ["body", name]),
            "msg": error["message"],
            "type": error["code"] or "invalid",
        }
        for name, errors in form.errors.get_json_data().items()
        for error in errors
    ]


def _not_asked():
    return problem(
        422,
        "validation-error",
        gettext("Some fields need to be corrected."),
        errors=[
            {
                "loc": ["body", "access_needs"],
                "msg": gettext("This session does not ask about accommodations."),
                "type": "not_asked",
            }
        ],
    )


def json_from_allowed_origins(view):
    """Before the body is read: JSON only (a form-encoded or text/plain post is what
    another site can make a browser send), and no foreign browser Origin that
    CORS_ALLOWED_ORIGINS does not list."""

    @wraps(view)
    def check(request: HttpRequest, *args, **kwargs):
        length = request.META.get("CONTENT_LENGTH") or "0"
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        if limit is not None and length.isdigit() and int(length) > limit:
            return problem(
                413, "payload-too-large", gettext("The request is too large.")
            )
        if request.content_type != "application/json":
            return problem(
                415,
                "unsupported-media-type",
                gettext("Send the registration as JSON (application/json)."),
            )
        allowed = getattr(settings, "CORS_ALLOWED_ORIGINS", [])
        if not origin_allowed(request, allowed):
            return problem(
                403,
                "forbidden-origin",
                gettext("Registrations from this site are not accepted."),
            )
        return view(request, *args, **kwargs)

    return check


def create_registration(
    request: HttpRequest,
    id: Path[Annotated[int, Field(ge=1, le=MAX_PAGE_ID)]],
    payload: RegistrationIn,
):
    page = SoTalkSessionPage.objects.visible().filter(pk=id).first()
    if page is None:
        raise Http404("No published session with this id.")
    language = payload.language or page.locale.language_code
    with override(language):
        if rate_limited(request, f"register:{page.source.pk}"):
            return problem(
                429, "rate-limited", gettext("Too many attempts. Wait a minute.")
            )
        if not page.asks_access_needs and (
            payload.access_needs or payload.access_needs_other
        ):
            return _not_asked()
        form = registration_form(page, _form_data(page, payload))
        if not form.is_valid():
            return problem(
                422,
                "validation-error",
                gettext("Some fields need to be corrected."),
                errors=_field_errors(form),
            )
        try:
            registration = registration_create(
                session=page, registrant=form.registrant(page, language)
            )
        except RegistrationError as error:
            return problem(
                error.status,
                error.code,
                error.message,
                opens_at=getattr(error, "opens_at", None),
            )
        confirmed = registration.status == RegistrationStatus.CONFIRMED
        message = (
            gettext("You're registered. A confirmation is on its way to your e-mail.")
            if confirmed
            else gettext(
                "The session is full, so you are on the waiting list. We tell you by "
                "e-mail if a seat becomes free."
            )
        )
        if registration.status == RegistrationStatus.PENDING:
            message = gettext(
                "Check your e-mail: open the link in it to confirm your registration."
            )
    return Status(
        201,
        {
            "status": registration.status,
            "session": registration.session_id,
            "language": language,
            "message": message,
        },
    )


class FieldError(Schema):
    loc: list[str | int] = Field(..., examples=[["body", "email"]])
    msg: str
    type: str


class RegistrationInvalid(ProblemDetail):
    type: Literal["validation-error"]
    errors: list[FieldError]


class RegistrationConflict(ProblemDetail):
    type: Literal["already-registered", "session-full", "registration-not-open"]
    opens_at: datetime | None = Field(
        None, description="When registration opens (registration-not-open)."
    )


class RegistrationGone(ProblemDetail):
    type: Literal["registration-closed"]


class RateLimited(ProblemDetail):
    type: Literal["rate-limited"]


def register_operation(router) -> None:
    router.add_api_operation(
        "/sessions/{id}/registrations/",
        ["POST"],
        decorate_view(json_from_allowed_origins)(create_registration),
        response={
            201: RegistrationCreatedOut,
            400: ProblemDetail,
            403: ProblemDetail,
            404: ProblemDetail,
            409: RegistrationConflict,
            410: RegistrationGone,
            413: ProblemDetail,
            415: ProblemDetail,
            422: RegistrationInvalid,
            429: RateLimited,
        },
        summary="Register for a session",
        description=(
            "`id` may be the page id of any translation of the session. Refusals are "
            "problem+json with a stable `type`: `validation-error` (422, per-field "
            "`errors`), `already-registered`, `session-full`, `registration-not-open` "
            "(409, with `opens_at`), `registration-closed` (410), `rate-limited` "
            "(429), `forbidden-origin` (403: a browser on a site not in "
            "CORS_ALLOWED_ORIGINS), `payload-too-large` (413), "
            "`unsupported-media-type` (415: anything but application/json). A body "
            "that is not JSON is a 400. `consent` must be JSON `true`."
        ),
        operation_id="series_sessions_register",
        url_name="series_sessions_register",
    )
