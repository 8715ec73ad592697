"""A registrant's own registration through the API, addressed by the opaque token
of their links: status and place in line, claim an offered seat, the join link in
its window, cancel, confirm the address. Answers are private, never cached."""

from collections.abc import Callable
from datetime import datetime
from typing import Literal

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.translation import gettext, override
from ninja import Field, Schema
from wagtail.api.v3.errors import ProblemDetail

from ..domain.attendance import join_window, registration_join
from ..domain.errors import RegistrationError
from ..domain.offers import offer_claim
from ..domain.opt_in import address_confirm
from ..domain.registration import registration_cancel
from ..http.problems import problem
from ..models import Registration, RegistrationStatus

LINK_KEY_HELP = (
    "The token in the registrant's links (e-mails), e.g. `/registrations/<token>/`."
)
STATUSES = Literal["pending", "offered", "confirmed", "waitlisted", "cancelled"]


class JoinWindowOut(Schema):
    opens_at: datetime
    closes_at: datetime
    state: Literal["not_open", "open", "closed"]


class RegistrantLinksOut(Schema):
    page: str = Field(..., description="The registrant's page on the site.")
    calendar: str = Field(..., description="Their .ics file, with their join link.")
    cancel: str
    claim: str | None = Field(None, description="While a seat is offered.")
    join: str | None = Field(None, description="Their personal join link (confirmed).")
    confirm: str | None = Field(None, description="While `pending`.")


class RegistrantOut(Schema):
    model_config = {
        "json_schema_extra": {
            "examples": [
                {
                    "status": "waitlisted",
                    "session": 12,
                    "language": "nb",
                    "queue_position": 3,
                    "offer_expires_at": None,
                    "joined_at": None,
                    "join_window": {
                        "opens_at": "2021-10-28T08:30:00+02:00",
                        "closes_at": "2021-10-28T10:15:00+02:00",
                        "state": "not_open",
                    },
                    "links": {
                        "page": "https://example.org/nb/registrations/Zk3…/",
                        "calendar": "https://example.org/nb/registrations/Zk3…/calendar.ics",
                        "cancel": "https://example.org/nb/registrations/Zk3…/cancel/",
                    },
                }
            ]
        }
    }

    status: STATUSES
    session: int = Field(..., description="The session's source-language page id.")
    language: str
    queue_position: int | None = Field(
        None, description="1 for the first in line; only while `waitlisted`."
    )
    offer_expires_at: datetime | None = Field(
        None, description="Until when an offered seat is held (`offered`)."
    )
    joined_at: datetime | None = None
    join_window: JoinWindowOut
    links: RegistrantLinksOut


class JoinOut(Schema):
    url: str = Field(..., description="The webinar link: only inside the window.")
    joined_at: datetime | None


class RegistrantConflict(ProblemDetail):
    type: Literal[
        "not-offered",
        "join-not-open",
        "no-seat",
        "not-cancellable",
        "session-full",
        "registration-closed",
    ]
    opens_at: datetime | None = Field(
        None, description="When the join link opens (join-not-open)."
    )


class RegistrantGone(ProblemDetail):
    type: Literal[
        "offer-expired", "join-closed", "confirmation-expired", "registration-closed"
    ]


def _absolute(request: HttpRequest, name: str, token: str) -> str:
    return request.build_absolute_uri(
        reverse(f"series:{name}", kwargs={"token": token})
    )


def registrant_out(request: HttpRequest, registration: Registration) -> dict:
    token = registration.token
    window = join_window(registration)
    status = registration.status
    with override(registration.language):
        links = {
            "page": _absolute(request, "registration_detail", token),
            "calendar": _absolute(request, "registration_calendar", token),
            "cancel": _absolute(request, "registration_cancel", token),
            "claim": _absolute(request, "registration_claim", token)
            if status == RegistrationStatus.OFFERED
            else None,
            "join": _absolute(request, "registration_join", token)
            if status == RegistrationStatus.CONFIRMED
            else None,
            "confirm": _absolute(request, "registration_confirm", token)
            if status == RegistrationStatus.PENDING
            else None,
        }
    return {
        "status": status,
        "session": registration.session_id,
        "language": registration.language,
        "queue_position": registration.queue_position(),
        "offer_expires_at": registration.offer_expires_at
        if status == RegistrationStatus.OFFERED
        else None,
        "joined_at": registration.joined_at,
        "join_window": {
            "opens_at": window.opens_at,
            "closes_at": window.closes_at,
            "state": window.state,
        },
        "links": links,
    }


def _private(response: HttpResponse) -> HttpResponse:
    add_never_cache_headers(response)
    patch_cache_control(response, private=True)
    return response


def by_token(run: Callable) -> Callable:
    """Find the registration of the token (404 problem if none), answer refusals
    as problem+json in the registrant's language, and never let a cache keep it."""

    # Not functools.wraps: ninja reads the parameters of this signature.
    def wrapper(request: HttpRequest, token: str, response: HttpResponse):
        _private(response)
        registration = Registration.objects.from_token(token)
        if registration is None or registration.erased_at:
            return _private(
                problem(404, "not-found", gettext("This link does not work."))
            )
        with override(registration.language):
            try:
                return run(request, registration)
            except RegistrationError as error:
                return _private(
                    problem(
                        error.status,
                        error.code,
                        error.message,
                        opens_at=getattr(error, "opens_at", None),
                    )
                )

    wrapper.__name__ = run.__name__
    wrapper.__doc__ = run.__doc__
    return wrapper


@by_token
def get_registration(request: HttpRequest, registration: Registration):
    return registrant_out(request, registration)


@by_token
def claim_offer(request: HttpRequest, registration: Registration):
    return registrant_out(request, offer_claim(registration=registration))


@by_token
def join_session(request: HttpRequest, registration: Registration):
    url = registration_join(registration=registration)
    return {"url": url, "joined_at": registration.joined_at}


@by_token
def cancel_registration(request: HttpRequest, registration: Registration):
    return registrant_out(request, registration_cancel(registration=registration))


@by_token
def confirm_address(request: HttpRequest, registration: Registration):
    return registrant_out(request, address_confirm(registration=registration))


OPERATIONS = [
    (
        "",
        "GET",
        get_registration,
        {200: RegistrantOut},
        "A registration: status, place in line, offer, join window",
        "`queue_position` while waitlisted; `offer_expires_at` while a seat is "
        "offered; `join_window.state` says whether the join link works now.",
    ),
    (
        "claim/",
        "POST",
        claim_offer,
        {200: RegistrantOut, 409: RegistrantConflict, 410: RegistrantGone},
        "Claim an offered seat",
        "Refusals: `not-offered` (409: nothing to claim, or already claimed), "
        "`offer-expired` (410: too late; the seat went to the next in line).",
    ),
    (
        "join/",
        "POST",
        join_session,
        {200: JoinOut, 409: RegistrantConflict, 410: RegistrantGone},
        "The webinar link, inside the join window",
        "Records the first join. Refusals: `join-not-open` (409, with `opens_at`), "
        "`no-seat` (409), `join-closed` (410, the session is over).",
    ),
    (
        "cancel/",
        "POST",
        cancel_registration,
        {200: RegistrantOut, 409: RegistrantConflict},
        "Cancel the registration",
        "A freed seat goes to the waiting list. Refusal: `not-cancellable` (409).",
    ),
    (
        "confirm/",
        "POST",
        confirm_address,
        {200: RegistrantOut, 409: RegistrantConflict, 410: RegistrantGone},
        "Confirm the e-mail address (double opt-in)",
        "A `pending` registration counts from now: `confirmed` or `waitlisted`. "
        "Refusals: `confirmation-expired` (410), `session-full` (409), "
        "`registration-closed` (410).",
    ),
]


def register_registrant_operations(router) -> None:
    for suffix, method, view, responses, summary, description in OPERATIONS:
        name = f"series_registrant_{view.__name__}"
        router.add_api_operation(
            "/registrations/{token}/" + suffix,
            [method],
            view,
            response={**responses, 404: ProblemDetail},
            summary=summary,
            description=description
            + f" `token`: {LINK_KEY_HELP} Answers are never cached.",
            operation_id=name,
            url_name=name,
        )
