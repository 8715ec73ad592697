"""Contract tests: clients generated from /api/v3/openapi.json, with default settings,
list, read, register, are refused as duplicates, and register again after cancelling.

A change to the API that breaks a generated client fails here.
"""

import json
import re
import sys

from django.core import mail

from series.models import Registration, RegistrationStatus

from .conftest import CLIENTS, OUR_PATHS, run, show

CANCEL_URL = re.compile(r"https?://\S+/registrations/[^/\s]+/cancel/")


def cancel_url_in_email(address: str) -> str:
    """The cancel link from the registrant's confirmation e-mail."""
    messages = [m for m in mail.outbox if address in m.to]
    assert messages, f"no e-mail to {address}"
    found = CANCEL_URL.search(messages[-1].body)
    assert found, messages[-1].body
    return found.group(0)


def check_journey(result: dict, email: str) -> None:
    assert result["count"] >= 2
    assert result["detail"]["id"] != result["session"]  # the English translation
    assert result["detail"]["locale"] == "en"
    assert result["detail"]["speakers"]
    assert result["detail"]["blocks"] > 0
    assert result["created"] == {"http": 201, "status": "confirmed"}
    duplicate = result["duplicate"]
    assert (duplicate["http"], duplicate["type"]) == (409, "already-registered")
    assert duplicate["content_type"] == "application/problem+json"
    invalid = result["invalid"]
    assert (invalid["http"], invalid["type"]) == (422, "validation-error")
    assert [e["loc"] for e in invalid["errors"]] == [["body", "email"]]
    registration = Registration.objects.get(email__iexact=email)
    assert registration.status == RegistrationStatus.CONFIRMED


def cancel_and_check(email: str, cancel_by_token, run_worker) -> int:
    run_worker()  # the confirmation e-mail goes out from the task worker
    response = cancel_by_token(cancel_url_in_email(email))
    assert response.status_code == 302, response.text[:500]
    registration = Registration.objects.get(email__iexact=email)
    assert registration.status == RegistrationStatus.CANCELLED
    return registration.session_id


def test_python_client_has_no_warning_on_our_endpoints(python_client_warnings):
    ours = [line for line in python_client_warnings if OUR_PATHS in line]
    assert ours == []


def test_python_client_journey(site, python_client, cancel_by_token, run_worker):
    email = "python-client@example.org"

    def journey(*args) -> dict:
        result = run(
            [sys.executable, CLIENTS / "python_journey.py", site.url, *args],
            env={"PYTHONPATH": str(python_client), "PATH": ""},
        )
        assert result.returncode == 0, show(result)
        return json.loads(result.stdout)

    result = journey("register", email)
    check_journey(result, email)
    cancel_and_check(email, cancel_by_token, run_worker)
    again = journey("again", email, str(result["session"]))["again"]
    assert again == {"http": 201, "status": "confirmed"}


def test_typescript_client_compiles_strict(typescript_client):
    compiled, _folder = typescript_client
    assert compiled.returncode == 0, (
        "tsc --strict rejected the journey against the generated types:\n"
        + show(compiled)
    )


def test_typescript_client_journey(
    site, typescript_client, cancel_by_token, run_worker
):
    compiled, folder = typescript_client
    if compiled.returncode != 0:
        # Emitted anyway (noEmitOnError is off); the strict check has its own test.
        assert (folder / "ts_journey.js").exists(), show(compiled)
    email = "typescript-client@example.org"

    def journey(*args) -> dict:
        result = run(["node", "ts_journey.js", site.url, *args], cwd=folder)
        assert result.returncode == 0, show(result)
        return json.loads(result.stdout)

    result = journey("register", email)
    check_journey(result, email)
    cancel_and_check(email, cancel_by_token, run_worker)
    again = journey("again", email, str(result["session"]))["again"]
    assert again == {"http": 201, "status": "confirmed"}
