"""A registrant's journey through the Python client that openapi-python-client
generated from the live schema: nothing here is SoTalk code but the client.

    python python_journey.py BASE_URL register EMAIL   # list, read, register, refusals
    python python_journey.py BASE_URL again EMAIL ID   # register again after cancelling

Prints one JSON object for the test to check; exits non-zero on a surprise.
"""

import json
import sys

from wagtail_api_client import Client, models
from wagtail_api_client.api.series import (
    series_sessions_detail,
    series_sessions_list,
    series_sessions_register,
)
from wagtail_api_client.models import (
    RegistrationCreatedOut,
    RegistrationIn,
    RegistrationOutState,
    SeriesSessionsDetailLocaleType0,
    SeriesSessionsListLocaleType0,
    SeriesSessionsListStatusType0,
    SessionDetailOut,
    SessionListOut,
)

# Refusal schemas: one per status once the schema lists each status's `type` values.
PROBLEMS = tuple(
    getattr(models, name)
    for name in (
        "RegistrationProblem",
        "RegistrationConflict",
        "RegistrationGone",
        "RegistrationInvalid",
        "RateLimited",
    )
    if hasattr(models, name)
)


def registration(email: str, **fields) -> RegistrationIn:
    # organisation and answers are optional: the client must not demand them.
    return RegistrationIn(name="Kari Nordmann", email=email, consent=True, **fields)


def register(client: Client, session_id: int, body: RegistrationIn) -> dict:
    response = series_sessions_register.sync_detailed(
        session_id, client=client, body=body
    )
    parsed = response.parsed
    if isinstance(parsed, RegistrationCreatedOut):
        return {"http": response.status_code, "status": parsed.status.value}
    assert isinstance(parsed, PROBLEMS), parsed
    return {
        "http": response.status_code,
        "type": getattr(parsed.type_, "value", parsed.type_),
        "title": parsed.title,
        "detail": parsed.detail,
        "errors": [e.to_dict() for e in parsed.errors]
        if isinstance(parsed.errors, list)
        else None,
        "content_type": response.headers.get("content-type"),
    }


def journey(client: Client, email: str) -> dict:
    listing = series_sessions_list.sync(
        client=client,
        locale=SeriesSessionsListLocaleType0.NB,
        status=SeriesSessionsListStatusType0.UPCOMING,
    )
    assert isinstance(listing, SessionListOut), listing
    open_sessions = [
        s for s in listing.items if s.registration.state == RegistrationOutState.OPEN
    ]
    session = open_sessions[0]
    detail = series_sessions_detail.sync(
        session.id, client=client, locale=SeriesSessionsDetailLocaleType0.EN
    )
    assert isinstance(detail, SessionDetailOut), detail
    return {
        "count": listing.count,
        "session": session.id,
        "starts_at": session.starts_at.isoformat(),
        "detail": {
            "id": detail.id,
            "locale": detail.locale,
            "title": detail.title,
            "speakers": [speaker.name for speaker in detail.speakers],
            "blocks": len(detail.body),
        },
        "created": register(client, session.id, registration(email)),
        "duplicate": register(client, session.id, registration(email.upper())),
        "invalid": register(
            client,
            session.id,
            RegistrationIn(name="Kari", email="not-an-address", consent=True),
        ),
    }


def main(base_url: str, phase: str, email: str, *rest: str) -> None:
    client = Client(base_url=base_url, raise_on_unexpected_status=True)
    if phase == "register":
        result = journey(client, email)
    else:
        result = {"again": register(client, int(rest[0]), registration(email))}
    print(json.dumps(result))


if __name__ == "__main__":
    main(*sys.argv[1:])
